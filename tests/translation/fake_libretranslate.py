"""A LibreTranslate-compatible test server on 127.0.0.1 with switchable failure modes."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

#: The models this server has loaded; Tigrinya ("ti"), for one, is missing.
LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk", "fr", "es", "de", "ru", "so", "fa")

#: The fake's whole "model": Dutch words it knows. Everything else passes through unchanged,
#: as real engines do with names and nonsense words.
DUTCH_ENGLISH = {
    "beste": "dear",
    "ouders": "parents",
    "morgen": "tomorrow",
    "is": "is",
    "er": "there",
    "gym": "gym",
    "om": "at",
    "uur": "o'clock",
    "op": "on",
    "de": "the",
    "het": "the",
    "een": "a",
    "school": "school",
    "gaan": "go",
    "we": "we",
    "met": "with",
    "naar": "to",
    "in": "in",
    "en": "and",
    "komt": "comes",
    "welkom": "welcome",
    "koffie": "coffee",
    "bij": "at",
    "schoolpoort": "school gate",
    "studiedag": "study day",
    "geen": "no",
    "mail": "mail",
    "bel": "call",
    "of": "or",
    "laarzen": "boots",
    "meenemen": "bring",
    "graag": "please",
    "ouderavond": "parent evening",
    "dank": "thanks",
    "je": "you",
    "wel": "indeed",
}
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass
class Seen:
    """One /translate request as the server received it."""

    q: str
    source: str
    target: str
    api_key: str | None
    text_in_url: bool


def fake_translate(text: str, source: str, target: str) -> str:
    """Deterministic stand-in for a translation model.

    Known Dutch words become English (capitals kept); other targets get a "[xx] " prefix.
    Like real engines it also localises digits for Arabic and spaces out angle brackets, which
    is what breaks digit- or markup-based placeholders.
    """

    def word(match: re.Match[str]) -> str:
        found = match.group(0)
        english = DUTCH_ENGLISH.get(found.lower()) if source == "nl" else None
        if english is None:
            return found
        return english[0].upper() + english[1:] if found[0].isupper() else english

    result = re.sub(r"[^\W\d_]+", word, text)
    result = result.replace("<", "< ").replace(">", " >")
    if target == "ar":
        result = result.translate(ARABIC_DIGITS)
    return result if target == "en" else f"[{target}] {result}"


class FakeLibreTranslate:
    """POST /translate (form, JSON or query) and GET /languages, like LibreTranslate.

    Switches for tests: `status` (answer every translation with this HTTP status), `delay`
    (seconds before answering), `api_key` (403 for a missing or wrong key), `transform`
    (post-process the output, e.g. to lose a placeholder) and `stop()` (server down).
    """

    def __init__(self, api_key: str | None = None) -> None:
        self.api_key = api_key
        self.status: int | None = None
        self.delay = 0.0
        self.transform: Callable[[str], str] | None = None
        self.calls = 0
        self.seen: list[Seen] = []
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()
        self.port = 0

    @property
    def url(self) -> str:
        """The base URL, as TRANSLATION_URL would give it."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application()
        app.router.add_post("/translate", self._translate)
        app.router.add_get("/languages", self._languages)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Close the server: further connections are refused."""
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _languages(self, _request: web.Request) -> web.Response:
        return web.json_response(
            [{"code": c, "name": c, "targets": [t for t in LANGUAGES if t != c]} for c in LANGUAGES]
        )

    async def _translate(self, request: web.Request) -> web.Response:
        self.calls += 1
        if request.content_type == "application/json":
            fields = {k: str(v) for k, v in (await request.json()).items()}
        else:
            fields = {k: str(v) for k, v in (await request.post()).items()}
        text_in_url = "q" in request.query
        fields = {**dict(request.query), **fields}
        q, source, target = fields.get("q", ""), fields.get("source", ""), fields.get("target", "")
        self.seen.append(Seen(q, source, target, fields.get("api_key"), text_in_url))
        if self.delay:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.delay)
        if self.api_key is not None and fields.get("api_key") != self.api_key:
            return web.json_response({"error": "Invalid API key"}, status=403)
        if self.status is not None:
            return web.json_response({"error": "broken on purpose"}, status=self.status)
        for code in (source, target):
            if code not in LANGUAGES:
                return web.json_response({"error": f"{code} is not supported"}, status=400)
        translated = fake_translate(q, source, target)
        if self.transform is not None:
            translated = self.transform(translated)
        return web.json_response({"translatedText": translated})
