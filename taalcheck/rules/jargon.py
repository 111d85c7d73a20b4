"""Jargon and officialese from the lexicon, with inflections, plurals and multi-word terms."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from taalcheck.lexicon import JargonEntry, jargon
from taalcheck.rules.words import zipf
from taalcheck.text import Span
from taalcheck.wordforms import adjective_forms, finite_forms, fold, noun_forms, verb_forms


@dataclass(frozen=True, slots=True)
class JargonHit:
    """A jargon term found: the words it covers and its entry."""

    start: int
    end: int
    entry: JargonEntry


_TAIL_MIN = 9  # a noun this long also counts as the last part of a compound
_HEAD_MIN = 7  # a noun this long also counts as the first part of a compound
_HEAD_REST_ZIPF = 3.0  # the rest of such a compound must be a known Dutch word
_PARTICLE_REACH = 8  # words between a split verb and its particle ("wij nemen ... deel")
_PREPOSITIONS = frozenset(
    [
        "aan",
        "in",
        "op",
        "uit",
        "bij",
        "na",
        "over",
        "door",
        "om",
        "voor",
        "met",
        "tot",
        "van",
        "naar",
        "onder",
        "tegen",
    ]
)
_NEW_CLAUSE = frozenset(
    [
        "dat",
        "die",
        "wat",
        "omdat",
        "wanneer",
        "zodat",
        "want",
        "maar",
        "terwijl",
        "voordat",
        "nadat",
        "waar",
        "wie",
        "zodra",
    ]
)
_CLAUSE_WORDS = frozenset(
    [
        "en",
        "of",
        "maar",
        "want",
        "omdat",
        "als",
        "zodat",
        "wanneer",
        "dan",
        "voordat",
        "nadat",
        "terwijl",
        "dus",
        "te",
        "om",
    ]
)


@dataclass(frozen=True, slots=True)
class _Index:
    """The lexicon as lookup tables."""

    words: dict[str, JargonEntry]
    capitals: dict[str, JargonEntry]
    phrases: dict[tuple[str, ...], JargonEntry]
    endings: dict[str, JargonEntry]
    heads: dict[str, JargonEntry]
    split_verbs: dict[str, list[tuple[str, JargonEntry]]]
    longest_phrase: int
    ending_lengths: tuple[int, ...]
    head_lengths: tuple[int, ...]


def _separable_finite_forms(term: str) -> set[str]:
    """Finite forms of a separable verb that stand apart from their particle."""
    return finite_forms(term.rpartition("|")[2])[0]


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Single words (case-insensitive), capitals (exact), phrases, compound parts, split verbs."""
    words: dict[str, JargonEntry] = {}
    capitals: dict[str, JargonEntry] = {}
    phrases: dict[tuple[str, ...], JargonEntry] = {}
    endings: dict[str, JargonEntry] = {}
    heads: dict[str, JargonEntry] = {}
    split_verbs: dict[str, list[tuple[str, JargonEntry]]] = {}
    for entry in jargon():
        base = entry.term
        if entry.pos in ("n", "n+"):
            forms = noun_forms(base.lower())
        elif entry.pos == "v":
            forms = verb_forms(base.lower())
        elif entry.pos == "a":
            forms = adjective_forms(base.lower())
        else:
            forms = {base.lower()}
        forms |= {form.lower() for form in entry.extra}
        is_capitals = base.isupper() or (sum(ch.isupper() for ch in base) >= 2 and " " not in base)
        particle = base.lower().partition("|")[0] if entry.pos == "v" and "|" in base else ""
        for form in forms:
            pieces = tuple(fold(piece.rstrip("-")) for piece in form.split())
            if len(pieces) == 2 and pieces[1] == particle:
                # "vond ... plaats" also split; "komt na" must not match "komt na de vakantie"
                split_verbs.setdefault(pieces[0], []).append((particle, entry))
                if particle not in _PREPOSITIONS:
                    phrases.setdefault(pieces, entry)
            elif len(pieces) > 1:
                phrases.setdefault(pieces, entry)
            elif is_capitals:
                original = next((f for f in (base, *entry.extra) if f.lower() == form), base)
                capitals.setdefault(original, entry)
            else:
                words.setdefault(fold(form), entry)
        single_noun = entry.pos in ("n", "n+") and " " not in base and not is_capitals
        if single_noun and (entry.pos == "n+" or len(base) >= _TAIL_MIN):
            for form in noun_forms(base.lower()):
                if len(form) >= 5:
                    endings.setdefault(fold(form), entry)
        if single_noun and len(base) >= _HEAD_MIN:
            heads.setdefault(fold(base), entry)
        if particle and " " not in base:
            for form in _separable_finite_forms(base.lower()):
                split_verbs.setdefault(fold(form), []).append((fold(particle), entry))
    return _Index(
        words,
        capitals,
        phrases,
        endings,
        heads,
        split_verbs,
        max((len(key) for key in phrases), default=1),
        tuple(sorted({len(ending) for ending in endings}, reverse=True)),
        tuple(sorted({len(head) for head in heads}, reverse=True)),
    )


