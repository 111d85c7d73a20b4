"""Gatherings parents are invited to: Koffie aan de schoolpoort series, single events, RSVP."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.holidays import Holiday, in_holiday
from berichten.models import Event, EventKind, EventSeries, Rsvp, RsvpAnswer, SeriesStatus

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # by name, never by number


@dataclass(frozen=True, slots=True)
class Timing:
    """When the messages around a gathering go out, relative to its start and end."""

    invite_days_before: int = 5
    invite_time: time = time(15, 0)
    reminder_time: time = time(7, 30)
    feedback_delay: timedelta = timedelta(minutes=60)


KOFFIE_DEFAULTS = {
    "weekday": "mon",
    "nth": 1,
    "start_time": "08:30",
    "end_time": "09:15",
    "place": "het schoolplein, bij de poort",
}


def nth_weekday(year: int, month: int, weekday: str, nth: int) -> date | None:
    """The nth (1-4) given weekday of a month, or None when the month has no such day."""
    first = date(year, month, 1)
    offset = (WEEKDAYS.index(weekday) - first.weekday()) % 7
    day = first + timedelta(days=offset + 7 * (nth - 1))
    return day if day.month == month else None


def series_dates(
    series: EventSeries, start: date, end: date, holidays: tuple[Holiday, ...]
) -> list[date]:
    """The series' dates from `start` to `end` (inclusive), holidays skipped."""
    dates = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        day = nth_weekday(year, month, series.weekday, series.nth)
        if day is not None and start <= day <= end and not in_holiday(day, holidays):
            dates.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def local_moment(day: date, at: str | time, tz: ZoneInfo) -> datetime:
    """A wall-clock time on a day in the school's zone (DST-safe), as an aware datetime."""
    clock = time.fromisoformat(at) if isinstance(at, str) else at
    return datetime.combine(day, clock, tzinfo=tz)


def moments(
    starts_at: datetime, ends_at: datetime, tz: ZoneInfo, timing: Timing
) -> tuple[datetime, datetime, datetime]:
    """Invitation, morning reminder and feedback moments of a gathering."""
    day = starts_at.astimezone(tz).date()
    invite = local_moment(day - timedelta(days=timing.invite_days_before), timing.invite_time, tz)
    reminder = local_moment(day, timing.reminder_time, tz)
    if reminder >= starts_at:
        reminder = starts_at - timedelta(hours=1)
    return invite, reminder, ends_at + timing.feedback_delay


async def create_series(
    session: AsyncSession,
    *,
    school_id: int,
    organiser_staff_id: int | None,
    now: datetime,
    kind: EventKind = EventKind.KOFFIE,
    weekday: str = "mon",
    nth: int = 1,
    start_time: str = "08:30",
    end_time: str = "09:15",
    place: str = "het schoolplein, bij de poort",
) -> EventSeries:
    """Store a new, active series."""
    if weekday not in WEEKDAYS or not 1 <= nth <= 4:
        raise ValueError("weekday must be mon..sun and nth 1..4")
    if time.fromisoformat(end_time) <= time.fromisoformat(start_time):
        raise ValueError("the end time must be after the start time")
    series = EventSeries(
        school_id=school_id,
        kind=kind,
        weekday=weekday,
        nth=nth,
        start_time=start_time,
        end_time=end_time,
        place=place,
        status=SeriesStatus.ACTIVE,
        organiser_staff_id=organiser_staff_id,
        created_at=now,
    )
    session.add(series)
    await session.flush()
    return series


async def materialise(
    session: AsyncSession,
    series: EventSeries,
    now: datetime,
    tz: ZoneInfo,
    holidays: tuple[Holiday, ...],
    timing: Timing,
    horizon: timedelta = timedelta(days=45),
) -> list[Event]:
    """Create the series' events from today up to the horizon that do not exist yet."""
    if series.status is not SeriesStatus.ACTIVE:
        return []
    today = now.astimezone(tz).date()
    existing = set(
        await session.scalars(select(Event.starts_at).where(Event.series_id == series.id))
    )
    created = []
    for day in series_dates(series, today, (now + horizon).astimezone(tz).date(), holidays):
        starts_at = local_moment(day, series.start_time, tz)
        if starts_at <= now or starts_at in existing:
            continue
        ends_at = local_moment(day, series.end_time, tz)
        invite_at, reminder_at, feedback_at = moments(starts_at, ends_at, tz, timing)
        event = Event(
            school_id=series.school_id,
            series_id=series.id,
            kind=series.kind,
            place=series.place,
            starts_at=starts_at,
            ends_at=ends_at,
            group_ids=None,
            invite_at=max(invite_at, now),
            reminder_at=reminder_at,
            feedback_at=feedback_at,
            organiser_staff_id=series.organiser_staff_id,
            created_at=now,
        )
        session.add(event)
        created.append(event)
    await session.flush()
    return created


async def create_event(
    session: AsyncSession,
    *,
    school_id: int,
    organiser_staff_id: int | None,
    kind: EventKind,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    group_ids: Sequence[int] | None,
    now: datetime,
    tz: ZoneInfo,
    timing: Timing,
    title: str = "",
) -> Event:
    """Store a single gathering (parent evening, open morning, celebration) and its moments."""
    if ends_at <= starts_at or starts_at <= now:
        raise ValueError("an event must start in the future and end after it starts")
    invite_at, reminder_at, feedback_at = moments(starts_at, ends_at, tz, timing)
    event = Event(
        school_id=school_id,
        series_id=None,
        kind=kind,
        title=title,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        group_ids=list(group_ids) if group_ids is not None else None,
        invite_at=max(invite_at, now),
        reminder_at=reminder_at,
        feedback_at=feedback_at,
        organiser_staff_id=organiser_staff_id,
        created_at=now,
    )
    session.add(event)
    await session.flush()
    return event


async def answer_rsvp(
    session: AsyncSession, event: Event, parent_id: int, answer: RsvpAnswer, now: datetime
) -> None:
    """Store or change a parent's answer."""
    current = await session.scalar(
        select(Rsvp).where(Rsvp.event_id == event.id, Rsvp.parent_id == parent_id)
    )
    if current is None:
        session.add(Rsvp(event_id=event.id, parent_id=parent_id, answer=answer, answered_at=now))
    else:
        current.answer, current.answered_at = answer, now


async def rsvp_counts(session: AsyncSession, event_id: int) -> dict[RsvpAnswer, int]:
    """How many parents answered coming, maybe and not coming."""
    rows = await session.execute(
        select(Rsvp.answer, func.count()).where(Rsvp.event_id == event_id).group_by(Rsvp.answer)
    )
    counts = dict.fromkeys(RsvpAnswer, 0)
    for answer, count in rows:
        counts[RsvpAnswer(answer)] = count
    return counts


async def next_event(session: AsyncSession, series_id: int, now: datetime) -> Event | None:
    """The series' next gathering that has not started yet."""
    return await session.scalar(
        select(Event)
        .where(Event.series_id == series_id, Event.starts_at > now, Event.cancelled.is_(False))
        .order_by(Event.starts_at)
        .limit(1)
    )
