"""The word lists in taalcheck/data, read once: jargon, abbreviations, idioms, participles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@cache
def word_set(name: str) -> frozenset[str]:
    """A one-word-a-line list, lower case."""
    return frozenset(row[0].lower() for row in _rows(name))


@dataclass(frozen=True, slots=True)
class JargonEntry:
    """A jargon or officialese term with its advice for the writer."""

    term: str
    kind: str
    pos: str
    advice: str
    extra: tuple[str, ...]


@lru_cache(maxsize=1)
def jargon() -> tuple[JargonEntry, ...]:
    """The jargon lexicon (first entry wins when a term is listed twice)."""
    seen: dict[str, JargonEntry] = {}
    for row in _rows("jargon.txt"):
        row += [""] * (5 - len(row))
        term, kind, pos, advice, extra = row[:5]
        if term and term not in seen:
            forms = tuple(form.strip() for form in extra.split("|") if form.strip())
            seen[term] = JargonEntry(term, kind, pos, advice, forms)
    return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """An abbreviation, its spellings, the words written out and a plainer wording."""

    forms: tuple[str, ...]
    written_out: str
    plain: str


@lru_cache(maxsize=1)
def abbreviations() -> tuple[Abbreviation, ...]:
    """The abbreviation list."""
    found = []
    for row in _rows("abbreviations.txt"):
        row += [""] * (3 - len(row))
        found.append(Abbreviation(tuple(row[0].split("|")), row[1], row[2]))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Idiom:
    """A figurative expression: its fixed words, a word that must also occur, its meaning."""

    words: tuple[str, ...]
    also: tuple[str, ...]
    meaning: str


@lru_cache(maxsize=1)
def idioms() -> tuple[Idiom, ...]:
    """The idiom list."""
    found = []
    for row in _rows("idioms.txt"):
        row += [""] * (3 - len(row))
        also = () if row[1] in ("", "-") else tuple(row[1].split("|"))
        found.append(Idiom(tuple(row[0].lower().split()), also, row[2]))
    return tuple(found)
