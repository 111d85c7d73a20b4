"""The shared send budget: the earliest moment the next send may go, per bot and per chat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from berichten.models.base import Base


class SendPace(Base):
    """One pacing lane ("bot", "chat:<id>"): sends reserve slots by moving `next_at` on."""

    __tablename__ = "send_pace"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_at: Mapped[datetime]
