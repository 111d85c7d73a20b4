"""The planner: sends every scheduled invitation, reminder and feedback prompt exactly once.

Schedule definitions live in our own tables (series, events, reminders). `run_due` looks at
what should have happened by `now` and handles each moment once: an `Occurrence` row with a
unique key is written in the same transaction as the outgoing message, so running it again,
from a restart or from a second trigger, neither loses nor doubles a send. A moment missed
while the service was down is still sent when useful (an invitation before the event), and
dropped when not (a reminder after the event).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from berichten import outbox
from berichten.audience_staff import sendable_groups
from berichten.db import Database
from berichten.events import Timing, materialise
from berichten.feedback import invite_for_feedback
from berichten.holidays import Holiday
from berichten.models import (
    Chat,
    Delivery,
    DeliveryState,
    Event,
    EventKind,
    EventSeries,
    Occurrence,
    Reminder,
    Rsvp,
    RsvpAnswer,
    SeriesStatus,
    Staff,
)
from berichten.reminders import latest_due, next_send

STAGES = ("invite", "reminder", "feedback")


@dataclass(frozen=True, slots=True)
class PlannerConfig:
    """The school's time zone, holidays and the timing of messages around a gathering."""

    tz: ZoneInfo
    holidays: tuple[Holiday, ...] = ()
    timing: Timing = field(default_factory=Timing)
    feedback_useful_for: timedelta = timedelta(days=3)
    lookback: timedelta = timedelta(days=14)


@dataclass(slots=True)
class PlanRun:
    """What one run did: the keys it sent and the keys it dropped as no longer useful."""

    sent: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def event_key(event_id: int, stage: str) -> str:
    """The idempotency key of one stage of one event."""
    return f"event:{event_id}:{stage}"


async def run_due(db: Database, now: datetime, config: PlannerConfig) -> PlanRun:
    """Handle every moment that is due by `now` and not handled yet."""
    run = PlanRun()
    async with db.transaction() as session:
        for series in await session.scalars(
            select(EventSeries).where(EventSeries.status == SeriesStatus.ACTIVE)
        ):
            await materialise(session, series, now, config.tz, config.holidays, config.timing)
    async with db.transaction() as session:
        events = list(
            await session.scalars(
                select(Event.id)
                .where(
                    Event.cancelled.is_(False),
                    Event.ends_at > now - config.lookback,
                    or_(
                        Event.invite_at <= now,
                        Event.reminder_at <= now,
                        Event.feedback_at <= now,
                    ),
                )
                .order_by(Event.id)
            )
        )
        reminders = list(
            await session.scalars(
                select(Reminder.id)
                .where(Reminder.status == SeriesStatus.ACTIVE)
                .order_by(Reminder.id)
            )
        )
    for event_id in events:
        for stage in STAGES:
            await _once(
                db, event_key(event_id, stage), now, run, _EventStage(event_id, stage, config)
            )
    for reminder_id in reminders:
        await _reminder(db, reminder_id, now, config, run)
    return run


class _Skip(Exception):
    """Not due yet or paused: nothing is recorded, a later run looks again."""


async def _once(db: Database, key: str, now: datetime, run: PlanRun, action: _Action) -> None:
    """Run `action` unless `key` was handled; record the outcome under the key, atomically."""
    try:
        async with db.transaction() as session:
            if await session.scalar(select(Occurrence.id).where(Occurrence.key == key)):
                return
            message_id = await action(session, now)
            outcome = "dropped" if message_id is None else "sent"
            session.add(Occurrence(key=key, outcome=outcome, message_id=message_id, handled_at=now))
            await session.flush()
    except _Skip:
        return
    except IntegrityError:
        return  # handled at the same moment elsewhere; its transaction won
    (run.dropped if message_id is None else run.sent).append(key)


class _Action:
    """Something to do once for a key: returns the message id, or None to drop the moment."""

    async def __call__(self, session: AsyncSession, now: datetime) -> int | None:
        raise NotImplementedError


@dataclass(slots=True)
class _EventStage(_Action):
    """Send the invitation, the reminder or the feedback prompt of one event."""

    event_id: int
    stage: str
    config: PlannerConfig

    async def __call__(self, session: AsyncSession, now: datetime) -> int | None:
        event = await session.get(Event, self.event_id)
        if event is None or event.cancelled:
            return None
        due = {
            "invite": event.invite_at,
            "reminder": event.reminder_at,
            "feedback": event.feedback_at,
        }[self.stage]
        if due > now:
            raise _Skip
        if event.series_id is not None:
            series = await session.get(EventSeries, event.series_id)
            if series is not None and series.status is SeriesStatus.PAUSED:
                raise _Skip
            if series is None or series.status is SeriesStatus.STOPPED:
                return None
        if self.stage == "invite":
            if now >= event.starts_at:
                return None
            audience = await outbox.recipients(session, event.school_id, event.group_ids)
            template = "koffie_uitnodiging" if event.kind is EventKind.KOFFIE else "uitnodiging"
        elif self.stage == "reminder":
            if now >= event.starts_at:
                return None
            audience = await _invited(session, event.id, exclude_declined=True)
            template = "activiteit_herinnering"
        else:
            if now >= event.ends_at + self.config.feedback_useful_for:
                return None
            audience = await _invited(session, event.id, exclude_declined=False)
            template = "feedback_vraag"
            await invite_for_feedback(
                session, event.id, [chat.parent_id for chat in audience if chat.parent_id]
            )
        if not audience:
            return None
        message = await outbox.enqueue(
            session,
            school_id=event.school_id,
            template_key=template,
            fields=event_fields(event, self.config.tz),
            group_ids=None,
            audience=audience,
            now=now,
            event_id=event.id,
        )
        return message.id


