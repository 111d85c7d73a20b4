"""The Translator: protection, database cache, single flight and a bounded, timed thread pool."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from berichten.clock import Clock, SystemClock
from berichten.db import Database
from berichten.settings import Settings
from berichten.translation.cache import TranslationCacheStore, text_hash
from berichten.translation.outcome import TranslationOutcome
from berichten.translation.protection import (
    Masked,
    PlaceholderError,
    normalise_whitespace,
    protect,
)
from berichten.translation.providers import PROVIDERS, Engine, install_safeguards, reason_for

logger = logging.getLogger(__name__)

#: Worker threads per Translator. A timed-out call cannot be stopped (Python threads cannot be
#: killed): its thread runs on until the HTTP timeout ends it, so at most this many threads
#: ever hang on a slow provider; further calls wait in the pool's queue and time out there.
WORKERS = 4

_Key = tuple[str, str, str, bool]


@dataclass(frozen=True)
class _Raw:
    """The shared result of one (masked text, language pair): a masked translation or a reason."""

    masked_translation: str | None
    from_cache: bool
    reason: str | None


class Translator:
    """Translates free text with the configured provider; never raises for provider trouble.

    Use one Translator per process and event loop. Calls for the same text and language pair
    that run at the same time share one provider call (single flight); finished translations
    are cached in the database, so a broadcast translates each distinct text once per language.
    """

    def __init__(
        self,
        provider: str,
        *,
        api_key: str | None = None,
        url: str | None = None,
        timeout: float = 10.0,
        db: Database | None = None,
        clock: Clock | None = None,
    ) -> None:
        name = provider.strip().lower()
        if name not in PROVIDERS:
            raise ValueError(f"unknown translation provider {provider!r}; use {PROVIDERS}")
        self.provider = name
        self.timeout = timeout
        self.provider_calls = 0
        self._engine = Engine(name, api_key=api_key or None, url=url or None, timeout=timeout)
        self._cache = TranslationCacheStore(db, clock or SystemClock()) if db is not None else None
        self._pool: ThreadPoolExecutor | None = None
        self._in_flight: dict[_Key, asyncio.Task[_Raw]] = {}
        if self.enabled:
            install_safeguards()

    @classmethod
    def from_settings(
        cls, settings: Settings, db: Database | None, clock: Clock | None = None
    ) -> Translator:
        """The Translator that the TRANSLATION_* settings describe."""
        key = settings.translation_api_key
        return cls(
            settings.translation_provider,
            api_key=key.get_secret_value() if key is not None else None,
            url=settings.translation_url,
            timeout=settings.translation_timeout,
            db=db,
            clock=clock,
        )

    @property
    def enabled(self) -> bool:
        """False for provider "none": no text ever leaves the server."""
        return self.provider != "none"

    def close(self) -> None:
        """Stop the worker threads once their current call ends; queued calls are dropped."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    async def translate(
        self,
        text: str,
        source: str,
        target: str,
        *,
        protected: Sequence[str] = (),
        cache: bool = True,
    ) -> TranslationOutcome:
        """`text` in `target`, or the original marked failed with a reason; never raises.

        `protected` lists strings kept exactly as written (names of children, staff and school,
        the place); times, dates, e-mail addresses, links and phone numbers are kept anyway.
        `cache=False` keeps the translation out of the database (a parent's private reply).
        """
        src, tgt = _language(source), _language(target)
        if not text.strip():
            return TranslationOutcome.unchanged(text, "empty")
        if src == tgt:
            return TranslationOutcome.unchanged(text, "same_language")
        if not self.enabled:
            return TranslationOutcome.failure(text, "off")
        if isinstance(protected, str):
            protected = [protected]
        try:
            masked = protect(
                normalise_whitespace(text), [normalise_whitespace(p) for p in protected]
            )
        except PlaceholderError:
            return TranslationOutcome.failure(text, "placeholder_collision")
        if not any(ch.isalpha() for ch in masked.without_tokens()):
            return TranslationOutcome.unchanged(text, "nothing_to_translate")
        raw = await self._shared(masked, src, tgt, cache)
        if raw.masked_translation is None:
            return TranslationOutcome.failure(text, raw.reason or "provider_error")
        restored = masked.restore(raw.masked_translation)
        if restored is None:
            return TranslationOutcome.failure(text, "lost_placeholder")
        return TranslationOutcome.translated(restored, from_cache=raw.from_cache)

    async def _shared(self, masked: Masked, source: str, target: str, cache: bool) -> _Raw:
        """Single flight: one task per (language pair, masked text); every caller awaits it."""
        key: _Key = (source, target, masked.text, cache)
        task = self._in_flight.get(key)
        if task is None:
            task = asyncio.create_task(self._resolve(masked, source, target, cache))
            self._in_flight[key] = task
            task.add_done_callback(functools.partial(self._forget, key))
        # shield: one caller being cancelled must not cancel the call the others wait for
        return await asyncio.shield(task)

    def _forget(self, key: _Key, task: asyncio.Task[_Raw]) -> None:
        if self._in_flight.get(key) is task:
            del self._in_flight[key]

    async def _resolve(self, masked: Masked, source: str, target: str, cache: bool) -> _Raw:
        try:
            return await self._cached_or_fresh(masked, source, target, cache)
        except Exception as error:  # a bug here must not break the caller's message
            self._log(source, target, f"internal_{type(error).__name__}", None)
            return _Raw(None, False, "internal_error")

    async def _cached_or_fresh(self, masked: Masked, source: str, target: str, cache: bool) -> _Raw:
        digest = text_hash(masked.text)
        store = self._cache if cache else None
        if store is not None:
            try:
                hit = await store.get(self.provider, source, target, digest)
            except (SQLAlchemyError, OSError) as error:
                self._log(source, target, f"cache_read_{type(error).__name__}", None)
                hit = None
            if hit is not None and masked.intact(hit):
                return _Raw(hit, True, None)
        raw = await self._call_provider(masked, source, target)
        if store is not None and raw.masked_translation is not None:
            try:
                stored = await store.put(
                    self.provider, source, target, digest, raw.masked_translation
                )
            except (SQLAlchemyError, OSError) as error:
                self._log(source, target, f"cache_write_{type(error).__name__}", None)
            else:
                if masked.intact(stored):
                    return _Raw(stored, False, None)
        return raw

    async def _call_provider(self, masked: Masked, source: str, target: str) -> _Raw:
        problem = self._engine.problem(source, target, masked.text)
        if problem is not None:
            self._log(source, target, problem, None)
            return _Raw(None, False, problem)
        self.provider_calls += 1
        if self._pool is None:
            self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="schoolpoort-translate")
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        job = loop.run_in_executor(self._pool, self._engine.translate, masked.text, source, target)
        try:
            # On timeout wait_for cancels the job: a queued job is dropped, a running one
            # finishes in its thread (bounded by the HTTP timeout) and its result is ignored.
            translated = await asyncio.wait_for(job, self.timeout)
        except Exception as error:  # every provider failure becomes a reason, never a raise
            reason = reason_for(error)
            self._log(source, target, reason, started)
            return _Raw(None, False, reason)
        if not masked.intact(translated):
            self._log(source, target, "lost_placeholder", started)
            return _Raw(None, False, "lost_placeholder")
        self._log(source, target, "ok", started)
        return _Raw(translated, False, None)

    def _log(self, source: str, target: str, result: str, started: float | None) -> None:
        """Provider, language pair, result and duration only: never text, names or keys."""
        millis = -1 if started is None else round((time.monotonic() - started) * 1000)
        level = logging.INFO if result == "ok" else logging.WARNING
        logger.log(
            level,
            "translation provider=%s pair=%s>%s result=%s ms=%d",
            self.provider,
            source,
            target,
            result,
            millis,
        )


def _language(code: str) -> str:
    """ISO 639-1 base code in lower case: "AR", "ar-EG" and "ar_EG" all become "ar"."""
    return code.strip().replace("_", "-").split("-")[0].lower()
