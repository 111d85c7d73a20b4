"""Jargon and officialese from the lexicon, with inflections, plurals and multi-word terms."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from taalcheck.lexicon import JargonEntry, jargon
from taalcheck.rules.words import zipf
from taalcheck.text import Span

_VOWELS = "aeiou"


@dataclass(frozen=True, slots=True)
class JargonHit:
    """A jargon term found: the words it covers and its entry."""

    start: int
    end: int
    entry: JargonEntry


@lru_cache(maxsize=100_000)
def _fold(word: str) -> str:
    """A word as looked up: lower case, no accents or diaeresis (teachers often leave them out)."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


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
    if len(term) > 3 and term[-1] not in _VOWELS and term[-2] == term[-3] and term[-2] in "aeou":
        forms.add(_voiced(term[:-2] + term[-1]) + "en")  # aanvraag -> aanvragen
    elif len(term) > 3 and term[-1] in "sf" and term[-2] in _VOWELS + "j":
        forms.add(_voiced(term) + "en")  # advies -> adviezen, brief -> brieven
    return forms


def _voiced(stem: str) -> str:
    """The stem with a final s or f written as z or v, as before -en."""
    return stem[:-1] + {"s": "z", "f": "v"}[stem[-1]] if stem[-1:] in ("s", "f") else stem


def _adjective_forms(term: str) -> set[str]:
    """An adjective and its -e form, spelled right (formele, financiële)."""
    if term.endswith("ieel"):
        inflected = term[:-3] + "ële"
    elif len(term) > 3 and term[-1] not in _VOWELS and term[-2] == term[-3] and term[-2] in "aeou":
        inflected = _voiced(term[:-2] + term[-1]) + "e"
    elif term.endswith(("ief", "ies", "eus", "ijs")):
        inflected = _voiced(term) + "e"
    else:
        inflected = term + "e"
    return {term, inflected, term + "e"}


_UNSTRESSED = ("ig", "el", "em", "en")  # wijzigen, ontwikkelen, ondertekenen: no doubling


def _stems(infinitive: str) -> set[str]:
    """The verb's stem; for -elen, -emen, -enen verbs both readings (ontwikkel, verleen)."""
    stem = infinitive[:-2] if infinitive.endswith("en") else infinitive
    long_vowel = (
        len(stem) > 2
        and stem[-2] in _VOWELS
        and stem[-1] not in _VOWELS
        and stem[-3] not in _VOWELS
    )
    if stem.endswith("uer"):
        stems = {stem[:-1] + "er"}  # evalueren -> evalueer
    elif len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        stems = {stem[:-1]}  # stoppen -> stop
    elif stem.endswith(_UNSTRESSED) and len(stem) > 4:
        stems = {stem}
        if long_vowel and not stem.endswith("ig"):
            stems.add(stem[:-1] + stem[-2] + stem[-1])  # verlenen -> verleen
    elif long_vowel:
        stems = {stem[:-1] + stem[-2] + stem[-1]}  # retourneren -> retourneer
    else:
        stems = {stem}
    return {_voiced_back(one) for one in stems}


def _voiced_back(stem: str) -> str:
    """A stem ending in z or v is written with s or f (reizen -> reis, geloven -> geloof)."""
    return stem[:-1] + {"z": "s", "v": "f"}[stem[-1]] if stem[-1:] in ("z", "v") else stem


# Strong and irregular verbs: past singular, past plural, participle. A verb ending in one of
# these (vergeven, ondernemen, aangeven) takes the same forms after its prefix.
_STRONG: dict[str, tuple[str, str, str]] = {
    "bieden": ("bood", "boden", "geboden"),
    "binden": ("bond", "bonden", "gebonden"),
    "blijven": ("bleef", "bleven", "gebleven"),
    "breken": ("brak", "braken", "gebroken"),
    "brengen": ("bracht", "brachten", "gebracht"),
    "denken": ("dacht", "dachten", "gedacht"),
    "doen": ("deed", "deden", "gedaan"),
    "dragen": ("droeg", "droegen", "gedragen"),
    "dringen": ("drong", "drongen", "gedrongen"),
    "gaan": ("ging", "gingen", "gegaan"),
    "gelden": ("gold", "golden", "gegolden"),
    "geven": ("gaf", "gaven", "gegeven"),
    "grijpen": ("greep", "grepen", "gegrepen"),
    "hangen": ("hing", "hingen", "gehangen"),
    "heffen": ("hief", "hieven", "geheven"),
    "houden": ("hield", "hielden", "gehouden"),
    "kiezen": ("koos", "kozen", "gekozen"),
    "kijken": ("keek", "keken", "gekeken"),
    "komen": ("kwam", "kwamen", "gekomen"),
    "krijgen": ("kreeg", "kregen", "gekregen"),
    "laten": ("liet", "lieten", "gelaten"),
    "lezen": ("las", "lazen", "gelezen"),
    "liggen": ("lag", "lagen", "gelegen"),
    "lijken": ("leek", "leken", "geleken"),
    "lopen": ("liep", "liepen", "gelopen"),
    "nemen": ("nam", "namen", "genomen"),
    "roepen": ("riep", "riepen", "geroepen"),
    "schieten": ("schoot", "schoten", "geschoten"),
    "schrijven": ("schreef", "schreven", "geschreven"),
    "slaan": ("sloeg", "sloegen", "geslagen"),
    "sluiten": ("sloot", "sloten", "gesloten"),
    "spreken": ("sprak", "spraken", "gesproken"),
    "staan": ("stond", "stonden", "gestaan"),
    "sterven": ("stierf", "stierven", "gestorven"),
    "stijgen": ("steeg", "stegen", "gestegen"),
    "treden": ("trad", "traden", "getreden"),
    "treffen": ("trof", "troffen", "getroffen"),
    "trekken": ("trok", "trokken", "getrokken"),
    "vallen": ("viel", "vielen", "gevallen"),
    "vangen": ("ving", "vingen", "gevangen"),
    "verliezen": ("verloor", "verloren", "verloren"),
    "vinden": ("vond", "vonden", "gevonden"),
    "vragen": ("vroeg", "vroegen", "gevraagd"),
    "wegen": ("woog", "wogen", "gewogen"),
    "werpen": ("wierp", "wierpen", "geworpen"),
    "wijzen": ("wees", "wezen", "gewezen"),
    "winnen": ("won", "wonnen", "gewonnen"),
    "zenden": ("zond", "zonden", "gezonden"),
    "zien": ("zag", "zagen", "gezien"),
    "zijn": ("was", "waren", "geweest"),
    "zoeken": ("zocht", "zochten", "gezocht"),
    "zwijgen": ("zweeg", "zwegen", "gezwegen"),
}


