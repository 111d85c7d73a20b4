"""Which copy in a staff chat belongs to which parent chat, so replies find their way back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from berichten.models.base import Base


class Relay(Base):
    """A parent's message shown in a staff chat; texts are not stored, only the route."""

    __tablename__ = "relays"
    __table_args__ = (UniqueConstraint("staff_chat_id", "staff_message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_chat_id: Mapped[int] = mapped_column(
        ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    staff_chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    staff_message_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
