"""Two-way chat between a parent and their child's teachers: who gets it, office hours, routes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.models import Chat, ChatStatus, Group, Parent, ParentGroup, Relay, Staff, StaffGroup


@dataclass(frozen=True, slots=True)
class Recipient:
    """A teacher who receives a parent's message, with their chat."""

    staff: Staff
    chat: Chat


@dataclass(frozen=True, slots=True)
class ParentLabel:
    """How staff see a parent: the name the school gave and the children's groups."""

    name: str
    children: list[tuple[str, str]]


async def teachers_of(session: AsyncSession, parent_id: int) -> list[Recipient]:
    """Staff with an active chat who teach one of the parent's groups."""
    teaching = (
        select(StaffGroup.staff_id)
        .join(ParentGroup, ParentGroup.group_id == StaffGroup.group_id)
        .where(ParentGroup.parent_id == parent_id)
    )
    rows = await session.execute(
        select(Staff, Chat)
        .join(Chat, Chat.staff_id == Staff.id)
        .where(Staff.id.in_(teaching), Chat.status == ChatStatus.ACTIVE)
        .order_by(Staff.id)
    )
    return [Recipient(staff, chat) for staff, chat in rows]


async def parent_label(session: AsyncSession, parent_id: int) -> ParentLabel:
    """The parent's name and (child, group) pairs, as the school registered them."""
    parent = await session.get(Parent, parent_id)
    rows = await session.execute(
        select(ParentGroup.child_name, Group.name)
        .join(Group, Group.id == ParentGroup.group_id)
        .where(ParentGroup.parent_id == parent_id)
        .order_by(Group.name)
    )
    return ParentLabel(parent.name if parent else "?", [(child, group) for child, group in rows])


def _open(staff: Staff, moment: datetime) -> bool:
    days = {int(day) for day in staff.office_days.split(",") if day.strip().isdigit()}
    start, end = time.fromisoformat(staff.office_start), time.fromisoformat(staff.office_end)
    return moment.weekday() in days and start <= moment.time() < end


def next_office_hour(staff: list[Staff], now: datetime, tz: ZoneInfo) -> datetime | None:
    """None when one of the teachers is in office hours now, else when the first one starts."""
    local = now.astimezone(tz)
    if any(_open(member, local) for member in staff):
        return None
    best: datetime | None = None
    for member in staff:
        days = {int(day) for day in member.office_days.split(",") if day.strip().isdigit()}
        start = time.fromisoformat(member.office_start)
        for ahead in range(8):
            day = local.date() + timedelta(days=ahead)
            opening = datetime.combine(day, start, tz)
            if day.weekday() in days and opening > local:
                best = opening if best is None or opening < best else best
                break
    return best


async def remember_route(
    session: AsyncSession, parent_chat: Chat, staff_chat: Chat, staff_message_id: int, now: datetime
) -> None:
    """Keep which staff-chat message came from which parent (not what it said)."""
    session.add(
        Relay(
            parent_chat_id=parent_chat.id,
            staff_chat_id=staff_chat.id,
            staff_message_id=staff_message_id,
            created_at=now,
        )
    )


async def parent_for_reply(
    session: AsyncSession, staff_chat: Chat, replied_message_id: int
) -> Chat | None:
    """The parent chat a staff reply is meant for, if the replied message was a relay."""
    return await session.scalar(
        select(Chat)
        .join(Relay, Relay.parent_chat_id == Chat.id)
        .where(Relay.staff_chat_id == staff_chat.id, Relay.staff_message_id == replied_message_id)
    )