def _strong_forms(verb: str) -> tuple[set[str], set[str]]:
    """Past forms and participles of a strong verb (ondernemen: ondernam, ondernomen)."""
    base = next((key for key in sorted(_STRONG, key=len, reverse=True) if verb.endswith(key)), "")
    if not base:
        return set(), set()
    prefix = verb[: -len(base)]
    past_one, past_many, participle = _STRONG[base]
    if prefix.startswith(("be", "ver", "ont", "her", "er", "ge", "onder", "over", "door", "mis")):
        participle = participle[2:]  # bespreken -> besproken, ondernemen -> ondernomen
    return {prefix + past_one, prefix + past_many}, {prefix + participle}


def _finite_forms(verb: str) -> tuple[set[str], set[str]]:
    """Present and past forms of a verb, and its past participles (without ge- when prefixed)."""
    finite, participles = {verb}, set()
    prefixed = verb.startswith(("be", "ver", "ont", "her", "er", "ge"))
    for stem in _stems(verb):
        ending = "t" if stem[-1:] in "ktfschp" else "d"
        finite |= {stem, stem + "t", stem + ending + "e", stem + ending + "en"}
        participle = stem if stem.endswith(ending) else stem + ending
        if prefixed:
            participles.add(participle)
        elif participle[:1] in ("e", "i"):
            participles.add("ge" + participle)
            participles.add("ge" + {"e": "ë", "i": "ï"}[participle[0]] + participle[1:])
        else:
            participles.add("ge" + participle)
    strong_past, strong_participles = _strong_forms(verb)
    if strong_participles:
        finite |= strong_past
        participles = strong_participles
    return finite, participles


def _verb_forms(term: str) -> set[str]:
    part, _, verb = term.rpartition("|")
    finite, participles = _finite_forms(verb)
    if part:
        # Separable: the whole verb, the te-form, the participle, and the finite forms that
        # stay together in a subordinate clause ("dat u deelneemt").
        together = {part + form for form in finite if form != verb}
        return {part + verb, part + "te" + verb} | {part + p for p in participles} | together
    return finite | participles


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
    return _finite_forms(term.rpartition("|")[2])[0]


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
            forms = _noun_forms(base.lower())
        elif entry.pos == "v":
            forms = _verb_forms(base.lower())
        elif entry.pos == "a":
            forms = _adjective_forms(base.lower())
        else:
            forms = {base.lower()}
        forms |= {form.lower() for form in entry.extra}
        is_capitals = base.isupper() or (sum(ch.isupper() for ch in base) >= 2 and " " not in base)
        particle = base.lower().partition("|")[0] if entry.pos == "v" and "|" in base else ""
        for form in forms:
            pieces = tuple(_fold(piece.rstrip("-")) for piece in form.split())
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
                words.setdefault(_fold(form), entry)
        single_noun = entry.pos in ("n", "n+") and " " not in base and not is_capitals
        if single_noun and (entry.pos == "n+" or len(base) >= _TAIL_MIN):
            for form in _noun_forms(base.lower()):
                if len(form) >= 5:
                    endings.setdefault(_fold(form), entry)
        if single_noun and len(base) >= _HEAD_MIN:
            heads.setdefault(_fold(base), entry)
        if particle and " " not in base:
            for form in _separable_finite_forms(base.lower()):
                split_verbs.setdefault(_fold(form), []).append((_fold(particle), entry))
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
    lowered = [_fold(token.text) for token in tokens]
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
