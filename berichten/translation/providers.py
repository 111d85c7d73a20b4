"""The translation engines behind deep-translator, their language codes and their failures.

Everything here is synchronous and runs in a worker thread of the Translator.

* Language codes: we speak ISO 639-1 ("nl", "ar", "uk"); each engine wants its own codes
  (MyMemory "nl-NL", Google "iw" for Hebrew, DeepL "EN-GB" as a target). We check the pair
  against the engine's table ourselves (an unsupported pair fails as "unsupported_language"
  before anything is sent) and then set the codes on the deep-translator object, because some
  of deep-translator's tables are older than the engines (DeepL's lacks Arabic).
* LibreTranslate: deep-translator's `LibreTranslator` accepts only the languages of its fixed
  table, which has neither "nl" nor "uk", so constructing it with source "nl" raises
  LanguageNotSupportedException; it also demands an API key that a self-hosted server may not
  need, puts the message text in the URL query (where proxies and access logs keep it) and
  has no timeout. `SchoolLibreTranslator` subclasses it: any well-formed language code (a
  self-hosted server offers the models it has loaded, and says so), an optional key, and the
  same request fields (q, source, target, format, api_key) sent as a form body with a
  timeout. The server's "xx is not supported" (HTTP 400) becomes "unsupported_language".
* Timeouts: deep-translator calls `requests` without a timeout, so a hung connection would keep
  a worker thread forever. Its modules get a stand-in for `requests` that adds the
  Translator's timeout, but only in our worker threads (thread-local; everything else is
  passed through unchanged).
* Privacy: exceptions from deep-translator and requests can contain the text, the URL (with
  the text in it) or the API key, so only `reason_for(error)` (a fixed code) is ever logged.
  urllib3 logs full URLs at DEBUG level; those records are dropped.
"""

from __future__ import annotations

import importlib
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from deep_translator import (
    DeeplTranslator,
    GoogleTranslator,
    LibreTranslator,
    MicrosoftTranslator,
    MyMemoryTranslator,
)
from deep_translator.base import BaseTranslator
from deep_translator.constants import (
    DEEPL_LANGUAGE_TO_CODE,
    GOOGLE_LANGUAGES_TO_CODES,
    LIBRE_LANGUAGES_TO_CODES,
    MY_MEMORY_LANGUAGES_TO_CODES,
)
from deep_translator.exceptions import (
    ApiKeyException,
    AuthorizationException,
    ElementNotFoundInGetRequest,
    InvalidSourceOrTargetLanguage,
    LanguageNotSupportedException,
    MicrosoftAPIerror,
    NotValidLength,
    NotValidPayload,
    RequestError,
    ServerException,
    TooManyRequests,
    TranslationNotFound,
)
from deep_translator.validate import request_failed

PROVIDERS = ("none", "google", "deepl", "microsoft", "libre", "mymemory")

#: Longest text (characters) one request may carry; longer texts are sent in pieces split at
#: line breaks. Google and MyMemory refuse longer input; DeepL's request is a GET URL.
LIMITS: dict[str, int] = {"google": 4999, "mymemory": 499, "deepl": 1000, "microsoft": 10000}

#: What a language code sent to LibreTranslate or Microsoft may look like ("nl", "zh-Hant").
_CODE_SHAPE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?")

_GOOGLE_CODES = set(GOOGLE_LANGUAGES_TO_CODES.values())
_GOOGLE_SPECIAL = {"he": "iw", "jv": "jw", "zh": "zh-CN"}
_DEEPL_SOURCES = {c.upper() for c in DEEPL_LANGUAGE_TO_CODE.values()} | {"AR", "KO", "NB"}
_DEEPL_TARGET_SPECIAL = {"EN": "EN-GB", "PT": "PT-PT"}
_MYMEMORY_CODES = set(MY_MEMORY_LANGUAGES_TO_CODES.values())
_MYMEMORY_PREFERRED = {
    "nl": "nl-NL",
    "en": "en-GB",
    "ar": "ar-SA",
    "fr": "fr-FR",
    "es": "es-ES",
    "de": "de-DE",
    "pt": "pt-PT",
    "zh": "zh-CN",
}
_MICROSOFT_SPECIAL = {"zh": "zh-Hans", "sr": "sr-Cyrl", "no": "nb"}

_thread = threading.local()


class HttpStatusError(ServerException):
    """A translation server answered with an HTTP error status."""

    def __init__(self, status_code: int) -> None:
        super().__init__(status_code)
        self.status_code = status_code


