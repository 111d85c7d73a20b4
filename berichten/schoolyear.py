"""School years run from 1 August to 31 July and are written as "2026-2027"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def school_year_of(moment: datetime, tz: ZoneInfo) -> str:
    """The school year a moment falls in, in the school's time zone."""
    local = moment.astimezone(tz)
    start = local.year if local.month >= 8 else local.year - 1
    return f"{start}-{start + 1}"
