"""Dutch word forms for matching: plurals, the -e form of adjectives, verb forms, folding."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_VOWELS = "aeiou"


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """A word as looked up: lower case, no accents or diaeresis (teachers often leave them out)."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def noun_forms(term: str) -> set[str]:
    """A noun with its plurals and diminutives (les: lessen, lesje; advies: adviezen)."""
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


def adjective_forms(term: str) -> set[str]:
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


def finite_forms(verb: str) -> tuple[set[str], set[str]]:
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


def verb_forms(term: str) -> set[str]:
    """All forms of a verb; for a separable one (deel|nemen) the forms written as one word."""
    part, _, verb = term.rpartition("|")
    finite, participles = finite_forms(verb)
    if part:
        # Separable: the whole verb, the te-form, the participle, and the finite forms that
        # stay together in a subordinate clause ("dat u deelneemt").
        together = {part + form for form in finite if form != verb}
        return {part + verb, f"{part} te {verb}"} | {part + p for p in participles} | together
    return finite | participles
