"""Jargon and officialese from the lexicon, with inflections, plurals and multi-word terms."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from taalcheck.lexicon import JargonEntry, jargon
from taalcheck.text import Span

_VOWELS = "aeiou"


@dataclass(frozen=True, slots=True)
class JargonHit:
    """A jargon term found: the words it covers and its entry."""

    start: int
    end: int
    entry: JargonEntry


def _noun_forms(term: str) -> set[str]:
    forms = {
        term,
        term + "s",
        term + "'s",
        term + "en",
        term + "n",
        term + "je",
        term + "tje",
        term + "jes",
        term + "tjes",
        term + "pje",
    }
    if (
        len(term) > 2
        and term[-1] not in _VOWELS
        and term[-2] in _VOWELS
        and term[-3] not in _VOWELS
    ):
        forms.add(term + term[-1] + "en")  # les -> lessen
    if term.endswith(("ing", "heid")):
        forms.add(term + "en" if term.endswith("ing") else term[:-4] + "heden")
    return forms


_UNSTRESSED = ("ig", "el", "em", "en")  # wijzigen, ontwikkelen, ondertekenen: no doubling


def _stem(infinitive: str) -> str:
    stem = infinitive[:-2] if infinitive.endswith("en") else infinitive
    if stem.endswith("uer"):
        stem = stem[:-1] + "er"  # evalueren -> evalueer
    elif len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        stem = stem[:-1]  # stoppen -> stop
    elif stem.endswith(_UNSTRESSED) and len(stem) > 4:
        pass
    elif (
        len(stem) > 2
        and stem[-2] in _VOWELS
        and stem[-1] not in _VOWELS
        and stem[-3] not in _VOWELS
    ):
        stem = stem[:-1] + stem[-2] + stem[-1]  # retourneren -> retourneer
    if stem.endswith("z"):
        stem = stem[:-1] + "s"
    if stem.endswith("v"):
        stem = stem[:-1] + "f"
    return stem


def _verb_forms(term: str) -> set[str]:
    part, _, verb = term.rpartition("|")
    stem = _stem(verb)
    ending = "t" if stem[-1:] in "ktfschp" else "d"
    finite = {verb, stem, stem + "t", stem + ending + "e", stem + ending + "en"}
    participle = stem if stem.endswith(ending) else stem + ending
    prefixed = verb.startswith(("be", "ver", "ont", "her", "er", "ge"))
    if prefixed:
        participles = {participle}
    elif participle[:1] in ("e", "i"):
        participles = {
            "ge" + participle,
            "ge" + {"e": "ë", "i": "ï"}[participle[0]] + participle[1:],
        }
    else:
        participles = {"ge" + participle}
    if part:
        # Separable: the whole verb, the te-form, the participle, and the finite forms that
        # stay together in a subordinate clause ("dat u deelneemt").
        together = {part + form for form in finite if form != verb}
        return {part + verb, part + "te" + verb} | {part + p for p in participles} | together
    return finite | participles


@lru_cache(maxsize=1)
def _index() -> tuple[
    dict[str, JargonEntry],
    dict[str, JargonEntry],
    dict[tuple[str, ...], JargonEntry],
    dict[str, JargonEntry],
]:
    """Single words (case-insensitive), capitals (exact), phrases, and compound endings."""
    words: dict[str, JargonEntry] = {}
    capitals: dict[str, JargonEntry] = {}
    phrases: dict[tuple[str, ...], JargonEntry] = {}
    endings: dict[str, JargonEntry] = {}
    for entry in jargon():
        base = entry.term
        if entry.pos in ("n", "n+"):
            forms = _noun_forms(base.lower())
        elif entry.pos == "v":
            forms = _verb_forms(base.lower())
        elif entry.pos == "a":
            forms = {base.lower(), base.lower() + "e"}
        else:
            forms = {base.lower()}
        forms |= {form.lower() for form in entry.extra}
        is_capitals = base.isupper() or (sum(ch.isupper() for ch in base) >= 2 and " " not in base)
        for form in forms:
            pieces = tuple(form.split())
            if len(pieces) > 1:
                phrases.setdefault(pieces, entry)
            elif is_capitals:
                original = next((f for f in (base, *entry.extra) if f.lower() == form), base)
                capitals.setdefault(original, entry)
            else:
                words.setdefault(form, entry)
        if entry.pos == "n+":
            for form in _noun_forms(base.lower()):
                if len(form) >= 5:
                    endings.setdefault(form, entry)
    return words, capitals, phrases, endings


@lru_cache(maxsize=1)
def _longest_phrase() -> int:
    return max((len(key) for key in _index()[2]), default=1)


@lru_cache(maxsize=1)
def _ending_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(ending) for ending in _index()[3]}, reverse=True))


def _compound_ending(word: str, endings: dict[str, JargonEntry]) -> JargonEntry | None:
    """A compound whose last part is a jargon noun (ouderbeleid, rekenmethode)."""
    for size in _ending_lengths():
        if len(word) - size >= 3 and word[-size:] in endings:
            return endings[word[-size:]]
    return None


def _capital_match(token: str, capitals: dict[str, JargonEntry]) -> JargonEntry | None:
    if token in capitals:
        return capitals[token]
    for separator in ("'", "’", "-"):
        head = token.split(separator, 1)[0]
        if head != token and head in capitals:
            return capitals[head]
    if token.endswith("s") and token[:-1] in capitals and token[:-1].isupper():
        return capitals[token[:-1]]
    return None


def find_jargon(tokens: list[Span]) -> list[JargonHit]:
    """Jargon in a list of word tokens (one sentence or a whole text)."""
    words, capitals, phrases, endings = _index()
    lowered = [token.text.lower() for token in tokens]
    hits: list[JargonHit] = []
    index = 0
    longest = _longest_phrase()
    while index < len(tokens):
        found = None
        for size in range(min(longest, len(tokens) - index), 1, -1):
            entry = phrases.get(tuple(lowered[index : index + size]))
            if entry is not None:
                found = (size, entry)
                break
        if found is None:
            token = tokens[index].text
            entry = _capital_match(token, capitals) or words.get(lowered[index])
            if entry is None and len(lowered[index]) > 7:
                entry = _compound_ending(lowered[index], endings)
            if entry is not None:
                found = (1, entry)
        if found is not None:
            size, entry = found
            hits.append(JargonHit(tokens[index].start, tokens[index + size - 1].end, entry))
            index += size
        else:
            index += 1
    return hits