class SchoolLibreTranslator(LibreTranslator):
    """LibreTranslator for a (self-hosted) server: more languages, optional key, body, timeout."""

    def __init__(
        self, source: str, target: str, *, url: str, api_key: str | None, timeout: float
    ) -> None:
        self.api_key = api_key
        self.timeout = timeout
        BaseTranslator.__init__(
            self,
            base_url=url.rstrip("/") + "/",
            source=source,
            target=target,
            # deep-translator's fixed table plus this pair: the server knows what it offers
            languages={**LIBRE_LANGUAGES_TO_CODES, source: source, target: target},
        )

    def translate(self, text: str, **kwargs: Any) -> str:
        """Translate one text with POST /translate; raise deep-translator's exceptions."""
        if self._same_source_target() or not text:
            return text
        form = {"q": text, "source": self._source, "target": self._target, "format": "text"}
        if self.api_key:
            form["api_key"] = self.api_key
        response = requests.post(self._base_url + "translate", data=form, timeout=self.timeout)
        if response.status_code == 403:
            raise AuthorizationException("(hidden)")
        if response.status_code == 400 and "not supported" in response.text:
            raise LanguageNotSupportedException("(hidden)")
        if request_failed(status_code=response.status_code):
            raise HttpStatusError(response.status_code)
        body = response.json()
        translated = body.get("translatedText") if isinstance(body, dict) else None
        if not isinstance(translated, str):
            raise TranslationNotFound("(hidden)")
        return translated


class _QuietMicrosoftTranslator(MicrosoftTranslator):
    """MicrosoftTranslator without the unauthenticated language-list request on every use."""

    def _get_supported_languages(self) -> dict[str, str]:
        return {"dutch": "nl", "english": "en"}


class _RequestsWithTimeout:
    """Stands in for `requests` in deep-translator's modules: adds our timeout in our threads."""

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    @staticmethod
    def _with_timeout(kwargs: dict[str, Any]) -> dict[str, Any]:
        timeout = getattr(_thread, "timeout", None)
        if timeout is not None and kwargs.get("timeout") is None:
            kwargs["timeout"] = timeout
        return kwargs

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        """requests.get with the worker thread's timeout."""
        return requests.get(url, params=params, **self._with_timeout(kwargs))

    def post(
        self, url: str, data: Any = None, json: Any = None, **kwargs: Any
    ) -> requests.Response:
        """requests.post with the worker thread's timeout."""
        return requests.post(url, data=data, json=json, **self._with_timeout(kwargs))


class _DropUrlDebug(logging.Filter):
    """Drop urllib3's DEBUG records: they carry full URLs, and GET engines put text in them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


_installed = False
_install_lock = threading.Lock()


def install_safeguards() -> None:
    """Give deep-translator's modules the timeout-adding `requests` and quiet urllib3 (once)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        stand_in = _RequestsWithTimeout()
        for name in ("google", "deepl", "microsoft", "mymemory"):
            module = importlib.import_module(f"deep_translator.{name}")
            module.requests = stand_in  # type: ignore[attr-defined]
        logging.getLogger("urllib3.connectionpool").addFilter(_DropUrlDebug())
        _installed = True


def thread_timeout(timeout: float | None) -> None:
    """Set the HTTP timeout for deep-translator's requests made by the current thread."""
    _thread.timeout = timeout


@dataclass(frozen=True)
class Engine:
    """One configured provider: checks a request and translates it (blocking)."""

    provider: str
    api_key: str | None = None
    url: str | None = None
    timeout: float = 10.0

    def problem(self, source: str, target: str, text: str) -> str | None:
        """Why this request cannot be sent at all, or None."""
        if self.provider in ("deepl", "microsoft") and not self.api_key:
            return "not_configured"
        if self.provider == "libre" and not self.url:
            return "not_configured"
        if self.codes(source, target) is None:
            return "unsupported_language"
        if split_for_limit(text, LIMITS.get(self.provider)) is None:
            return "too_long"
        return None

    def codes(self, source: str, target: str) -> tuple[str, str] | None:
        """The engine's codes for an ISO 639-1 pair, or None when it does not offer the pair."""
        mapper: Callable[[str, bool], str | None] = {
            "google": _google_code,
            "deepl": _deepl_code,
            "microsoft": _microsoft_code,
            "libre": _libre_code,
            "mymemory": _mymemory_code,
        }.get(self.provider, lambda _code, _target: None)
        mapped_source, mapped_target = mapper(source, False), mapper(target, True)
        if mapped_source is None or mapped_target is None:
            return None
        return mapped_source, mapped_target

    def translate(self, text: str, source: str, target: str) -> str:
        """Translate `text` (blocking, in a worker thread); raises on any failure."""
        codes = self.codes(source, target)
        chunks = split_for_limit(text, LIMITS.get(self.provider))
        if codes is None:
            raise LanguageNotSupportedException(f"{source}>{target}")
        if chunks is None:
            raise NotValidLength("(hidden)", 0, LIMITS.get(self.provider, 0))
        thread_timeout(self.timeout)
        try:
            translator = self._make(*codes)
            pieces = [
                chunk if not chunk.strip() else _checked(translator.translate(chunk))
                for chunk in chunks
            ]
        finally:
            thread_timeout(None)
        return "\n".join(pieces)

    def _make(self, source: str, target: str) -> BaseTranslator:
        translator: BaseTranslator
        if self.provider == "libre":
            assert self.url is not None
            return SchoolLibreTranslator(
                source, target, url=self.url, api_key=self.api_key, timeout=self.timeout
            )
        if self.provider == "google":
            translator = GoogleTranslator(source="nl", target="en")
        elif self.provider == "mymemory":
            translator = MyMemoryTranslator(source="nl-NL", target="en-GB")
        elif self.provider == "deepl":
            free = self._deepl_free()
            translator = DeeplTranslator(
                source="nl", target="en", api_key=self.api_key, use_free_api=free
            )
        elif self.provider == "microsoft":
            region = self.url if self.url and "://" not in self.url else None
            translator = _QuietMicrosoftTranslator(
                source="nl", target="en", api_key=self.api_key, region=region
            )
            if self.url and "://" in self.url:
                translator._base_url = self.url
        else:
            raise LanguageNotSupportedException(self.provider)
        # Our own table check ran in codes(); deep-translator's tables can be out of date.
        translator.source = source
        translator.target = target
        return translator

    def _deepl_free(self) -> bool:
        """DeepL Free keys end in ":fx"; TRANSLATION_URL (api-free / api) overrides that."""
        if self.url:
            return "api-free" in self.url
        return bool(self.api_key and self.api_key.endswith(":fx"))


