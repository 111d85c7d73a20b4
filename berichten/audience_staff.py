"""Which groups a staff member may send to: teachers their own, directors every group."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.models import Group, Staff, StaffGroup, StaffRole
from berichten.schoolyear import school_year_of


async def sendable_groups(
    session: AsyncSession, staff: Staff, now: datetime, tz: ZoneInfo
) -> list[Group]:
    """Open groups of this school year that this staff member may message."""
    query = select(Group).where(
        Group.school_id == staff.school_id,
        Group.school_year == school_year_of(now, tz),
        Group.closed_at.is_(None),
    )
    if staff.role is StaffRole.LEERKRACHT:
        query = query.where(
            Group.id.in_(select(StaffGroup.group_id).where(StaffGroup.staff_id == staff.id))
        )
    return list(await session.scalars(query.order_by(Group.name)))
