"""The translation cache table on SQLite and PostgreSQL: racing writers and purging."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from berichten.clock import ManualClock
from berichten.db import Database
from berichten.translation.cache import TranslationCacheStore, purge_translation_cache, text_hash

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


async def test_a_racing_writer_gets_the_stored_translation(db: Database) -> None:
    store = TranslationCacheStore(db, ManualClock(START))
    digest = text_hash("Morgen is er gym.")
    assert await store.get("libre", "nl", "en", digest) is None
    first = await store.put("libre", "nl", "en", digest, "Tomorrow there is gym.")
    second = await store.put("libre", "nl", "en", digest, "Tomorrow is gym.")
    assert first == second == "Tomorrow there is gym."
    assert await store.get("libre", "nl", "en", digest) == "Tomorrow there is gym."
    assert await store.get("libre", "nl", "ar", digest) is None
    assert await store.get("deepl", "nl", "en", digest) is None


async def test_concurrent_writers_store_one_row(db: Database) -> None:
    store = TranslationCacheStore(db, ManualClock(START))
    digest = text_hash("Koffie bij de schoolpoort!")
    results = await asyncio.gather(
        *(store.put("libre", "nl", "tr", digest, f"kahve {n}") for n in range(8))
    )
    assert len(set(results)) == 1
    assert await store.get("libre", "nl", "tr", digest) == results[0]


async def test_purge_removes_old_rows(db: Database) -> None:
    clock = ManualClock(START)
    store = TranslationCacheStore(db, clock)
    await store.put("libre", "nl", "en", text_hash("oud"), "old")
    clock.advance(timedelta(days=40))
    await store.put("libre", "nl", "en", text_hash("nieuw"), "new")
    assert await purge_translation_cache(db, START + timedelta(days=30)) == 1
    assert await store.get("libre", "nl", "en", text_hash("oud")) is None
    assert await store.get("libre", "nl", "en", text_hash("nieuw")) == "new"


def test_hash_is_sha256_hex_and_versioned() -> None:
    digest = text_hash("Morgen is er gym.")
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert digest != text_hash("Morgen is er gym!")
