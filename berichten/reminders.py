"""A teacher's reminders: once or every week, with the occurrence that is due at a moment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.events import WEEKDAYS, local_moment
from berichten.models import Reminder, SeriesStatus
from berichten.templates import TEMPLATES

USEFUL_UNTIL = time(8, 0)  # a reminder about a day is useless once that school day begins


@dataclass(frozen=True, slots=True)
class Due:
    """One occurrence of a reminder that should have gone out by now."""

    key: str
    send_at: datetime
    activity_day: date | None
    fields: dict[str, str]

    def useful(self, now: datetime, tz: ZoneInfo) -> bool:
        """Still worth sending: the activity's school day has not begun."""
        if self.activity_day is None:
            return now - self.send_at < timedelta(hours=12)
        return now < local_moment(self.activity_day, USEFUL_UNTIL, tz)


async def create_reminder(
    session: AsyncSession,
    *,
    school_id: int,
    staff_id: int,
    sender_chat_id: int | None,
    template_key: str,
    fields: Mapping[str, str],
    group_ids: Sequence[int],
    now: datetime,
    weekday: str | None = None,
    send_time: str = "18:00",
    days_ahead: int = 1,
    once_at: datetime | None = None,
) -> Reminder:
    """Store a reminder: weekly (weekday and send_time) or once (once_at)."""
    if template_key not in TEMPLATES:
        raise ValueError(f"unknown template {template_key!r}")
    if (weekday is None) == (once_at is None):
        raise ValueError("a reminder is either weekly (weekday) or once (once_at)")
    if weekday is not None and weekday not in WEEKDAYS:
        raise ValueError("weekday must be mon..sun")
    time.fromisoformat(send_time)
    if not group_ids:
        raise ValueError("a reminder needs at least one group")
    reminder = Reminder(
        school_id=school_id,
        staff_id=staff_id,
        sender_chat_id=sender_chat_id,
        template_key=template_key,
        fields=dict(fields),
        group_ids=list(group_ids),
        weekday=weekday,
        send_time=send_time,
        days_ahead=days_ahead,
        once_at=once_at,
        status=SeriesStatus.ACTIVE,
        created_at=now,
    )
    session.add(reminder)
    await session.flush()
    return reminder


def latest_due(reminder: Reminder, now: datetime, tz: ZoneInfo) -> Due | None:
    """The most recent occurrence at or before `now` (and after the reminder was made)."""
    if reminder.once_at is not None:
        if reminder.once_at > now:
            return None
        day = reminder.fields.get("date")
        activity = date.fromisoformat(day) if day else None
        return Due(
            f"reminder:{reminder.id}:once", reminder.once_at, activity, dict(reminder.fields)
        )
    assert reminder.weekday is not None
    today = now.astimezone(tz).date()
    for back in range(8):
        day = today - timedelta(days=back)
        if WEEKDAYS[day.weekday()] != reminder.weekday:
            continue
        send_at = local_moment(day, reminder.send_time, tz)
        if send_at > now:
            continue
        if send_at < reminder.created_at:
            return None
        activity = day + timedelta(days=reminder.days_ahead)
        fields = {**reminder.fields, "date": activity.isoformat()}
        return Due(f"reminder:{reminder.id}:{day.isoformat()}", send_at, activity, fields)
    return None


def next_send(reminder: Reminder, now: datetime, tz: ZoneInfo) -> datetime | None:
    """When the reminder goes out next (for lists and the scheduler), or None."""
    if reminder.status is not SeriesStatus.ACTIVE:
        return None
    if reminder.once_at is not None:
        return reminder.once_at if reminder.once_at > now else None
    today = now.astimezone(tz).date()
    for ahead in range(8):
        day = today + timedelta(days=ahead)
        if WEEKDAYS[day.weekday()] == reminder.weekday:
            moment = local_moment(day, reminder.send_time, tz)
            if moment > now:
                return moment
    return None


async def reminders_of(session: AsyncSession, staff_id: int) -> list[Reminder]:
    """A teacher's reminders that are not deleted, oldest first."""
    return list(
        await session.scalars(
            select(Reminder)
            .where(Reminder.staff_id == staff_id, Reminder.status != SeriesStatus.STOPPED)
            .order_by(Reminder.id)
        )
    )