def event_fields(event: Event, tz: ZoneInfo) -> dict[str, str]:
    """The template fields of a gathering, in school time."""
    start, end = event.starts_at.astimezone(tz), event.ends_at.astimezone(tz)
    fields = {
        "kind": event.kind.value,
        "date": start.date().isoformat(),
        "time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "place": event.place,
    }
    if event.title:
        fields["what"] = event.title
    return fields


async def _invited(session: AsyncSession, event_id: int, *, exclude_declined: bool) -> list[Chat]:
    """Active chats that received the invitation (optionally without those who said no)."""
    invite = await session.scalar(
        select(Occurrence.message_id).where(Occurrence.key == event_key(event_id, "invite"))
    )
    if invite is None:
        return []
    query = (
        select(Chat)
        .join(Delivery, Delivery.chat_id == Chat.id)
        .where(
            Delivery.message_id == invite,
            Delivery.state == DeliveryState.SENT,
            Chat.status == "active",
        )
        .order_by(Chat.id)
    )
    chats = list(await session.scalars(query))
    if exclude_declined:
        declined = set(
            await session.scalars(
                select(Rsvp.parent_id).where(
                    Rsvp.event_id == event_id, Rsvp.answer == RsvpAnswer.NO
                )
            )
        )
        chats = [chat for chat in chats if chat.parent_id not in declined]
    return chats


async def _reminder(
    db: Database, reminder_id: int, now: datetime, config: PlannerConfig, run: PlanRun
) -> None:
    async with db.transaction() as session:
        reminder = await session.get(Reminder, reminder_id)
        due = latest_due(reminder, now, config.tz) if reminder is not None else None
    if reminder is None or due is None:
        return

    class _Send(_Action):
        async def __call__(self, session: AsyncSession, now: datetime) -> int | None:
            current = await session.get(Reminder, reminder_id)
            if current is None or current.status is not SeriesStatus.ACTIVE:
                raise _Skip
            if current.once_at is not None:
                current.status = SeriesStatus.STOPPED  # a one-off reminder is done now
            if due is None or not due.useful(now, config.tz):
                return None
            staff = await session.get(Staff, current.staff_id)
            if staff is None:
                return None
            own = {g.id for g in await sendable_groups(session, staff, now, config.tz)}
            groups = [g for g in current.group_ids if g in own]
            if not groups:
                return None
            message = await outbox.enqueue(
                session,
                school_id=current.school_id,
                template_key=current.template_key,
                fields=due.fields,
                group_ids=groups,
                now=now,
                sender_staff_id=staff.id,
            )
            return message.id

    await _once(db, due.key, now, run, _Send())


async def upcoming(
    session: AsyncSession, now: datetime, tz: ZoneInfo, until: datetime
) -> list[datetime]:
    """Moments between now and `until` at which something is planned (for the scheduler)."""
    found: set[datetime] = set()
    events = await session.scalars(
        select(Event).where(Event.cancelled.is_(False), Event.feedback_at > now)
    )
    for event in events:
        found.update(
            m for m in (event.invite_at, event.reminder_at, event.feedback_at) if now < m <= until
        )
    for reminder in await session.scalars(
        select(Reminder).where(
            Reminder.status == SeriesStatus.ACTIVE, Reminder.once_at.is_not(None)
        )
    ):
        moment = next_send(reminder, now, tz)
        if moment is not None and moment <= until:
            found.add(moment)
    return sorted(found)


async def forget_unsent_events(session: AsyncSession, series_id: int, now: datetime) -> int:
    """Delete the series' future events whose invitation has not gone out (before a change)."""
    events = list(
        await session.scalars(
            select(Event.id).where(Event.series_id == series_id, Event.starts_at > now)
        )
    )
    invited = set(
        await session.scalars(
            select(Occurrence.key).where(
                Occurrence.key.in_([event_key(e, "invite") for e in events])
            )
        )
    )
    doomed = [e for e in events if event_key(e, "invite") not in invited]
    if doomed:
        await session.execute(delete(Event).where(Event.id.in_(doomed)))
    return len(doomed)
