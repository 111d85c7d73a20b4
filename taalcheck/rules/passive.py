"""Passive sentences: a form of worden (or zijn) with a past participle in the same clause."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from taalcheck.lexicon import word_set
from taalcheck.text import Span

WORDEN = frozenset({"word", "wordt", "worden", "werd", "werden"})
ZIJN = frozenset({"ben", "bent", "is", "zijn", "was", "waren", "wezen"})
CLAUSE_WORDS = frozenset(
    [
        "en",
        "of",
        "maar",
        "want",
        "dus",
        "omdat",
        "doordat",
        "dat",
        "als",
        "wanneer",
        "toen",
        "terwijl",
        "nadat",
        "voordat",
        "zodat",
        "zodra",
        "die",
        "welke",
        "waar",
        "hoewel",
        "totdat",
        "tenzij",
        "zoals",
        "mits",
    ]
)
SEPARABLE = (
    "aan",
    "af",
    "bij",
    "binnen",
    "buiten",
    "door",
    "in",
    "klaar",
    "los",
    "mee",
    "na",
    "neer",
    "om",
    "onder",
    "op",
    "over",
    "rond",
    "samen",
    "schoon",
    "terug",
    "thuis",
    "toe",
    "tegen",
    "uit",
    "vast",
    "voor",
    "weg",
    "achter",
    "open",
    "dicht",
    "kapot",
    "bekend",
    "vrij",
    "goed",
    "stil",
    "voort",
    "langs",
    "mis",
    "teleur",
    "weer",
    "bijeen",
)
INSEPARABLE = ("be", "ver", "ont", "her", "er")
GE_NOT_PARTICIPLE = frozenset(
    [
        "geven",
        "geld",
        "gelden",
        "geloven",
        "gebruiken",
        "gebeuren",
        "genieten",
        "gewennen",
        "gedragen",
        "gezellig",
        "gezin",
        "gezond",
        "gewoon",
        "gesprek",
        "gebak",
        "gebed",
        "gebit",
        "gehad",
        "geheim",
        "genoeg",
        "gemeente",
        "geduld",
        "gedurende",
        "gelukkig",
        "geweldig",
        "gezamenlijk",
        "gelijk",
        "getal",
        "gebouw",
        "geval",
        "gevaar",
        "gevoel",
        "geluid",
        "gedrag",
        "gezicht",
        "gewicht",
        "gebied",
        "gerecht",
        "gedicht",
        "gebruik",
        "gemak",
        "geschikt",
        "gewend",
        "gereed",
    ]
)
_STEM_END = re.compile(r"(?:[dt]|en|aan|ien|aan)$")


@dataclass(frozen=True, slots=True)
class PassiveHit:
    """A passive clause: the auxiliary and the participle, and who does it if the text says."""

    auxiliary: Span
    participle: Span
    agent: str | None


@lru_cache(maxsize=100_000)
def is_participle(word: str) -> bool:
    """True if a word (lower case) has the form of a past participle."""
    if len(word) < 5 or word in word_set("not_participles.txt") or word in GE_NOT_PARTICIPLE:
        return False
    irregular = word_set("participles_irregular.txt")
    looks_adjectival = word.endswith(("end", "ende"))  # spannend, verrassend: not participles
    for prefix in ("", *SEPARABLE):
        if prefix and not word.startswith(prefix):
            continue
        rest = word[len(prefix) :]
        if len(rest) < 4:
            continue
        if rest in irregular:
            return True
        if (
            rest.startswith("ge")
            and len(rest) >= 5
            and rest not in GE_NOT_PARTICIPLE
            and rest.endswith(("d", "t", "en", "aan"))
        ):
            return True
        if looks_adjectival:
            continue
        for inseparable in INSEPARABLE:
            if (
                rest.startswith(inseparable)
                and len(rest) >= len(inseparable) + 4
                and rest.endswith(("d", "t"))
                and not rest.endswith(("heid", "schap"))
            ):
                return True
    return False


def _not_passive_with_zijn(word: str) -> bool:
    """After zijn, state adjectives and participles of zijn-verbs are not passive."""
    return word in word_set("state_adjectives.txt") or _intransitive(word)


def _intransitive(word: str) -> bool:
    """Participles of verbs that take zijn (gegaan, aangekomen): not passive."""
    zijn_verbs = word_set("participles_zijn.txt")
    return word in zijn_verbs or any(
        word.startswith(prefix) and word[len(prefix) :] in zijn_verbs for prefix in SEPARABLE
    )


def clauses(words: list[Span], text: str) -> list[list[Span]]:
    """Split a sentence's words into clauses at punctuation and linking words."""
    found: list[list[Span]] = [[]]
    previous_end = None
    for word in words:
        gap = text[previous_end : word.start] if previous_end is not None else ""
        starts_clause = any(mark in gap for mark in ",;:()–-") or word.text.lower() in CLAUSE_WORDS
        if starts_clause and found[-1]:
            found.append([])
        found[-1].append(word)
        previous_end = word.end
    return [clause for clause in found if clause]


def find_passives(words: list[Span], text: str) -> list[PassiveHit]:
    """The passive clauses of one sentence."""
    hits = []
    for clause in clauses(words, text):
        lowered = [w.text.lower() for w in clause]
        auxiliaries = [
            w for w, low in zip(clause, lowered, strict=True) if low in WORDEN or low in ZIJN
        ]
        if not auxiliaries:
            continue
        for auxiliary in auxiliaries:
            with_zijn = auxiliary.text.lower() in ZIJN
            for index, (word, low) in enumerate(zip(clause, lowered, strict=True)):
                if word is auxiliary or not is_participle(low) or low == "geworden":
                    continue
                if index and lowered[index - 1] == "te":
                    continue  # "om te vergeten": an infinitive
                if with_zijn and (
                    _not_passive_with_zijn(low) or "hebben" in lowered or "heeft" in lowered
                ):
                    continue
                hits.append(PassiveHit(auxiliary, word, _agent(text, clause)))
                break
            if hits:
                return hits
    return hits


def _agent(text: str, clause: list[Span]) -> str | None:
    lowered = [w.text.lower() for w in clause]
    if "door" not in lowered:
        return None
    index = lowered.index("door")
    after = [w.text for w in clause[index + 1 : index + 4]]
    if not after:
        return None
    if after[0].lower() in ("de", "het", "een", "onze", "uw", "alle") and len(after) > 1:
        return " ".join(after[:2])
    return after[0]
