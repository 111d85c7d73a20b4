"""A chat's own data: what is stored about the person, and deleting it on /stop."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from berichten.models import (
    AuditEntry,
    Chat,
    Delivery,
    DeliveryState,
    Event,
    FeedbackInvite,
    Group,
    InviteCode,
    Parent,
    ParentGroup,
    Relay,
    Rsvp,
    School,
    Staff,
    StaffGroup,
)

EXPORT_FILENAME = "mijngegevens.json"


@dataclass(slots=True)
class StoredData:
    """Everything Schoolpoort keeps about one chat's person, ready to show them."""

    role: str
    name: str
    school: str
    language: str
    consent_at: datetime | None
    joined_at: datetime
    groups: list[tuple[str, str]] = field(default_factory=list)


async def stored_data(session: AsyncSession, chat: Chat) -> StoredData:
    """Collect what is stored about the chat's parent or staff member."""
    if chat.parent_id is not None:
        parent = await session.scalar(
            select(Parent)
            .where(Parent.id == chat.parent_id)
            .options(selectinload(Parent.links).selectinload(ParentGroup.group))
        )
        assert parent is not None
        school = await session.get(School, parent.school_id)
        groups = sorted((link.group.name, link.child_name) for link in parent.links)
        role, name, school_name = "ouder", parent.name, school.name if school else ""
    else:
        staff = await session.scalar(
            select(Staff)
            .where(Staff.id == chat.staff_id)
            .options(selectinload(Staff.group_links).selectinload(StaffGroup.group))
        )
        assert staff is not None
        school = await session.get(School, staff.school_id)
        groups = sorted((link.group.name, "") for link in staff.group_links)
        role, name, school_name = staff.role.value, staff.name, school.name if school else ""
    return StoredData(
        role=role,
        name=name,
        school=school_name,
        language=chat.language,
        consent_at=chat.consent_at,
        joined_at=chat.joined_at,
        groups=groups,
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


async def export_data(session: AsyncSession, chat: Chat, now: datetime) -> dict[str, Any]:
    """Everything stored about the chat's own person, as plain JSON-ready data.

    Only this person's rows are read: their groups and children, their chat, their own RSVPs,
    whether they answered a feedback question (the answers are anonymous and not linked), and
    how many school messages were delivered to their chat. Nobody else's data is included.
    """
    data = await stored_data(session, chat)
    exported: dict[str, Any] = {
        "exported_at": now.isoformat(),
        "role": data.role,
        "name": data.name,
        "school": data.school,
        "language": chat.language,
        "consent_at": _iso(chat.consent_at),
        "joined_at": _iso(chat.joined_at),
        "chat_status": chat.status.value,
    }
    if chat.parent_id is not None:
        parent = await session.get(Parent, chat.parent_id)
        exported["language_given_by_school"] = parent.preferred_language if parent else None
        links = await session.execute(
            select(Group.name, Group.school_year, ParentGroup.child_name)
            .join(Group, Group.id == ParentGroup.group_id)
            .where(ParentGroup.parent_id == chat.parent_id)
            .order_by(Group.school_year, Group.name, ParentGroup.child_name)
        )
        exported["groups"] = [
            {"group": name, "school_year": year, "child_first_name": child or None}
            for name, year, child in links
        ]
        rsvps = await session.execute(
            select(Event.kind, Event.title, Event.starts_at, Rsvp.answer, Rsvp.answered_at)
            .join(Event, Event.id == Rsvp.event_id)
            .where(Rsvp.parent_id == chat.parent_id)
            .order_by(Event.starts_at)
        )
        exported["rsvps"] = [
            {
                "activity": kind.value,
                "title": title or None,
                "starts_at": _iso(starts_at),
                "answer": answer.value,
                "answered_at": _iso(answered_at),
            }
            for kind, title, starts_at, answer, answered_at in rsvps
        ]
        asked = await session.execute(
            select(Event.kind, Event.title, Event.starts_at, FeedbackInvite.answered)
            .join(Event, Event.id == FeedbackInvite.event_id)
            .where(FeedbackInvite.parent_id == chat.parent_id)
            .order_by(Event.starts_at)
        )
        exported["feedback"] = [
            {
                "activity": kind.value,
                "title": title or None,
                "starts_at": _iso(starts_at),
                "answered": bool(answered),
            }
            for kind, title, starts_at, answered in asked
        ]
        exported["messages_to_teacher"] = await session.scalar(
            select(func.count()).select_from(Relay).where(Relay.parent_chat_id == chat.id)
        )
    else:
        staff = await session.get(Staff, chat.staff_id)
        exported["groups"] = [{"group": name} for name, _child in data.groups]
        if staff is not None:
            exported["office_hours"] = {
                "days": staff.office_days,
                "start": staff.office_start,
                "end": staff.office_end,
            }
            exported["actions_in_audit_log"] = await session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.staff_id == staff.id)
            )
    counted = await session.execute(
        select(Delivery.state, func.count())
        .where(Delivery.chat_id == chat.id)
        .group_by(Delivery.state)
    )
    states: dict[DeliveryState, int] = {state: count for state, count in counted}
    exported["messages"] = {
        "delivered": states.get(DeliveryState.SENT, 0),
        "waiting": states.get(DeliveryState.PENDING, 0) + states.get(DeliveryState.SENDING, 0),
        "not_delivered": states.get(DeliveryState.FAILED, 0) + states.get(DeliveryState.BLOCKED, 0),
    }
    return exported


async def forget_parent(session: AsyncSession, parent_id: int) -> None:
    """Delete a parent with everything that points to them: chats, links, codes, answers.

    RSVPs and feedback invitations would also go by the foreign keys' ON DELETE CASCADE;
    they are deleted explicitly so this never depends on the database enforcing them.
    Messages still waiting for their chat are dropped, so nothing more is sent to them.
    """
    chat_ids = select(Chat.id).where(Chat.parent_id == parent_id)
    await session.execute(
        delete(Delivery).where(
            Delivery.chat_id.in_(chat_ids), Delivery.state == DeliveryState.PENDING
        )
    )
    await session.execute(delete(Chat).where(Chat.parent_id == parent_id))
    await session.execute(delete(Rsvp).where(Rsvp.parent_id == parent_id))
    await session.execute(delete(FeedbackInvite).where(FeedbackInvite.parent_id == parent_id))
    await session.execute(delete(InviteCode).where(InviteCode.parent_id == parent_id))
    await session.execute(delete(ParentGroup).where(ParentGroup.parent_id == parent_id))
    await session.execute(delete(Parent).where(Parent.id == parent_id))


async def forget_chat(session: AsyncSession, chat: Chat) -> None:
    """Unlink the chat; for a parent also delete their personal data and unused codes."""
    if chat.parent_id is not None:
        await forget_parent(session, chat.parent_id)
    else:
        await session.execute(
            delete(Delivery).where(
                Delivery.chat_id == chat.id, Delivery.state == DeliveryState.PENDING
            )
        )
        await session.execute(delete(Chat).where(Chat.id == chat.id))
