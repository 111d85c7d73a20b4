"""Invitations: series such as Koffie aan de schoolpoort, their events, RSVPs and feedback."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from berichten.models.base import Base


def _enum(kind: type[enum.Enum], length: int) -> Enum:
    return Enum(
        kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class EventKind(enum.StrEnum):
    """What sort of gathering parents are invited to."""

    KOFFIE = "koffie"
    OUDERAVOND = "ouderavond"
    INLOOPOCHTEND = "inloopochtend"
    VIERING = "viering"


class SeriesStatus(enum.StrEnum):
    """Whether a series (or a reminder) still produces occurrences."""

    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"


class RsvpAnswer(enum.StrEnum):
    """A parent's one-tap answer to an invitation; never required."""

    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


class EventSeries(Base):
    """A recurring gathering: the nth weekday of every month, at a time and place."""

    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, 20))
    weekday: Mapped[str] = mapped_column(String(3))  # "mon".."sun", never a number
    nth: Mapped[int] = mapped_column(default=1)
    start_time: Mapped[str] = mapped_column(String(5))
    end_time: Mapped[str] = mapped_column(String(5))
    place: Mapped[str] = mapped_column(String(120))
    status: Mapped[SeriesStatus] = mapped_column(
        _enum(SeriesStatus, 10), default=SeriesStatus.ACTIVE
    )
    organiser_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]


class Event(Base):
    """One gathering parents are invited to, with the moments of its invitation and follow-up."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("series_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_series.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, 20))
    title: Mapped[str] = mapped_column(String(120), default="")
    place: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    group_ids: Mapped[list[int] | None] = mapped_column(JSON)  # None: the whole school
    invite_at: Mapped[datetime]
    reminder_at: Mapped[datetime]
    feedback_at: Mapped[datetime]
    cancelled: Mapped[bool] = mapped_column(default=False)
    organiser_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]


class Rsvp(Base):
    """A parent's latest answer to an invitation."""

    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("event_id", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id", ondelete="CASCADE"))
    answer: Mapped[RsvpAnswer] = mapped_column(_enum(RsvpAnswer, 5))
    answered_at: Mapped[datetime]


class FeedbackInvite(Base):
    """That a parent was asked for feedback and whether they answered; never what they said."""

    __tablename__ = "feedback_invites"
    __table_args__ = (UniqueConstraint("event_id", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id", ondelete="CASCADE"))
    answered: Mapped[bool] = mapped_column(default=False)


class FeedbackAnswer(Base):
    """An anonymous answer: a score on the faces scale and optional words; no link to a parent."""

    __tablename__ = "feedback_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    language: Mapped[str] = mapped_column(String(12))
    open_text: Mapped[str | None] = mapped_column(Text)
    open_text_nl: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class Occurrence(Base):
    """One scheduled moment that has been handled: the key makes every scheduled send idempotent."""

    __tablename__ = "occurrences"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    outcome: Mapped[str] = mapped_column(String(10))  # "sent" or "dropped"
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime]


class Reminder(Base):
    """A teacher's reminder: a template with fields, once or every week, to their groups."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    sender_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    template_key: Mapped[str] = mapped_column(String(40))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    group_ids: Mapped[list[int]] = mapped_column(JSON)
    weekday: Mapped[str | None] = mapped_column(String(3))  # weekly: day the reminder goes out
    send_time: Mapped[str] = mapped_column(String(5))  # "18:00", school time
    days_ahead: Mapped[int] = mapped_column(default=1)  # weekly: the activity is this many days on
    once_at: Mapped[datetime | None]  # once: the moment it goes out
    status: Mapped[SeriesStatus] = mapped_column(
        _enum(SeriesStatus, 10), default=SeriesStatus.ACTIVE
    )
    created_at: Mapped[datetime]
