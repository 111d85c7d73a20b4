"""Redeeming an invite code: throttling, single use, expiry, binding the chat."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.invitecodes import hash_code, normalize_code
from berichten.models import Chat, ChatStatus, CodeAttempt, InviteCode

WRONG_TRIES_PER_CHAT = 5
WRONG_TRIES_OVERALL = 200
TRY_WINDOW = timedelta(minutes=10)


class JoinOutcome(enum.StrEnum):
    """What happened to a code someone sent."""

    JOINED = "joined"
    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    THROTTLED = "throttled"
    ALREADY_LINKED = "already_linked"


@dataclass(frozen=True, slots=True)
class JoinResult:
    """The outcome, the new chat when joined, and when a throttled chat may try again."""

    outcome: JoinOutcome
    chat: Chat | None = None
    retry_at: datetime | None = None


async def _throttled_until(
    session: AsyncSession, telegram_chat_id: int, now: datetime
) -> datetime | None:
    since = now - TRY_WINDOW
    await session.execute(delete(CodeAttempt).where(CodeAttempt.attempted_at < since))
    mine = (
        await session.execute(
            select(func.count(), func.min(CodeAttempt.attempted_at)).where(
                CodeAttempt.telegram_chat_id == telegram_chat_id,
                CodeAttempt.attempted_at >= since,
            )
        )
    ).one()
    if mine[0] >= WRONG_TRIES_PER_CHAT:
        oldest: datetime = mine[1]
        return oldest + TRY_WINDOW
    overall = await session.scalar(
        select(func.count()).select_from(CodeAttempt).where(CodeAttempt.attempted_at >= since)
    )
    if (overall or 0) >= WRONG_TRIES_OVERALL:
        return now + timedelta(minutes=1)
    return None


async def _wrong(
    session: AsyncSession, telegram_chat_id: int, now: datetime, outcome: JoinOutcome
) -> JoinResult:
    session.add(CodeAttempt(telegram_chat_id=telegram_chat_id, attempted_at=now))
    return JoinResult(outcome)


async def redeem_code(
    session: AsyncSession, text: str, telegram_chat_id: int, now: datetime, language: str
) -> JoinResult:
    """Bind `telegram_chat_id` to the code's parent or staff member, if the code is good."""
    existing = await session.scalar(select(Chat).where(Chat.telegram_chat_id == telegram_chat_id))
    if existing is not None:
        return JoinResult(JoinOutcome.ALREADY_LINKED, chat=existing)
    retry_at = await _throttled_until(session, telegram_chat_id, now)
    if retry_at is not None:
        return JoinResult(JoinOutcome.THROTTLED, retry_at=retry_at)
    canonical = normalize_code(text)
    if canonical is None:
        return await _wrong(session, telegram_chat_id, now, JoinOutcome.MALFORMED)
    invite = await session.scalar(
        select(InviteCode).where(InviteCode.code_hash == hash_code(canonical))
    )
    if invite is None:
        return await _wrong(session, telegram_chat_id, now, JoinOutcome.UNKNOWN)
    if invite.used_at is not None:
        return await _wrong(session, telegram_chat_id, now, JoinOutcome.USED)
    if invite.expires_at <= now:
        return await _wrong(session, telegram_chat_id, now, JoinOutcome.EXPIRED)
    claimed = await session.execute(
        update(InviteCode)
        .where(InviteCode.id == invite.id, InviteCode.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return await _wrong(session, telegram_chat_id, now, JoinOutcome.USED)
    if invite.parent_id is not None:
        taken = await session.scalar(select(Chat.id).where(Chat.parent_id == invite.parent_id))
        if taken is not None:
            return JoinResult(JoinOutcome.USED)
    chat = Chat(
        telegram_chat_id=telegram_chat_id,
        parent_id=invite.parent_id,
        staff_id=invite.staff_id,
        language=language,
        status=ChatStatus.PENDING,
        joined_at=now,
        state="choose_language",
    )
    session.add(chat)
    await session.flush()
    return JoinResult(JoinOutcome.JOINED, chat=chat)
