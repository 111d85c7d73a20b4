"""Fast seeding for load tests and benchmarks: a school with many joined parents and one message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import insert, select

from berichten import outbox
from berichten.db import Database
from berichten.models import Chat, ChatStatus, Parent, School


async def seed_broadcast(
    db: Database,
    *,
    school: str,
    parents: int,
    first_chat: int,
    languages: Sequence[str],
    template_key: str,
    fields: Mapping[str, str],
) -> int:
    """Create `parents` active parent chats (languages in turn) and queue one urgent message."""
    now = datetime.now(UTC)
    async with db.transaction() as session:
        row = School(name=school, created_at=now)
        session.add(row)
        await session.flush()
        await session.execute(
            insert(Parent),
            [
                {"school_id": row.id, "name": f"Ouder {i}", "created_at": now}
                for i in range(parents)
            ],
        )
        parent_ids = list(await session.scalars(select(Parent.id).order_by(Parent.id)))
        await session.execute(
            insert(Chat),
            [
                {
                    "telegram_chat_id": first_chat + i,
                    "parent_id": parent_id,
                    "language": languages[i % len(languages)],
                    "status": ChatStatus.ACTIVE,
                    "joined_at": now,
                    "consent_at": now,
                }
                for i, parent_id in enumerate(parent_ids)
            ],
        )
        message = await outbox.enqueue(
            session,
            school_id=row.id,
            template_key=template_key,
            fields=fields,
            group_ids=None,
            now=now,
            urgent=True,
        )
        return message.id
