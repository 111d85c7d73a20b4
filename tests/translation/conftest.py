"""Fixtures of the translation tests: the fake LibreTranslate server and Translators on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator

import pytest

from berichten.db import Database
from berichten.translation import Translator
from tests.translation.fake_libretranslate import FakeLibreTranslate

KEY = "test-key"

MakeTranslator = Callable[..., Translator]


@pytest.fixture
async def libre() -> AsyncIterator[FakeLibreTranslate]:
    """A running LibreTranslate-compatible server that wants the key KEY."""
    server = FakeLibreTranslate(api_key=KEY)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def make_translator(libre: FakeLibreTranslate) -> Iterator[MakeTranslator]:
    """Build Translators on the fake server; their worker threads are closed afterwards."""
    made: list[Translator] = []

    def make(
        db: Database | None = None, *, timeout: float = 5.0, api_key: str | None = KEY
    ) -> Translator:
        translator = Translator("libre", api_key=api_key, url=libre.url, timeout=timeout, db=db)
        made.append(translator)
        return translator

    yield make
    for translator in made:
        translator.close()
