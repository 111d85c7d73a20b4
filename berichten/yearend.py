"""Closing a school year: close its groups, remove parents who leave, delete old messages.

`plan_year_end` only reads: it returns a `YearEndPlan` with the ids and counts of what would
change. `apply_year_end` carries a plan out in the caller's transaction. Make the plan in the
same transaction as `apply_year_end`, so what is counted is exactly what is deleted.

Parents who leave are removed without a message to them (their data simply goes, as with
/stop). A parent stays when at least one of their children is in a group that is still open
after the year's groups are closed, for example a group of the next school year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, func, not_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from berichten.models import (
    Chat,
    Delivery,
    DeliveryState,
    Event,
    FeedbackAnswer,
    FeedbackInvite,
    Group,
    Message,
    Occurrence,
    Parent,
    ParentGroup,
    Rendering,
    Rsvp,
)
from berichten.planner import STAGES, event_key
from berichten.privacy import forget_parent
from berichten.schoolyear import school_year_of

DEFAULT_RETENTION_DAYS = 365
_YEAR = re.compile(r"(\d{4})-(\d{4})")
_CHUNK = 500


class YearEndError(ValueError):
    """The year-end cannot be planned as asked; the message says why."""


@dataclass(slots=True)
class YearEndPlan:
    """What closing the year would change: ids to act on and counts of what goes with them."""

    school_id: int
    school_year: str
    cutoff: datetime
    group_ids: list[int] = field(default_factory=list)
    group_names: list[str] = field(default_factory=list)
    parent_ids: list[int] = field(default_factory=list)
    chat_ids: list[int] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    deliveries: int = 0
    renderings: int = 0
    rsvps: int = 0
    feedback_invites: int = 0
    feedback_answers: int = 0

    def counts(self) -> dict[str, int]:
        """Every count, labelled, in the order a summary shows them."""
        return {
            "groups closed": len(self.group_ids),
            "parents removed": len(self.parent_ids),
            "chats removed": len(self.chat_ids),
            "messages deleted": len(self.message_ids),
            "deliveries deleted": self.deliveries,
            "renderings deleted": self.renderings,
            "events deleted": len(self.event_ids),
            "RSVPs deleted": self.rsvps,
            "feedback invitations deleted": self.feedback_invites,
            "feedback answers deleted": self.feedback_answers,
        }

    @property
    def empty(self) -> bool:
        """True when there is nothing to do."""
        return not any(self.counts().values())


def default_school_year(now: datetime, tz: ZoneInfo) -> str:
    """The year to close: in August and September the one that just ended, else the current."""
    local = now.astimezone(tz)
    if local.month in (8, 9):
        return f"{local.year - 1}-{local.year}"
    return school_year_of(now, tz)


def check_school_year(value: str) -> str:
    """A school year written as "2025-2026", with consecutive years."""
    found = _YEAR.fullmatch(value.strip())
    if found is None or int(found.group(2)) != int(found.group(1)) + 1:
        raise YearEndError(f"{value!r} is not a school year like 2025-2026")
    return found.group(0)


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


async def _count(session: AsyncSession, model: type, where: ColumnElement[bool]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(where)) or 0)


async def plan_year_end(
    session: AsyncSession,
    *,
    school_id: int,
    school_year: str,
    now: datetime,
    retention_days: int = DEFAULT_RETENTION_DAYS,
) -> YearEndPlan:
    """Work out what closing `school_year` at the school would change; changes nothing."""
    school_year = check_school_year(school_year)
    if retention_days < 1:
        raise YearEndError("the retention must be at least 1 day")
    plan = YearEndPlan(school_id, school_year, now - timedelta(days=retention_days))

    closing = list(
        await session.execute(
            select(Group.id, Group.name)
            .where(
                Group.school_id == school_id,
                Group.school_year == school_year,
                Group.closed_at.is_(None),
            )
            .order_by(Group.name)
        )
    )
    plan.group_ids = [row.id for row in closing]
    plan.group_names = [row.name for row in closing]

    year_groups = select(Group.id).where(
        Group.school_id == school_id, Group.school_year == school_year
    )
    still_open = select(Group.id).where(
        Group.school_id == school_id,
        Group.closed_at.is_(None),
        Group.school_year != school_year,
    )
    in_year = select(ParentGroup.parent_id).where(ParentGroup.group_id.in_(year_groups))
    in_open = select(ParentGroup.parent_id).where(ParentGroup.group_id.in_(still_open))
    leaving = select(Parent.id).where(
        Parent.school_id == school_id, Parent.id.in_(in_year), not_(Parent.id.in_(in_open))
    )
    plan.parent_ids = list(await session.scalars(leaving.order_by(Parent.id)))
    leaving_chats = select(Chat.id).where(Chat.parent_id.in_(leaving))
    plan.chat_ids = list(await session.scalars(leaving_chats.order_by(Chat.id)))

    old_messages = select(Message.id).where(
        Message.school_id == school_id,
        Message.created_at < plan.cutoff,
        Message.send_after < plan.cutoff,
    )
    plan.message_ids = list(await session.scalars(old_messages.order_by(Message.id)))
    old_events = select(Event.id).where(Event.school_id == school_id, Event.ends_at < plan.cutoff)
    plan.event_ids = list(await session.scalars(old_events.order_by(Event.id)))

    plan.deliveries = await _count(
        session,
        Delivery,
        or_(
            Delivery.message_id.in_(old_messages),
            and_(Delivery.chat_id.in_(leaving_chats), Delivery.state == DeliveryState.PENDING),
        ),
    )
    plan.renderings = await _count(session, Rendering, Rendering.message_id.in_(old_messages))
    plan.rsvps = await _count(
        session, Rsvp, or_(Rsvp.event_id.in_(old_events), Rsvp.parent_id.in_(leaving))
    )
    plan.feedback_invites = await _count(
        session,
        FeedbackInvite,
        or_(FeedbackInvite.event_id.in_(old_events), FeedbackInvite.parent_id.in_(leaving)),
    )
    plan.feedback_answers = await _count(
        session, FeedbackAnswer, FeedbackAnswer.event_id.in_(old_events)
    )
    return plan


async def apply_year_end(session: AsyncSession, plan: YearEndPlan, now: datetime) -> None:
    """Carry the plan out: close the groups, remove the parents, delete the old records."""
    for ids in _chunks(plan.group_ids):
        await session.execute(update(Group).where(Group.id.in_(ids)).values(closed_at=now))
    for parent_id in plan.parent_ids:
        await forget_parent(session, parent_id)
    for ids in _chunks(plan.message_ids):
        await session.execute(delete(Delivery).where(Delivery.message_id.in_(ids)))
        await session.execute(delete(Rendering).where(Rendering.message_id.in_(ids)))
        await session.execute(delete(Message).where(Message.id.in_(ids)))
    for ids in _chunks(plan.event_ids):
        await session.execute(delete(Rsvp).where(Rsvp.event_id.in_(ids)))
        await session.execute(delete(FeedbackInvite).where(FeedbackInvite.event_id.in_(ids)))
        await session.execute(delete(FeedbackAnswer).where(FeedbackAnswer.event_id.in_(ids)))
        # Event ids can be used again on SQLite, so their handled moments must go as well.
        keys = [event_key(event_id, stage) for event_id in ids for stage in STAGES]
        await session.execute(delete(Occurrence).where(Occurrence.key.in_(keys)))
        await session.execute(delete(Event).where(Event.id.in_(ids)))
