"""Abbreviations written out, figurative expressions and nominalisations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from taalcheck.lexicon import Idiom, abbreviations, idioms


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """A match in the text with its message and suggestion."""

    start: int
    end: int
    message: str
    suggestion: str | None


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    meanings: dict[str, tuple[str, str]] = {}
    forms: list[str] = []
    for entry in abbreviations():
        for form in entry.forms:
            meanings[form.lower()] = (entry.written_out, entry.plain)
            forms.append(form)
    forms.sort(key=len, reverse=True)
    body = "|".join(re.escape(form) for form in forms)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])", re.IGNORECASE), meanings


def find_abbreviations(text: str) -> list[PhraseHit]:
    """Abbreviations such as i.v.m. and z.s.m., with the words written out."""
    pattern, meanings = _abbreviation_pattern()
    hits = []
    for match in pattern.finditer(text):
        written, plain = meanings[match.group(0).lower()]
        advice = plain or written
        hits.append(
            PhraseHit(
                match.start(), match.end(), f"Afkorting: schrijf '{written}' helemaal uit.", advice
            )
        )
    return hits


def _matches(word: str, pattern: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


@lru_cache(maxsize=1)
def _idioms_by_first_word() -> tuple[dict[str, list[Idiom]], list[Idiom]]:
    """Idioms indexed by their first word; those starting with a wildcard word apart."""
    exact: dict[str, list[Idiom]] = {}
    wildcard: list[Idiom] = []
    for idiom in idioms():
        if idiom.words[0].endswith("*"):
            wildcard.append(idiom)
        else:
            exact.setdefault(idiom.words[0], []).append(idiom)
    return exact, wildcard


def find_figurative(words: list[tuple[str, int, int]]) -> list[PhraseHit]:
    """Figurative expressions (lower-case words with offsets of one sentence)."""
    lowered = [w for w, _, _ in words]
    exact, wildcard = _idioms_by_first_word()
    hits = []
    seen: set[Idiom] = set()
    for index, word in enumerate(lowered):
        candidates = exact.get(word, [])
        if wildcard:
            candidates = [*candidates, *(i for i in wildcard if _matches(word, i.words[0]))]
        for idiom in candidates:
            size = len(idiom.words)
            if idiom in seen or index + size > len(lowered):
                continue
            if not all(_matches(lowered[index + k], idiom.words[k]) for k in range(1, size)):
                continue
            if idiom.also and not any(_matches(w, a) for w in lowered for a in idiom.also):
                continue
            seen.add(idiom)
            hits.append(
                PhraseHit(
                    words[index][1],
                    words[index + size - 1][2],
                    "Beeldspraak: niet iedereen begrijpt dit letterlijk.",
                    f"Schrijf gewoon wat u bedoelt: {idiom.meaning}.",
                )
            )
    return hits


_NOMINAL = re.compile(
    r"\b(?:het|dit|dat)\s+([a-zà-ÿ]{4,}en)\s+van\b|\b(?:de|deze)\s+([a-zà-ÿ]{4,}ing)\s+van\b",
    re.IGNORECASE,
)
_NOT_NOMINAL = frozenset(
    {
        "eten",
        "leven",
        "wezen",
        "examen",
        "teken",
        "wapen",
        "laken",
        "lichaam",
        "kitten",
        "regen",
        "woning",
        "kleding",
        "richting",
        "leerling",
        "vereniging",
        "opleiding",
        "verwarming",
        "omgeving",
        "ruimtes",
        "keuken",
        "toetsen",
        "ouders",
        "kinderen",
        "lessen",
        "boeken",
        "spullen",
        "jongen",
        "meisjen",
        "afdeling",
        "tekening",
        "vergadering",
        "bijeenkomen",
    }
)


def find_nominalisations(text: str) -> list[PhraseHit]:
    """'Het invullen van', 'de verstrekking van': a verb hidden in a noun."""
    hits = []
    for match in _NOMINAL.finditer(text):
        word = (match.group(1) or match.group(2)).lower()
        if word in _NOT_NOMINAL:
            continue
        hits.append(
            PhraseHit(
                match.start(),
                match.end(),
                "Verborgen werkwoord: schrijf wie wat doet.",
                f"Gebruik het werkwoord in plaats van '{match.group(0)}'.",
            )
        )
    return hits
