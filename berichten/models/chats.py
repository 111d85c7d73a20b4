"""A Telegram chat bound to one parent or staff member, with language, consent and status."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from berichten.models.base import Base
from berichten.models.people import Parent, Staff


class ChatStatus(enum.StrEnum):
    """Where a chat stands: joining, active, blocked the bot, or left."""

    PENDING = "pending"
    ACTIVE = "active"
    BLOCKED = "blocked"
    LEFT = "left"


class Chat(Base):
    """The one Telegram chat of a parent or staff member; conversation state lives here."""

    __tablename__ = "chats"
    __table_args__ = (
        CheckConstraint("(parent_id IS NULL) <> (staff_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("parents.id", ondelete="CASCADE"), unique=True
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(12), default="nl")
    status: Mapped[ChatStatus] = mapped_column(
        Enum(
            ChatStatus, native_enum=False, length=12, values_callable=lambda e: [m.value for m in e]
        ),
        default=ChatStatus.PENDING,
    )
    consent_at: Mapped[datetime | None]
    joined_at: Mapped[datetime]
    state: Mapped[str | None] = mapped_column(String(40))
    state_data: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    parent: Mapped[Parent | None] = relationship()
    staff: Mapped[Staff | None] = relationship()
