"""Outgoing messages, their renderings per language, and one delivery per recipient chat."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from berichten.models.base import Base


def _enum(kind: type[enum.Enum], length: int) -> Enum:
    return Enum(
        kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class DeliveryState(enum.StrEnum):
    """Where one delivery stands."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"


class Message(Base):
    """One message from the school: a template key and its fields (free text: template "vrij")."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    sender_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), index=True
    )
    sender_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    template_key: Mapped[str] = mapped_column(String(40))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    urgent: Mapped[bool] = mapped_column(default=False)
    needs_confirmation: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    send_after: Mapped[datetime]
    prepared_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    report_message_id: Mapped[int | None] = mapped_column(BigInteger)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )

    renderings: Mapped[list[Rendering]] = relationship(
        back_populates="message", cascade="all, delete-orphan", passive_deletes=True
    )


class Rendering(Base):
    """The text of a message in one language, made once per broadcast and language."""

    __tablename__ = "renderings"
    __table_args__ = (UniqueConstraint("message_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    machine_translated: Mapped[bool] = mapped_column(default=False)
    translation_failed: Mapped[bool] = mapped_column(default=False)

    message: Mapped[Message] = relationship(back_populates="renderings")


class Delivery(Base):
    """One message to one chat: stored before it is sent, sent at most once in normal operation."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("message_id", "chat_id"),
        Index("ix_deliveries_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id", ondelete="SET NULL"))
    telegram_chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(12))
    state: Mapped[DeliveryState] = mapped_column(
        _enum(DeliveryState, 10), default=DeliveryState.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(String(60))  # which process is sending
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(300))
    confirmed_at: Mapped[datetime | None]


class TranslationCache(Base):
    """A machine translation, kept per provider, language pair and source text."""

    __tablename__ = "translation_cache"
    __table_args__ = (
        UniqueConstraint("provider", "source_language", "target_language", "text_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    source_language: Mapped[str] = mapped_column(String(12))
    target_language: Mapped[str] = mapped_column(String(12))
    text_hash: Mapped[str] = mapped_column(String(64))
    translated_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
