"""Issuing invite codes to parents and staff; an owner's older unused codes stop working."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.invitecodes import generate_code, hash_code, normalize_code
from berichten.models import InviteCode, Parent, Staff


async def issue_code(
    session: AsyncSession, owner: Parent | Staff, now: datetime, valid_for: timedelta
) -> str:
    """A fresh single-use code for a parent or staff member; only its hash is stored."""
    is_parent = isinstance(owner, Parent)
    column = InviteCode.parent_id if is_parent else InviteCode.staff_id
    await session.execute(
        delete(InviteCode).where(column == owner.id, InviteCode.used_at.is_(None))
    )
    code = generate_code()
    canonical = normalize_code(code)
    assert canonical is not None
    session.add(
        InviteCode(
            code_hash=hash_code(canonical),
            school_id=owner.school_id,
            parent_id=owner.id if is_parent else None,
            staff_id=None if is_parent else owner.id,
            created_at=now,
            expires_at=now + valid_for,
        )
    )
    return code