def _checked(result: object) -> str:
    if not isinstance(result, str) or not result.strip():
        raise TranslationNotFound("(hidden)")
    return result


def split_for_limit(text: str, limit: int | None) -> list[str] | None:
    """Pieces of at most `limit` - 1 characters, split at line breaks; None if a line is longer."""
    if limit is None or len(text) < limit:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        if len(line) >= limit:
            return None
        if current and size + 1 + len(line) >= limit:
            pieces.append("\n".join(current))
            current, size = [], 0
        size += len(line) + (1 if current else 0)
        current.append(line)
    pieces.append("\n".join(current))
    return pieces


def _google_code(code: str, _target: bool) -> str | None:
    mapped = _GOOGLE_SPECIAL.get(code, code)
    return mapped if mapped in _GOOGLE_CODES else None


def _deepl_code(code: str, target: bool) -> str | None:
    upper = code.upper()
    if upper not in _DEEPL_SOURCES:
        return None
    return _DEEPL_TARGET_SPECIAL.get(upper, upper) if target else upper


def _microsoft_code(code: str, _target: bool) -> str | None:
    return _MICROSOFT_SPECIAL.get(code, code) if _CODE_SHAPE.fullmatch(code) else None


def _libre_code(code: str, _target: bool) -> str | None:
    return code if _CODE_SHAPE.fullmatch(code) else None


def _mymemory_code(code: str, _target: bool) -> str | None:
    if code in _MYMEMORY_PREFERRED:
        return _MYMEMORY_PREFERRED[code]
    regional = sorted(c for c in _MYMEMORY_CODES if c.split("-")[0].lower() == code)
    return regional[0] if regional else None


def reason_for(error: BaseException) -> str:
    """A short, fixed code for a failure; never the exception's message (it may hold text)."""
    if isinstance(error, TimeoutError | requests.Timeout):
        return "timeout"
    if isinstance(error, HttpStatusError):
        return f"http_{error.status_code}"
    if isinstance(error, requests.ConnectionError):
        return "connection"
    if isinstance(error, AuthorizationException):
        return "unauthorized"
    if isinstance(error, TooManyRequests):
        return "http_429"
    if isinstance(error, ServerException):
        message = str(error.args[0]) if error.args else ""
        codes = [code for code, text in ServerException.errors.items() if text == message]
        return f"http_{codes[0]}" if codes else "http_error"
    if isinstance(error, RequestError):
        return "http_error"
    if isinstance(error, LanguageNotSupportedException | InvalidSourceOrTargetLanguage):
        return "unsupported_language"
    if isinstance(error, ApiKeyException):
        return "not_configured"
    if isinstance(error, NotValidLength | NotValidPayload):
        return "too_long"
    if isinstance(error, TranslationNotFound | ElementNotFoundInGetRequest):
        return "no_translation"
    if isinstance(error, MicrosoftAPIerror):
        return "provider_error"
    if isinstance(error, requests.RequestException):
        return "connection"
    if isinstance(error, ValueError | KeyError | TypeError | AttributeError | IndexError):
        return "bad_response"
    return "provider_error"
