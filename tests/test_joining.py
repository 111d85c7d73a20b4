"""Redeeming invite codes: single use, expiry, throttling, and codes of at least 64 bits."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from berichten.db import Database
from berichten.importer import import_rows, parse_csv
from berichten.invitecodes import ALPHABET, CODE_LENGTH, generate_code, normalize_code
from berichten.joining import WRONG_TRIES_PER_CHAT, JoinOutcome, redeem_code
from berichten.models import Chat, ChatStatus, CodeAttempt

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Amsterdam")


def test_codes_carry_at_least_64_random_bits() -> None:
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 64
    codes = {generate_code() for _ in range(2000)}
    assert len(codes) == 2000


def test_typed_codes_are_forgiving() -> None:
    code = generate_code()
    canonical = normalize_code(code)
    assert canonical is not None
    assert normalize_code(code.lower().replace("-", " ")) == canonical
    assert normalize_code("  " + code + "\n") == canonical
    assert normalize_code("hallo") is None
    assert normalize_code(code + "X") is None


async def _one_code(db: Database, days: int = 30) -> str:
    async with db.transaction() as session:
        summary = await import_rows(
            session, parse_csv(b"groep,ouder\n5b,Anna\n"), "OBS", NOW, TZ, timedelta(days=days)
        )
    return summary.invites[0].code


async def test_good_code_binds_chat_once(db: Database) -> None:
    code = await _one_code(db)
    async with db.transaction() as session:
        result = await redeem_code(session, code, 501, NOW, "nl")
    assert result.outcome is JoinOutcome.JOINED
    assert result.chat is not None and result.chat.status is ChatStatus.PENDING
    async with db.transaction() as session:
        again = await redeem_code(session, code, 502, NOW, "nl")
        same_chat = await redeem_code(session, code, 501, NOW, "nl")
    assert again.outcome is JoinOutcome.USED
    assert same_chat.outcome is JoinOutcome.ALREADY_LINKED


async def test_expired_code_is_refused(db: Database) -> None:
    code = await _one_code(db, days=1)
    async with db.transaction() as session:
        result = await redeem_code(session, code, 501, NOW + timedelta(days=2), "nl")
        chats = await session.scalar(select(func.count()).select_from(Chat))
    assert result.outcome is JoinOutcome.EXPIRED and chats == 0


async def test_five_wrong_tries_throttle_even_a_good_code(db: Database) -> None:
    code = await _one_code(db)
    for attempt in range(WRONG_TRIES_PER_CHAT):
        async with db.transaction() as session:
            result = await redeem_code(session, generate_code(), 501, NOW, "nl")
        assert result.outcome is JoinOutcome.UNKNOWN, attempt
    async with db.transaction() as session:
        blocked = await redeem_code(session, code, 501, NOW + timedelta(minutes=1), "nl")
    assert blocked.outcome is JoinOutcome.THROTTLED
    assert blocked.retry_at == NOW + timedelta(minutes=10)
    async with db.transaction() as session:
        other_chat = await redeem_code(session, generate_code(), 777, NOW, "nl")
    assert other_chat.outcome is JoinOutcome.UNKNOWN
    async with db.transaction() as session:
        later = await redeem_code(session, code, 501, NOW + timedelta(minutes=10, seconds=1), "nl")
        attempts = await session.scalar(select(func.count()).select_from(CodeAttempt))
    assert later.outcome is JoinOutcome.JOINED
    assert attempts == 0  # attempts older than the window are deleted
