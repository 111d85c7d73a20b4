"""Keep names, dates, times, places, e-mail, links and phone numbers out of machine translation.

Before a text goes to a translation engine, every protected span is replaced by a placeholder
token; after translation the tokens are replaced by the original spans again.

Token scheme: ``<PREFIX><LETTERS>``, for example ``ZQXAA``, ``ZQXAB``: an unpronounceable
all-capital "word" of ASCII letters only.

* No digits: engines localise digits (Arabic output turns ``1`` into ``١``) and reformat
  numbers, so tokens such as ``⟦1⟧`` or ``__1__`` get mangled.
* No markup: deep-translator sends plain text, and engines space out or translate ``<x1/>``
  and brackets in plain-text mode.
* A capitalised nonsense word is what engines copy unchanged (like a brand name), and
  inflecting languages may glue an ending to it (Turkish ``ZQXAB'da``, Polish ``ZQXABem``):
  the fixed width of the letter part still finds the token, and the ending stays attached
  to the restored name, which is what the language wants.
* The prefix is chosen per text so that it does not occur in the text (compared without
  case); its letters are distinct, so a prefix can never be formed across a token boundary.

Restoring is case-insensitive. If any token is missing, duplicated or unknown after
translation, `restore` returns None: the caller then treats the translation as failed, because
the Dutch original is better than a translation with a wrong time or name.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_TIME = r"(?:[01]?[0-9]|2[0-3])(?:[.:][0-5][0-9]|u[0-5][0-9])"
_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec"
)
_WEEKDAYS = "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo"

_URL = re.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]}]", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# dates in words: "vrijdag 12 december 2026", "12 dec", "1e januari", "december 2026"
_DATE_WORDS = re.compile(
    rf"(?<!\w)(?:(?:{_WEEKDAYS})\.?,?\s+)?[0-9]{{1,2}}(?:e|ste|de)?\s+(?:{_MONTHS})(?!\w)"
    rf"(?:\s+[0-9]{{4}})?(?!\w)|(?<!\w)(?:{_MONTHS})\s+[0-9]{{4}}(?!\w)",
    re.IGNORECASE,
)
# numeric dates: 12-12-2026, 12/12, 12.12.2026, 2026-12-12
_DATE_NUMBERS = re.compile(
    r"(?<![\w/.:-])(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}"
    r"(?:[-/.][0-9]{2,4})?)(?![\w/]|[-/.:][0-9])"
)
# times and time ranges: 8.30, 8:30, 19.30 (uur), 08:30-09:15, 8u30
_TIMES = re.compile(rf"(?<![\w.:]){_TIME}(?:\s*[-–]\s*{_TIME})?(?![\w]|[.:][0-9])")
# phone numbers: 9 to 13 digits, optionally after + or 00, single spaces or dashes between
_PHONES = re.compile(r"(?<![\w+])(?:\+|00)?[0-9](?:[ -]?[0-9]){8,12}(?!\w)")

#: Patterns protected in every text, in order of precedence (an earlier pattern's match wins
#: over an overlapping later one). Dates and times are kept exactly
#: as written; a weekday only as part of a date ("vrijdag 12 december"), a month only next to
#: a day number or a year. Links and e-mail addresses come before the caller's names (so
#: "Jan.Smit@school.nl" stays whole), dates, times and phone numbers after them.
FIRST_PATTERNS: tuple[re.Pattern[str], ...] = (_URL, _EMAIL)
LATER_PATTERNS: tuple[re.Pattern[str], ...] = (_DATE_WORDS, _DATE_NUMBERS, _TIMES, _PHONES)


class PlaceholderError(ValueError):
    """No placeholder prefix could be found that does not already occur in the text."""


@dataclass(frozen=True)
class Masked:
    """A text with its protected spans replaced by tokens, and what it takes to restore them."""

    text: str
    spans: tuple[str, ...]
    prefix: str
    width: int

    def token(self, index: int) -> str:
        """The placeholder token of span `index`."""
        return self.prefix + _encode(index, self.width)

    def _pattern(self) -> re.Pattern[str]:
        return re.compile(re.escape(self.prefix) + f"([A-Z]{{{self.width}}})", re.I | re.A)

    def restore(self, translated: str) -> str | None:
        """Put the spans back; None when a token is missing, duplicated or unknown."""
        if not self.spans:
            return translated
        seen: Counter[int] = Counter()

        def put_back(match: re.Match[str]) -> str:
            index = _decode(match.group(1).upper())
            seen[index] += 1
            return self.spans[index] if index < len(self.spans) else match.group(0)

        restored = self._pattern().sub(put_back, translated)
        if any(seen[i] != 1 for i in range(len(self.spans))) or len(seen) != len(self.spans):
            return None
        return restored

    def intact(self, translated: str) -> bool:
        """True when every token occurs exactly once in `translated`."""
        return self.restore(translated) is not None

    def without_tokens(self) -> str:
        """The masked text with the tokens taken out: what is left to translate."""
        return self._pattern().sub(" ", self.text) if self.spans else self.text


def protect(text: str, protected: Sequence[str] = ()) -> Masked:
    """Replace the automatic patterns and the caller's strings (names, places) by tokens.

    The caller's strings match case-sensitively and only as whole words ("Jan" does not
    protect part of "Januari"). Precedence for overlapping matches: links and e-mail
    addresses, then the caller's strings (longest first), then dates, times, phone numbers.
    """
    spans = _find_spans(text, protected)
    if not spans:
        return Masked(text, (), "", 0)
    prefix = _free_prefix(text)
    width = 2
    while len(_ALPHABET) ** width < len(spans):
        width += 1
    parts: list[str] = []
    originals: list[str] = []
    position = 0
    for index, (start, end) in enumerate(spans):
        parts.append(text[position:start])
        parts.append(prefix + _encode(index, width))
        originals.append(text[start:end])
        position = end
    parts.append(text[position:])
    return Masked("".join(parts), tuple(originals), prefix, width)


def restore(translated: str, masked: Masked) -> str | None:
    """Put the protected spans back into a translation of `masked.text` (None if one is lost)."""
    return masked.restore(translated)


def _find_spans(text: str, protected: Sequence[str]) -> list[tuple[int, int]]:
    words = sorted({p.strip() for p in protected if p and p.strip()}, key=len, reverse=True)
    word_patterns = [re.compile(rf"(?<!\w){re.escape(word)}(?!\w)") for word in words]
    chosen: list[tuple[int, int]] = []
    for pattern in (*FIRST_PATTERNS, *word_patterns, *LATER_PATTERNS):
        for match in pattern.finditer(text):
            start, end = match.span()
            if end > start and all(end <= s or start >= e for s, e in chosen):
                chosen.append((start, end))
    return sorted(chosen)


def _prefixes() -> Iterator[str]:
    for length in range(3, 7):
        for letters in itertools.permutations("ZQXJVW", length):
            yield "".join(letters)


def _free_prefix(text: str) -> str:
    for prefix in _prefixes():
        if not re.search(re.escape(prefix), text, re.I | re.A):
            return prefix
    raise PlaceholderError("no free placeholder prefix")


def _encode(index: int, width: int) -> str:
    letters = []
    for _ in range(width):
        index, rest = divmod(index, len(_ALPHABET))
        letters.append(_ALPHABET[rest])
    return "".join(reversed(letters))


def _decode(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * len(_ALPHABET) + _ALPHABET.index(letter)
    return index


def normalise_whitespace(text: str) -> str:
    """One space between words, single line breaks kept, at most one empty line, no edges."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    joined = "\n".join(" ".join(line.split()) for line in lines).strip()
    return re.sub(r"\n{3,}", "\n\n", joined)
