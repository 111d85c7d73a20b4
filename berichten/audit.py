"""Recording staff actions in the audit log: who, what, which record, when; never content."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from berichten.models import AuditEntry

# "letter.send", "koffie.pause", "cli.schooljaar_afsluiten"
_ACTION = re.compile(r"[a-z]+\.[a-z_]+")
# "message:12", "series:3", "year:2025-2026": a kind of record and its id, no free text
_TARGET = re.compile(r"[a-z_]+:[A-Za-z0-9_.-]{1,40}")


class AuditError(ValueError):
    """An action or target that does not look like a code; refused so no content slips in."""


async def record(
    session: AsyncSession,
    *,
    school_id: int,
    staff_id: int | None,
    action: str,
    target: str,
    now: datetime,
) -> AuditEntry:
    """Add one entry to the audit log in the caller's transaction (flushed with it)."""
    if not _ACTION.fullmatch(action) or len(action) > 40:
        raise AuditError(f"audit action {action!r} is not like 'letter.send'")
    if not _TARGET.fullmatch(target) or len(target) > 60:
        raise AuditError("audit target must be like 'message:12'")
    entry = AuditEntry(
        school_id=school_id, staff_id=staff_id, action=action, target=target, created_at=now
    )
    session.add(entry)
    return entry
