"""Adding staff members with their role, groups and a staff invite code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.invites import issue_code
from berichten.models import Group, School, Staff, StaffGroup, StaffRole
from berichten.schoolyear import school_year_of


class StaffError(ValueError):
    """A staff command cannot be carried out; the message says why."""


@dataclass(frozen=True, slots=True)
class NewStaff:
    """The staff member added and their one-time code."""

    staff_id: int
    school: str
    code: str


async def find_school(session: AsyncSession, name: str | None) -> School:
    """The named school, or the only school when no name is given."""
    if name:
        school = await session.scalar(select(School).where(School.name == name))
        if school is None:
            raise StaffError(f"no school named {name!r}; import its classes first")
        return school
    schools = list(await session.scalars(select(School).order_by(School.id).limit(2)))
    if not schools:
        raise StaffError("there is no school yet; run 'schoolpoort import' first")
    if len(schools) > 1:
        raise StaffError("there are several schools; name one with --school")
    return schools[0]


async def add_staff(
    session: AsyncSession,
    *,
    school_name: str | None,
    name: str,
    role: StaffRole,
    group_names: list[str],
    now: datetime,
    tz: ZoneInfo,
    valid_for: timedelta,
) -> NewStaff:
    """Add a staff member, link their groups of this school year, and issue a code."""
    clean_name = " ".join(name.split())
    if not clean_name or len(clean_name) > 200:
        raise StaffError("a staff name of 1 to 200 characters is needed")
    school = await find_school(session, school_name)
    year = school_year_of(now, tz)
    groups: list[Group] = []
    for group_name in group_names:
        group = await session.scalar(
            select(Group).where(
                Group.school_id == school.id, Group.school_year == year, Group.name == group_name
            )
        )
        if group is None:
            raise StaffError(f"no group {group_name!r} in {school.name} for {year}")
        groups.append(group)
    staff = Staff(school_id=school.id, name=clean_name, role=role, created_at=now)
    session.add(staff)
    await session.flush()
    for group in groups:
        session.add(StaffGroup(staff_id=staff.id, group_id=group.id))
    code = await issue_code(session, staff, now, valid_for)
    return NewStaff(staff_id=staff.id, school=school.name, code=code)
