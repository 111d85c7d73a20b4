"""The outbox on SQLite and PostgreSQL: enqueue, claim with leases, quiet hours, outcomes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from berichten import outbox
from berichten.db import Database
from berichten.importer import import_rows, parse_csv
from berichten.models import Chat, ChatStatus, Delivery, DeliveryState, Group, Message, Parent
from berichten.preparation import prepare_due
from berichten.templates import TemplateError

TZ = ZoneInfo("Europe/Amsterdam")
MORNING = datetime(2026, 11, 24, 9, 0, tzinfo=TZ).astimezone(UTC)


class EchoTranslator:
    """A stand-in provider for these database tests: marks the text with the target language."""

    calls = 0

    async def translate(self, text: str, source: str, target: str, *, protected=()):  # type: ignore[no-untyped-def]
        from types import SimpleNamespace

        EchoTranslator.calls += 1
        return SimpleNamespace(text=f"[{target}] {text}", machine_translated=True, failed=False)


async def _school(db: Database, parents: int, languages: tuple[str, ...] = ("nl",)) -> int:
    rows = "\n".join(f"{'5b' if i % 2 else '6a'},Ouder {i}" for i in range(parents))
    async with db.transaction() as session:
        await import_rows(
            session,
            parse_csv(f"groep,ouder\n{rows}\n".encode()),
            "OBS",
            MORNING,
            TZ,
            timedelta(days=9),
        )
        parent_rows = list(await session.scalars(select(Parent).order_by(Parent.id)))
        for index, parent in enumerate(parent_rows):
            session.add(
                Chat(
                    telegram_chat_id=10_000 + index,
                    parent_id=parent.id,
                    language=languages[index % len(languages)],
                    status=ChatStatus.ACTIVE,
                    joined_at=MORNING,
                    consent_at=MORNING,
                )
            )
        return parent_rows[0].school_id


async def test_enqueue_stores_one_delivery_per_active_parent(db: Database) -> None:
    school_id = await _school(db, 6)
    async with db.transaction() as session:
        first = await session.scalar(select(Chat).order_by(Chat.id))
        assert first is not None
        first.status = ChatStatus.BLOCKED
        group_5b = await session.scalar(select(Group.id).where(Group.name == "5b"))
        assert group_5b is not None
        everyone = await outbox.enqueue(
            session,
            school_id=school_id,
            template_key="gym",
            fields={"date": "2026-11-25"},
            group_ids=None,
            now=MORNING,
        )
        only_5b = await outbox.enqueue(
            session,
            school_id=school_id,
            template_key="gym",
            fields={"date": "2026-11-25"},
            group_ids=[group_5b],
            now=MORNING,
        )
    async with db.transaction() as session:
        assert (await outbox.report(session, everyone.id)).total == 5
        assert (await outbox.report(session, only_5b.id)).total == 3


async def test_bad_template_writes_nothing(db: Database) -> None:
    school_id = await _school(db, 2)
    with pytest.raises(TemplateError):
        async with db.transaction() as session:
            await outbox.enqueue(
                session,
                school_id=school_id,
                template_key="gym",
                fields={"date": "morgen"},
                group_ids=None,
                now=MORNING,
            )
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Message)) == 0


async def test_claims_only_prepared_due_work_and_leases_expire(db: Database) -> None:
    school_id = await _school(db, 4, ("nl", "ar"))
    async with db.transaction() as session:
        message = await outbox.enqueue(
            session,
            school_id=school_id,
            template_key="vrij",
            fields={"what": "Morgen is er een feest."},
            group_ids=None,
            now=MORNING,
        )
    async with db.transaction() as session:
        assert (
            await outbox.claim_due(session, MORNING, TZ, limit=10, lease=timedelta(seconds=30))
            == []
        )
    EchoTranslator.calls = 0
    assert await prepare_due(db, EchoTranslator(), MORNING) == 1
    assert EchoTranslator.calls == 1  # one distinct (text, language) pair besides Dutch
    async with db.transaction() as session:
        claimed = await outbox.claim_due(session, MORNING, TZ, limit=3, lease=timedelta(seconds=30))
        again = await outbox.claim_due(session, MORNING, TZ, limit=10, lease=timedelta(seconds=30))
    assert len(claimed) == 3 and len(again) == 1
    async with db.transaction() as session:
        await outbox.mark_sent(session, claimed[0].id, 77, MORNING)
        nothing = await outbox.claim_due(
            session, MORNING + timedelta(seconds=29), TZ, limit=10, lease=timedelta(seconds=30)
        )
        expired = await outbox.claim_due(
            session, MORNING + timedelta(seconds=31), TZ, limit=10, lease=timedelta(seconds=30)
        )
    assert nothing == []
    assert sorted(c.id for c in expired) == sorted(c.id for c in claimed[1:] + again)
    async with db.transaction() as session:
        state = await outbox.report(session, message.id)
    assert (state.sent, state.pending, state.finished) == (1, 3, False)


async def test_quiet_hours_hold_non_urgent_messages(db: Database) -> None:
    school_id = await _school(db, 2)
    evening = datetime(2026, 11, 24, 21, 0, tzinfo=TZ).astimezone(UTC)
    async with db.transaction() as session:
        normal = await outbox.enqueue(
            session,
            school_id=school_id,
            template_key="gym",
            fields={"date": "2026-11-25"},
            group_ids=None,
            now=evening,
        )
        urgent = await outbox.enqueue(
            session,
            school_id=school_id,
            template_key="studiedag",
            fields={"date": "2026-11-25"},
            group_ids=None,
            now=evening,
            urgent=True,
        )
    await prepare_due(db, EchoTranslator(), evening)
    async with db.transaction() as session:
        at_night = await outbox.claim_due(
            session, evening, TZ, limit=10, lease=timedelta(seconds=30)
        )
    assert {c.message_id for c in at_night} == {urgent.id}
    async with db.transaction() as session:
        for item in at_night:
            await outbox.mark_sent(session, item.id, 1, evening)
    for moment, expected in (
        (datetime(2026, 11, 25, 6, 59, tzinfo=TZ), 0),
        (datetime(2026, 11, 25, 7, 0, tzinfo=TZ), 2),
    ):
        async with db.transaction() as session:
            got = await outbox.claim_due(
                session, moment.astimezone(UTC), TZ, limit=10, lease=timedelta(hours=1)
            )
        assert len(got) == expected and all(c.message_id == normal.id for c in got)


async def test_blocked_chat_stops_all_its_deliveries(db: Database) -> None:
    school_id = await _school(db, 2)
    async with db.transaction() as session:
        for _ in range(2):
            await outbox.enqueue(
                session,
                school_id=school_id,
                template_key="gym",
                fields={"date": "2026-11-25"},
                group_ids=None,
                now=MORNING,
            )
        await outbox.mark_chat_blocked(session, 10_000)
    async with db.transaction() as session:
        blocked = await session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.state == DeliveryState.BLOCKED)
        )
        chat = await session.scalar(select(Chat).where(Chat.telegram_chat_id == 10_000))
    assert blocked == 2 and chat is not None and chat.status is ChatStatus.BLOCKED


async def test_concurrent_claims_never_overlap(db: Database) -> None:
    school_id = await _school(db, 40)
    async with db.transaction() as session:
        await outbox.enqueue(
            session,
            school_id=school_id,
            template_key="gym",
            fields={"date": "2026-11-25"},
            group_ids=None,
            now=MORNING,
        )
    await prepare_due(db, EchoTranslator(), MORNING)

    async def claim() -> list[int]:
        async with db.transaction() as session:
            got = await outbox.claim_due(
                session, MORNING, TZ, limit=15, lease=timedelta(seconds=30)
            )
            await asyncio.sleep(0.05)  # hold the transaction while the others claim
            return [c.id for c in got]

    results = await asyncio.gather(*(claim() for _ in range(4)))
    flat = [delivery_id for result in results for delivery_id in result]
    assert len(flat) == len(set(flat)) == 40