def _compound_ending(word: str, index: _Index) -> JargonEntry | None:
    """A compound whose last part is a jargon noun (ouderbeleid, rekenmethode)."""
    for size in index.ending_lengths:
        if len(word) - size >= 3 and word[-size:] in index.endings:
            return index.endings[word[-size:]]
    return None


def _compound_head(word: str, index: _Index) -> JargonEntry | None:
    """A compound whose first part is a long jargon noun (studiedagrooster, zorgplanbespreking)."""
    for size in index.head_lengths:
        if len(word) - size < 4 or word[:size] not in index.heads:
            continue
        rest = word[size:]
        for link in ("", "s", "en"):
            tail = rest[len(link) :] if rest.startswith(link) else ""
            if len(tail) >= 4 and zipf(tail) >= _HEAD_REST_ZIPF:
                return index.heads[word[:size]]
    return None


def _capital_match(token: str, capitals: dict[str, JargonEntry]) -> JargonEntry | None:
    if token in capitals:
        return capitals[token]
    for separator in ("'", "’"):
        head = token.split(separator, 1)[0]
        if head != token and head in capitals:
            return capitals[head]
    for part in token.split("-")[:4] if "-" in token else ():
        part = part.split("'", 1)[0].split("’", 1)[0]
        if part in capitals or (part[:-1] in capitals and part.endswith("s") and part.isupper()):
            return capitals.get(part) or capitals[part[:-1]]
    if token.endswith("s") and token[:-1] in capitals and token[:-1].isupper():
        return capitals[token[:-1]]
    return None


def _word_match(token: str, lowered: str, index: _Index) -> JargonEntry | None:
    """The entry one word token stands for, whole, by its parts, or as a compound."""
    entry = _capital_match(token, index.capitals) or index.words.get(lowered)
    if entry is None and "-" in lowered:
        entry = index.words.get(lowered.replace("-", ""))
        for part in lowered.split("-"):
            if entry is None and len(part) >= 3:
                entry = index.words.get(part)
    if entry is None and len(lowered) > 7:
        entry = _compound_ending(lowered, index) or _compound_head(lowered, index)
    return entry


def _closes_clause(position: int, lowered: list[str], tokens: list[Span], source: str) -> bool:
    """True if the word at position ends its clause: punctuation, the end, or a linking word."""
    if position + 1 == len(tokens):
        return True
    if lowered[position + 1] in _CLAUSE_WORDS:
        return True
    if not source:
        return False
    between = source[tokens[position].end : tokens[position + 1].start]
    return any(mark in between for mark in ".,;:!?()\n")


def _split_verb(
    position: int, lowered: list[str], tokens: list[Span], source: str, index: _Index
) -> JargonEntry | None:
    """A separable jargon verb whose particle closes the clause later on (wij nemen ... deel)."""
    candidates = index.split_verbs.get(lowered[position])
    if not candidates:
        return None
    last = min(len(tokens), position + 1 + _PARTICLE_REACH)
    for later in range(position + 1, last):
        gap = source[tokens[later - 1].end : tokens[later].start] if source else ""
        if any(mark in gap for mark in ".!?;:,") or lowered[later] in _NEW_CLAUSE:
            return None  # the particle stands before a new clause, never after it
        for particle, entry in candidates:
            if lowered[later] == particle and (
                particle not in _PREPOSITIONS or _closes_clause(later, lowered, tokens, source)
            ):
                return entry
    return None


def _in_address(token: Span, source: str) -> bool:
    """True if the word is part of a web or e-mail address (www.school-de-linde.nl)."""
    start, end = token.start, token.end
    while start > 0 and token.start - start < 80 and not source[start - 1].isspace():
        start -= 1
    while end < len(source) and end - token.end < 80 and not source[end].isspace():
        end += 1
    chunk = source[start:end]
    return "@" in chunk or "://" in chunk or "www." in chunk.lower()


def find_jargon(tokens: list[Span], source: str = "") -> list[JargonHit]:
    """Jargon in a list of word tokens; source is the text their offsets point into."""
    index = _index()
    if source:
        tokens = [token for token in tokens if not _in_address(token, source)]
    lowered = [fold(token.text) for token in tokens]
    hits: list[JargonHit] = []
    position = 0
    while position < len(tokens):
        found = None
        for size in range(min(index.longest_phrase, len(tokens) - position), 1, -1):
            entry = index.phrases.get(tuple(lowered[position : position + size]))
            if entry is not None:
                found = (size, entry)
                break
        if found is None:
            entry = _word_match(tokens[position].text, lowered[position], index)
            if entry is None:
                entry = _split_verb(position, lowered, tokens, source, index)
            if entry is not None:
                found = (1, entry)
        if found is not None:
            size, entry = found
            hits.append(JargonHit(tokens[position].start, tokens[position + size - 1].end, entry))
            position += size
        else:
            position += 1
    return hits
