"""Role checks for staff actions: every staff command and button asks here first."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from berichten.models import Chat, ChatStatus, Staff, StaffRole

TEACHING = (StaffRole.LEERKRACHT, StaffRole.DIRECTEUR)
LEADING = (StaffRole.DIRECTEUR, StaffRole.BEHEERDER)


async def staff_with_role(
    session: AsyncSession, chat: Chat | None, roles: tuple[StaffRole, ...]
) -> Staff | None:
    """The chat's staff member when it is active and has one of `roles`, else None."""
    if chat is None or chat.staff_id is None or chat.status is not ChatStatus.ACTIVE:
        return None
    if chat.state in ("choose_language", "consent"):
        return None
    staff = await session.get(Staff, chat.staff_id)
    if staff is None or staff.role not in roles:
        return None
    return staff
