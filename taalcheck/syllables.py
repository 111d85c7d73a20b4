"""Counting Dutch syllables by vowel groups, with the hiatus cases hyphenation misses."""

from __future__ import annotations

from functools import lru_cache

_GROUPS = (
    "aai",
    "ooi",
    "oei",
    "eeu",
    "ieu",
    "aa",
    "ee",
    "oo",
    "uu",
    "ie",
    "oe",
    "eu",
    "ui",
    "ei",
    "ou",
    "au",
)
_VOWELS = frozenset("aeiouyàáâäèéêëìíîïòóôöùúûü")
_DIAERESIS = frozenset("ëïüö")


@lru_cache(maxsize=200_000)
def syllables(word: str) -> int:
    """Syllables of one word, at least 1: idee 2, agenda 3, coördinator 5, ideeën 3, radio 3."""
    lower = word.lower()
    count = 0
    index = 0
    while index < len(lower):
        if lower[index] not in _VOWELS:
            index += 1
            continue
        step = 1
        if lower[index] not in _DIAERESIS:
            for group in _GROUPS:
                if lower.startswith(group, index):
                    step = len(group)
                    break
        count += 1
        index += step
    return max(1, count)
