"""A translation longer than the Dutch letter still fits in one Telegram message."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from berichten import outbox
from berichten.db import Database
from berichten.models import Chat, ChatStatus, Parent, Rendering, School
from berichten.preparation import prepare_due
from berichten.textlength import MAX_MESSAGE, telegram_length
from berichten.translation import Translator
from tests.translation.fake_libretranslate import FakeLibreTranslate

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
LETTER = ("Morgen gaan we met de hele groep naar het bos om bladeren te zoeken. " * 50)[:3400]


async def test_long_translation_is_cut_to_fit_and_dutch_is_kept_whole(db: Database) -> None:
    libre = FakeLibreTranslate()
    libre.transform = lambda text: text + " " + text  # the translation is twice as long
    await libre.start()
    translator = Translator("libre", url=libre.url, timeout=5, db=db)
    try:
        async with db.transaction() as session:
            school = School(name="OBS De Linde", created_at=NOW)
            session.add(school)
            await session.flush()
            for number, language in enumerate(("nl", "ar"), start=1):
                parent = Parent(school_id=school.id, name=f"Ouder {number}", created_at=NOW)
                session.add(parent)
                await session.flush()
                session.add(
                    Chat(
                        telegram_chat_id=1000 + number,
                        parent_id=parent.id,
                        language=language,
                        status=ChatStatus.ACTIVE,
                        joined_at=NOW,
                        consent_at=NOW,
                    )
                )
            await session.flush()
            await outbox.enqueue(
                session,
                school_id=school.id,
                template_key="vrij",
                fields={"what": LETTER},
                group_ids=None,
                now=NOW,
            )
        await prepare_due(db, translator, NOW)
        async with db.transaction() as session:
            texts = {r.language: r.text for r in await session.scalars(select(Rendering))}
        assert telegram_length(texts["ar"]) <= MAX_MESSAGE
        assert "…" in texts["ar"] and texts["ar"].count("[ar]") >= 1
        assert LETTER.strip() in texts["nl"]  # the Dutch text is never cut
    finally:
        translator.close()
        await libre.stop()
