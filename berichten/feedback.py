"""Anonymous feedback after a gathering: who was asked, the answers, and the results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.events import rsvp_counts
from berichten.models import FeedbackAnswer, FeedbackInvite, RsvpAnswer

SCALE = (1, 2, 3, 4, 5)
FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}
MAX_OPEN_ANSWER = 1000


@dataclass(frozen=True, slots=True)
class OpenAnswer:
    """Words a parent wrote, in Dutch for staff, with the original."""

    dutch: str
    original: str
    language: str


@dataclass(frozen=True, slots=True)
class FeedbackResults:
    """What parents said about one gathering, without names."""

    invited: int
    answered: int
    distribution: dict[int, int]
    open_answers: list[OpenAnswer]
    rsvp: dict[RsvpAnswer, int]

    @property
    def response_rate(self) -> float:
        """Share of invited parents who answered (0 when nobody was asked)."""
        return self.answered / self.invited if self.invited else 0.0


async def invite_for_feedback(
    session: AsyncSession, event_id: int, parent_ids: Sequence[int]
) -> None:
    """Remember which parents were asked, so each can answer once."""
    known = set(
        await session.scalars(
            select(FeedbackInvite.parent_id).where(FeedbackInvite.event_id == event_id)
        )
    )
    for parent_id in sorted(set(parent_ids) - known):
        session.add(FeedbackInvite(event_id=event_id, parent_id=parent_id, answered=False))
    await session.flush()


async def record_score(
    session: AsyncSession,
    event_id: int,
    parent_id: int,
    score: int,
    language: str,
    now: datetime,
) -> int | None:
    """Store a score once per asked parent; the answer's id, or None if not asked or answered."""
    if score not in SCALE:
        return None
    claimed = await session.execute(
        update(FeedbackInvite)
        .where(
            FeedbackInvite.event_id == event_id,
            FeedbackInvite.parent_id == parent_id,
            FeedbackInvite.answered.is_(False),
        )
        .values(answered=True)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    answer = FeedbackAnswer(event_id=event_id, score=score, language=language, created_at=now)
    session.add(answer)
    await session.flush()
    return answer.id


async def record_open_answer(
    session: AsyncSession, answer_id: int, original: str, dutch: str
) -> None:
    """Add a parent's own words (and their Dutch translation) to their anonymous answer."""
    answer = await session.get(FeedbackAnswer, answer_id)
    if answer is not None and answer.open_text is None:
        answer.open_text = original[:MAX_OPEN_ANSWER]
        answer.open_text_nl = dutch[: MAX_OPEN_ANSWER * 2]


async def results(session: AsyncSession, event_id: int) -> FeedbackResults:
    """Response rate, distribution, open answers and RSVP counts of a gathering."""
    invited = await session.scalar(select(func.count()).where(FeedbackInvite.event_id == event_id))
    answers = list(
        await session.scalars(
            select(FeedbackAnswer)
            .where(FeedbackAnswer.event_id == event_id)
            .order_by(FeedbackAnswer.id)
        )
    )
    distribution = dict.fromkeys(SCALE, 0)
    for answer in answers:
        distribution[answer.score] += 1
    open_answers = [
        OpenAnswer(answer.open_text_nl or answer.open_text, answer.open_text, answer.language)
        for answer in answers
        if answer.open_text
    ]
    return FeedbackResults(
        invited=invited or 0,
        answered=len(answers),
        distribution=distribution,
        open_answers=open_answers,
        rsvp=await rsvp_counts(session, event_id),
    )
