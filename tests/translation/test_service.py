"""The Translator over real HTTP, through deep-translator, against the fake LibreTranslate."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from berichten.db import Database
from berichten.models.outbox import TranslationCache
from berichten.settings import Settings
from berichten.translation import Translator
from tests.translation.conftest import KEY, MakeTranslator
from tests.translation.fake_libretranslate import FakeLibreTranslate

NOTICE = "Beste ouders, morgen om 8.30 uur gaan we met juf Sanne naar Artis. Laarzen meenemen!"
NAMES = ["juf Sanne", "Artis"]


async def rows(db: Database) -> list[TranslationCache]:
    async with db.transaction() as session:
        return list(await session.scalars(select(TranslationCache)))


async def test_translates_dutch_and_keeps_protected_spans(
    libre: FakeLibreTranslate, make_translator: MakeTranslator
) -> None:
    text = (
        "Beste ouders, vrijdag 12 december is er een studiedag. Ouderavond op 12-12-2026 "
        "om 19.30 uur, inloop 08:30-09:15 met juf Sanne in Artis. Mail info@school.nl, "
        "bel 06-12345678 of zie https://school.nl/agenda."
    )
    outcome = await make_translator().translate(text, "nl", "ar", protected=NAMES)
    assert outcome.machine_translated and not outcome.failed and not outcome.from_cache
    assert outcome.reason is None
    assert outcome.text.startswith("[ar] Dear parents,")
    for kept in (
        "vrijdag 12 december",
        "12-12-2026",
        "19.30",
        "08:30-09:15",
        "juf Sanne",
        "Artis",
        "info@school.nl",
        "06-12345678",
        "https://school.nl/agenda",
    ):
        assert kept in outcome.text  # the fake turns every digit it sees into ٠-٩
    (request,) = libre.seen
    assert (request.source, request.target, request.api_key) == ("nl", "ar", KEY)
    assert "Sanne" not in request.q and "Artis" not in request.q and "8.30" not in request.q
    assert not request.text_in_url  # the text travels in the body, not in logged URLs


async def test_parent_reply_into_dutch(
    libre: FakeLibreTranslate, make_translator: MakeTranslator
) -> None:
    outcome = await make_translator().translate("شكرا، سآتي", "ar", "nl")
    assert outcome.text == "[nl] شكرا، سآتي" and outcome.machine_translated


async def test_cache_hit_and_shared_through_the_database(
    libre: FakeLibreTranslate, make_translator: MakeTranslator, db: Database
) -> None:
    first = make_translator(db)
    made = await first.translate(NOTICE, "nl", "tr", protected=NAMES)
    again = await first.translate(
        "  " + NOTICE.replace(" ", "  ") + "\n", "nl", "tr", protected=NAMES
    )
    assert libre.calls == 1 and first.provider_calls == 1
    assert again.from_cache and again.machine_translated and again.text == made.text
    other_process = make_translator(db)
    shared = await other_process.translate(NOTICE, "nl", "tr", protected=NAMES)
    assert shared.from_cache and shared.text == made.text
    assert libre.calls == 1 and other_process.provider_calls == 0
    (row,) = await rows(db)
    assert (row.provider, row.source_language, row.target_language) == ("libre", "nl", "tr")
    assert len(row.text_hash) == 64
    assert "Sanne" not in row.translated_text and "Artis" not in row.translated_text


async def test_same_notice_for_another_child_reuses_the_cached_translation(
    libre: FakeLibreTranslate, make_translator: MakeTranslator, db: Database
) -> None:
    translator = make_translator(db)
    one = await translator.translate(
        "Morgen komt Noor naar school.", "nl", "en", protected=["Noor"]
    )
    two = await translator.translate(
        "Morgen komt Daan naar school.", "nl", "en", protected=["Daan"]
    )
    assert one.text == "Tomorrow comes Noor to school."
    assert two.text == "Tomorrow comes Daan to school." and two.from_cache
    assert libre.calls == 1


async def test_single_flight_twenty_concurrent_calls_make_one_request(
    libre: FakeLibreTranslate, make_translator: MakeTranslator, db: Database
) -> None:
    libre.delay = 0.2
    translator = make_translator(db)
    outcomes = await asyncio.gather(
        *(translator.translate(NOTICE, "nl", "pl", protected=NAMES) for _ in range(20))
    )
    assert libre.calls == 1 and translator.provider_calls == 1
    assert {o.text for o in outcomes} == {outcomes[0].text}
    assert all(o.machine_translated and not o.failed for o in outcomes)
    assert len(await rows(db)) == 1


async def test_provider_calls_equal_distinct_text_language_pairs(
    libre: FakeLibreTranslate, make_translator: MakeTranslator, db: Database
) -> None:
    translator = make_translator(db)
    texts = [NOTICE, "Morgen is er gym.", "Koffie bij de schoolpoort!"]
    languages = ["en", "ar", "tr", "pl", "uk"]
    broadcast = [(t, lang) for t in texts for lang in languages for _parent in range(4)]
    await asyncio.gather(*(translator.translate(t, "nl", lang) for t, lang in broadcast))
    for t, lang in broadcast[:10]:  # a second round comes from the cache
        assert (await translator.translate(t, "nl", lang)).from_cache
    assert translator.provider_calls == libre.calls == len(texts) * len(languages)
    assert len(await rows(db)) == len(texts) * len(languages)


async def test_lost_or_doubled_placeholder_fails_and_is_not_cached(
    libre: FakeLibreTranslate, make_translator: MakeTranslator, db: Database
) -> None:
    translator = make_translator(db)
    libre.transform = lambda out: out.replace("ZQXAA", "")  # the engine drops the time
    lost = await translator.translate(NOTICE, "nl", "en", protected=NAMES)
    assert lost.failed and lost.reason == "lost_placeholder" and lost.text == NOTICE
    libre.transform = lambda out: out.replace("ZQXAB", "ZQXAB ZQXAB")  # ... or repeats a name
    doubled = await translator.translate(NOTICE, "nl", "en", protected=NAMES)
    assert doubled.failed and doubled.reason == "lost_placeholder"
    assert await rows(db) == []
    libre.transform = None
    fixed = await translator.translate(NOTICE, "nl", "en", protected=NAMES)
    assert not fixed.failed and "8.30" in fixed.text and libre.calls == 3


async def test_http_500_fails_is_not_cached_and_is_retried(
    libre: FakeLibreTranslate, make_translator: MakeTranslator, db: Database
) -> None:
    translator = make_translator(db)
    libre.status = 500
    broken = await translator.translate(NOTICE, "nl", "en")
    assert broken.failed and broken.reason == "http_500" and broken.text == NOTICE
    assert not broken.machine_translated and await rows(db) == []
    libre.status = None
    retried = await translator.translate(NOTICE, "nl", "en")
    assert not retried.failed and not retried.from_cache and libre.calls == 2


async def test_slow_server_times_out_near_the_configured_timeout(
    libre: FakeLibreTranslate, make_translator: MakeTranslator
) -> None:
    libre.delay = 5.0
    translator = make_translator(timeout=0.5)
    started = time.monotonic()
    outcome = await translator.translate(NOTICE, "nl", "en")
    elapsed = time.monotonic() - started
    assert outcome.failed and outcome.reason == "timeout" and outcome.text == NOTICE
    assert 0.4 < elapsed < 1.5


async def test_slow_server_does_not_pile_up_threads(
    libre: FakeLibreTranslate, make_translator: MakeTranslator
) -> None:
    libre.delay = 5.0
    translator = make_translator(timeout=0.5)
    batch = asyncio.gather(
        *(translator.translate(f"Morgen is er gym {n}.", "nl", "en") for n in range(10))
    )
    await asyncio.sleep(0.3)
    assert libre.calls == 4  # four worker threads; the other six calls wait in the queue
    assert all(o.reason == "timeout" for o in await batch)
    assert translator._pool is not None and len(translator._pool._threads) == 4
    await asyncio.sleep(0.5)  # the HTTP timeout has ended the requests the threads were in
    libre.delay = 0
    fresh = await translator.translate("Morgen is er gym.", "nl", "en")
    assert not fresh.failed


async def test_server_down_fails(
    libre: FakeLibreTranslate, make_translator: MakeTranslator
) -> None:
    translator = make_translator()
    await libre.stop()
    outcome = await translator.translate(NOTICE, "nl", "en")
    assert outcome.failed and outcome.reason == "connection" and outcome.text == NOTICE


async def test_wrong_key_is_unauthorized_and_keyless_server_works(
    libre: FakeLibreTranslate, make_translator: MakeTranslator
) -> None:
    wrong = await make_translator(api_key="wrong").translate(NOTICE, "nl", "en")
    assert wrong.failed and wrong.reason == "unauthorized"
    libre.api_key = None  # a self-hosted server without keys
    keyless = await make_translator(api_key=None).translate(NOTICE, "nl", "en")
    assert not keyless.failed and libre.seen[-1].api_key is None


async def test_languages_the_server_lacks_or_that_are_malformed(
    libre: FakeLibreTranslate, make_translator: MakeTranslator
) -> None:
    translator = make_translator()
    tigrinya = await translator.translate(NOTICE, "nl", "ti")  # model not loaded: HTTP 400
    assert tigrinya.failed and tigrinya.reason == "unsupported_language"
    assert libre.calls == 1
    nonsense = await translator.translate(NOTICE, "nl", "x1")
    assert nonsense.failed and nonsense.reason == "unsupported_language"
    assert libre.calls == 1 and translator.provider_calls == 1
    for language in ("uk", "ru", "so", "fa"):  # not in deep-translator's table: no matter
        assert not (await translator.translate(NOTICE, "nl", language)).failed


async def test_no_translation_needed(
    libre: FakeLibreTranslate, make_translator: MakeTranslator
) -> None:
    translator = make_translator()
    same = await translator.translate(NOTICE, "nl", "NL")
    assert (same.text, same.failed, same.machine_translated, same.reason) == (
        NOTICE,
        False,
        False,
        "same_language",
    )
    assert (await translator.translate("  \n", "nl", "ar")).reason == "empty"
    only_data = await translator.translate(
        "8.30 - 06-12345678, Sanne!", "nl", "ar", protected=["Sanne"]
    )
    assert only_data.reason == "nothing_to_translate" and not only_data.failed
    assert libre.calls == 0


async def test_provider_none_is_off_and_sends_nothing(
    libre: FakeLibreTranslate, db: Database
) -> None:
    translator = Translator("none", url=libre.url, db=db)
    assert not translator.enabled
    outcome = await translator.translate(NOTICE, "nl", "ar")
    assert (outcome.text, outcome.failed, outcome.reason) == (NOTICE, True, "off")
    assert libre.calls == 0 and translator.provider_calls == 0


async def test_from_settings(libre: FakeLibreTranslate) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        TRANSLATION_PROVIDER="Libre",
        TRANSLATION_URL=libre.url + "/",
        TRANSLATION_API_KEY=SecretStr(KEY),
        TRANSLATION_TIMEOUT=2,
    )
    translator = Translator.from_settings(settings, None)
    try:
        assert translator.enabled and translator.timeout == 2
        outcome = await translator.translate("Morgen is er gym.", "nl", "en")
        assert outcome.text == "Tomorrow is there gym."
    finally:
        translator.close()
    default = Translator.from_settings(Settings(_env_file=None), None)  # type: ignore[call-arg]
    assert not default.enabled


async def test_missing_configuration_fails_cleanly() -> None:
    for translator in (
        Translator("deepl"),
        Translator("microsoft"),
        Translator("libre"),
    ):
        outcome = await translator.translate(NOTICE, "nl", "en")
        assert outcome.failed and outcome.reason == "not_configured"
    with pytest.raises(ValueError):
        Translator("babelfish")


async def test_private_reply_is_not_cached(
    libre: FakeLibreTranslate, make_translator: MakeTranslator, db: Database
) -> None:
    translator = make_translator(db)
    outcome = await translator.translate("Dank je wel, juf!", "nl", "en", cache=False)
    assert outcome.machine_translated and await rows(db) == []


async def test_broken_cache_does_not_stop_translation(
    libre: FakeLibreTranslate, make_translator: MakeTranslator, tmp_path: Path
) -> None:
    broken = Database(f"sqlite+aiosqlite:///{tmp_path}/missing/dir/x.db")
    try:
        outcome = await make_translator(broken).translate("Morgen is er gym.", "nl", "en")
        assert outcome.text == "Tomorrow is there gym." and not outcome.failed
    finally:
        await broken.dispose()


async def test_logs_hold_no_text_names_or_key(
    libre: FakeLibreTranslate, make_translator: MakeTranslator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    translator = make_translator()
    await translator.translate(NOTICE, "nl", "ar", protected=NAMES)
    libre.status = 500
    await translator.translate("Morgen is er gym.", "nl", "ar")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "provider=libre pair=nl>ar result=ok" in logged
    assert "result=http_500" in logged
    for secret in ("Sanne", "Artis", "Morgen", "morgen", "Laarzen", "gym", KEY, "8.30"):
        assert secret not in logged
