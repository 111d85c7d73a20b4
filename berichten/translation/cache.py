"""The translation cache in the database: one row per provider, language pair and masked text."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from berichten.clock import Clock
from berichten.db import Database
from berichten.models.outbox import TranslationCache

#: Changes when the placeholder scheme changes, so old rows are never restored the wrong way.
SCHEME = "v1"


def text_hash(masked_text: str) -> str:
    """The cache key of a text: sha256 (hex) of the scheme and the masked, whitespace-normalised
    text. Names, times and dates are placeholders in it, so the same notice with another child's
    name shares one row, and the cached translation holds no names."""
    return hashlib.sha256(f"{SCHEME}\n{masked_text}".encode()).hexdigest()


class TranslationCacheStore:
    """Reads and writes cached (masked) translations; safe for concurrent writers."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def get(self, provider: str, source: str, target: str, digest: str) -> str | None:
        """The cached translation, or None."""
        async with self.db.transaction() as session:
            return await session.scalar(
                select(TranslationCache.translated_text).where(
                    TranslationCache.provider == provider,
                    TranslationCache.source_language == source,
                    TranslationCache.target_language == target,
                    TranslationCache.text_hash == digest,
                )
            )

    async def put(
        self, provider: str, source: str, target: str, digest: str, translated: str
    ) -> str:
        """Store a translation; when another writer stored one first, return theirs."""
        try:
            async with self.db.transaction() as session:
                session.add(
                    TranslationCache(
                        provider=provider,
                        source_language=source,
                        target_language=target,
                        text_hash=digest,
                        translated_text=translated,
                        created_at=self.clock.now(),
                    )
                )
        except IntegrityError:
            existing = await self.get(provider, source, target, digest)
            return existing if existing is not None else translated
        return translated


async def purge_translation_cache(db: Database, before: datetime) -> int:
    """Delete cached translations made before `before` (storage limitation); returns how many."""
    async with db.transaction() as session:
        result = await session.execute(
            delete(TranslationCache).where(TranslationCache.created_at < before)
        )
        return int(getattr(result, "rowcount", 0) or 0)
