"""Engines: language codes per provider, LibreTranslate without "nl", timeouts, failure codes."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, cast

import pytest
import requests
from deep_translator import (
    DeeplTranslator,
    GoogleTranslator,
    LibreTranslator,
    MicrosoftTranslator,
    MyMemoryTranslator,
)
from deep_translator.exceptions import (
    AuthorizationException,
    LanguageNotSupportedException,
    NotValidLength,
    RequestError,
    ServerException,
    TooManyRequests,
    TranslationNotFound,
)

from berichten.translation.providers import (
    Engine,
    HttpStatusError,
    SchoolLibreTranslator,
    _RequestsWithTimeout,
    install_safeguards,
    reason_for,
    split_for_limit,
    thread_timeout,
)
from tests.translation.conftest import KEY
from tests.translation.fake_libretranslate import FakeLibreTranslate


def test_deep_translators_libre_table_lacks_dutch() -> None:
    """Why SchoolLibreTranslator exists: the stock class refuses "nl" before any request."""
    with pytest.raises(LanguageNotSupportedException):
        LibreTranslator(source="nl", target="en", api_key="k", custom_url="http://127.0.0.1:9/")


@pytest.mark.parametrize(
    ("provider", "source", "target", "expected"),
    [
        ("libre", "nl", "uk", ("nl", "uk")),
        ("libre", "ar", "nl", ("ar", "nl")),
        ("libre", "nl", "zh-Hant", ("nl", "zh-Hant")),
        ("libre", "nl", "n!", None),
        ("google", "nl", "he", ("nl", "iw")),
        ("google", "nl", "ti", ("nl", "ti")),
        ("deepl", "nl", "en", ("NL", "EN-GB")),
        ("deepl", "nl", "ar", ("NL", "AR")),
        ("deepl", "ar", "nl", ("AR", "NL")),
        ("deepl", "nl", "so", None),
        ("mymemory", "nl", "uk", ("nl-NL", "uk-UA")),
        ("mymemory", "tr", "nl", ("tr-TR", "nl-NL")),
        ("microsoft", "nl", "zh", ("nl", "zh-Hans")),
        ("microsoft", "nl", "prs", ("nl", "prs")),
    ],
)
def test_language_codes(
    provider: str, source: str, target: str, expected: tuple[str, str] | None
) -> None:
    assert Engine(provider, api_key="k", url="http://x").codes(source, target) == expected


@pytest.mark.parametrize(
    ("provider", "kind"),
    [
        ("google", GoogleTranslator),
        ("mymemory", MyMemoryTranslator),
        ("deepl", DeeplTranslator),
        ("microsoft", MicrosoftTranslator),
        ("libre", SchoolLibreTranslator),
    ],
)
def test_engines_build_deep_translator_objects_without_network(provider: str, kind: type) -> None:
    engine = Engine(provider, api_key="key:fx", url="http://127.0.0.1:9")
    codes = engine.codes("nl", "ar")
    assert codes is not None
    translator = engine._make(*codes)
    assert isinstance(translator, kind)
    described = cast(Any, translator)
    assert (described.source, described.target) == codes


def test_deepl_free_or_pro_and_microsoft_region() -> None:
    assert (
        Engine("deepl", api_key="abc:fx")
        ._make("NL", "AR")
        ._base_url.startswith("https://api-free.deepl.com")
    )
    assert (
        Engine("deepl", api_key="abc")
        ._make("NL", "AR")
        ._base_url.startswith("https://api.deepl.com")
    )
    microsoft = Engine("microsoft", api_key="k", url="westeurope")._make("nl", "ar")
    assert microsoft.headers["Ocp-Apim-Subscription-Region"] == "westeurope"


def test_problems_before_sending() -> None:
    assert Engine("deepl").problem("nl", "en", "x") == "not_configured"
    assert Engine("libre", api_key="k").problem("nl", "en", "x") == "not_configured"
    assert Engine("libre", url="http://x").problem("nl", "en", "x") is None
    assert Engine("google").problem("nl", "xx", "x") == "unsupported_language"
    assert Engine("mymemory").problem("nl", "en", "a" * 600) == "too_long"
    assert Engine("mymemory").problem("nl", "en", "a\n" * 300) is None


def test_split_for_limit_keeps_lines_whole() -> None:
    text = "\n".join(f"regel {n}" for n in range(100))
    pieces = split_for_limit(text, 50)
    assert pieces is not None and "\n".join(pieces) == text
    assert all(len(piece) < 50 for piece in pieces)
    assert split_for_limit("x" * 60, 50) is None
    assert split_for_limit("kort", None) == ["kort"]


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (TimeoutError(), "timeout"),
        (requests.ReadTimeout(), "timeout"),
        (requests.ConnectionError(), "connection"),
        (HttpStatusError(502), "http_502"),
        (ServerException(500), "http_500"),
        (ServerException(418), "http_error"),
        (AuthorizationException("k"), "unauthorized"),
        (TooManyRequests(), "http_429"),
        (RequestError(), "http_error"),
        (LanguageNotSupportedException("xx"), "unsupported_language"),
        (NotValidLength("t", 0, 5), "too_long"),
        (TranslationNotFound("t"), "no_translation"),
        (ValueError("bad json"), "bad_response"),
        (RuntimeError("?"), "provider_error"),
    ],
)
def test_reasons(error: BaseException, reason: str) -> None:
    assert reason_for(error) == reason


async def test_libre_engine_over_http(libre: FakeLibreTranslate) -> None:
    engine = Engine("libre", api_key=KEY, url=libre.url, timeout=2)
    translated = await asyncio.to_thread(engine.translate, "Morgen is er gym.", "nl", "en")
    assert translated == "Tomorrow is there gym."
    libre.status = 503
    with pytest.raises(ServerException) as raised:
        await asyncio.to_thread(engine.translate, "Morgen is er gym.", "nl", "en")
    assert reason_for(raised.value) == "http_503"


async def test_requests_stand_in_adds_the_thread_timeout(libre: FakeLibreTranslate) -> None:
    libre.delay = 5.0
    stand_in = _RequestsWithTimeout()

    def slow_call() -> float:
        thread_timeout(0.3)
        started = time.monotonic()
        try:
            stand_in.post(libre.url + "/translate", data={"q": "x"})
        except requests.Timeout:
            return time.monotonic() - started
        finally:
            thread_timeout(None)
        return -1.0

    assert 0.2 < await asyncio.to_thread(slow_call) < 1.5
    assert stand_in.exceptions is requests.exceptions  # everything else passes through


def test_safeguards_replace_requests_in_deep_translator_and_quiet_urllib3() -> None:
    install_safeguards()
    install_safeguards()  # idempotent
    import deep_translator.google as google_module

    assert isinstance(google_module.requests, _RequestsWithTimeout)
    logger = logging.getLogger("urllib3.connectionpool")
    debug = logger.makeRecord(logger.name, logging.DEBUG, "f", 1, "GET /m?q=text", (), None)
    warning = logger.makeRecord(logger.name, logging.WARNING, "f", 1, "retry", (), None)
    assert not logger.filter(debug) and logger.filter(warning)
