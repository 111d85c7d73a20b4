"""The demo school of local mode: one class, three parents, a teacher and a director."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.importer import ImportRow, import_rows
from berichten.invites import issue_code
from berichten.models import Chat, Parent, School, Staff, StaffRole
from berichten.staffing import add_staff

DEMO_SCHOOL = "Demoschool De Schoolpoort"
DEMO_GROUP = "5b"
DEMO_PARENTS = (
    ("Ouder Amira", "Yasmin", "ar"),
    ("Ouder Piet", "Daan", "nl"),
    ("Ouder Olena", "", "uk"),
)
DEMO_STAFF = (("Juf Demo", StaffRole.LEERKRACHT), ("Directeur Demo", StaffRole.DIRECTEUR))


@dataclass(slots=True)
class DemoCodes:
    """Fresh codes for every demo person who has not joined yet."""

    parents: dict[str, str] = field(default_factory=dict)
    staff: dict[str, str] = field(default_factory=dict)


async def _create(session: AsyncSession, now: datetime, tz: ZoneInfo, valid_for: timedelta) -> None:
    rows = [
        ImportRow(number + 2, DEMO_GROUP, name, child, language)
        for number, (name, child, language) in enumerate(DEMO_PARENTS)
    ]
    await import_rows(session, rows, DEMO_SCHOOL, now, tz, valid_for)
    for name, role in DEMO_STAFF:
        groups = [DEMO_GROUP] if role is StaffRole.LEERKRACHT else []
        await add_staff(
            session,
            school_name=DEMO_SCHOOL,
            name=name,
            role=role,
            group_names=groups,
            now=now,
            tz=tz,
            valid_for=valid_for,
        )


async def seed_demo(
    session: AsyncSession, now: datetime, tz: ZoneInfo, valid_for: timedelta
) -> DemoCodes:
    """Create the demo school once, then hand out new codes to those not yet joined."""
    school = await session.scalar(select(School).where(School.name == DEMO_SCHOOL))
    if school is None:
        await _create(session, now, tz, valid_for)
        school = await session.scalar(select(School).where(School.name == DEMO_SCHOOL))
        assert school is not None
    codes = DemoCodes()
    joined_parents = set(await session.scalars(select(Chat.parent_id)))
    joined_staff = set(await session.scalars(select(Chat.staff_id)))
    for parent in await session.scalars(
        select(Parent).where(Parent.school_id == school.id).order_by(Parent.id)
    ):
        if parent.id not in joined_parents:
            codes.parents[parent.name] = await issue_code(session, parent, now, valid_for)
    for staff in await session.scalars(
        select(Staff).where(Staff.school_id == school.id).order_by(Staff.id)
    ):
        if staff.id not in joined_staff:
            codes.staff[staff.role.value] = await issue_code(session, staff, now, valid_for)
    return codes
