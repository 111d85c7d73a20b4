"""A chat's own data: what is stored about the person, and deleting it on /stop."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from berichten.models import Chat, InviteCode, Parent, ParentGroup, School, Staff, StaffGroup


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


async def forget_chat(session: AsyncSession, chat: Chat) -> None:
    """Unlink the chat; for a parent also delete their personal data and unused codes."""
    parent_id = chat.parent_id
    await session.execute(delete(Chat).where(Chat.id == chat.id))
    if parent_id is not None:
        await session.execute(delete(InviteCode).where(InviteCode.parent_id == parent_id))
        await session.execute(delete(ParentGroup).where(ParentGroup.parent_id == parent_id))
        await session.execute(delete(Parent).where(Parent.id == parent_id))
