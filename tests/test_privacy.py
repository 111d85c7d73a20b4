"""A person's own data: the export holds only theirs, and forgetting removes their answers too."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, select

from berichten.db import Database
from berichten.models import (
    Chat,
    Delivery,
    DeliveryState,
    FeedbackInvite,
    Message,
    Parent,
    Rsvp,
)
from berichten.privacy import export_data, forget_chat
from tests.yearend_seed import seed

NOW = datetime(2026, 8, 20, 10, 0, tzinfo=UTC)


async def _chat_of(db: Database, parent_id: int) -> Chat:
    async with db.transaction() as session:
        chat = await session.scalar(select(Chat).where(Chat.parent_id == parent_id))
    assert chat is not None
    return chat


async def test_export_holds_only_the_persons_own_data(db: Database) -> None:
    seeded = await seed(db, NOW)
    chat = await _chat_of(db, seeded.bert)
    async with db.transaction() as session:
        exported = await export_data(session, chat, NOW)
    assert exported["name"] == "Bert" and exported["school"] == "OBS De Linde"
    assert exported["chat_status"] == "active" and exported["language"] == "nl"
    assert exported["consent_at"] is not None
    assert exported["groups"] == [
        {"group": "5b", "school_year": "2025-2026", "child_first_name": "Lotte"},
        {"group": "6b", "school_year": "2026-2027", "child_first_name": "Lotte"},
    ]
    assert [r["answer"] for r in exported["rsvps"]] == ["yes", "yes"]
    assert [f["answered"] for f in exported["feedback"]] == [True, True]
    assert exported["messages"] == {"delivered": 2, "waiting": 0, "not_delivered": 0}
    text = json.dumps(exported, ensure_ascii=False)
    for other in ("Anna", "Carla", "Dirk", "Eva", "Noah", "Sem", "Mila", "Gezellig", "sportdag"):
        assert other not in text


async def test_forgetting_a_parent_removes_their_rsvps_invites_and_waiting_messages(
    db: Database,
) -> None:
    seeded = await seed(db, NOW)
    carla = await _chat_of(db, seeded.carla)
    async with db.transaction() as session:
        waiting = Message(
            school_id=seeded.school_id,
            template_key="vrij",
            fields={"what": "later"},
            created_at=NOW,
            send_after=NOW,
        )
        session.add(waiting)
        await session.flush()
        session.add(
            Delivery(
                message_id=waiting.id,
                chat_id=carla.id,
                telegram_chat_id=carla.telegram_chat_id,
                language="nl",
                state=DeliveryState.PENDING,
                next_attempt_at=NOW,
            )
        )
    async with db.transaction() as session:
        chat = await session.get(Chat, carla.id)
        assert chat is not None
        await forget_chat(session, chat)
    async with db.transaction() as session:
        assert await session.get(Parent, seeded.carla) is None
        assert list(await session.scalars(select(Rsvp.parent_id).distinct())) == [seeded.bert]
        assert list(await session.scalars(select(FeedbackInvite.parent_id).distinct())) == [
            seeded.bert
        ]
        assert (
            await session.scalar(
                select(func.count())
                .select_from(Delivery)
                .where(Delivery.telegram_chat_id == carla.telegram_chat_id)
                .where(Delivery.state == DeliveryState.PENDING)
            )
            == 0
        )
        # Deliveries already sent stay for the school's counts, no longer linked to a chat.
        sent = await session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.telegram_chat_id == carla.telegram_chat_id)
        )
        assert sent == 2
