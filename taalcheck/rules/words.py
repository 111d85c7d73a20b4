"""Hard words: rare by Dutch word frequency, or long; compounds of common parts are not hard."""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

from taalcheck.syllables import syllables

LINKS = ("", "s", "e", "en")


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """How common a Dutch word is (wordfreq Zipf scale; 0 for unknown words)."""
    return zipf_frequency(word, "nl")


@lru_cache(maxsize=100_000)
def common_compound(word: str, part_zipf: float) -> bool:
    """True if the word splits into two common parts (with a linking s, e or en)."""
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if zipf(tail) < part_zipf:
            continue
        for link in LINKS:
            if link and not head.endswith(link):
                continue
            first = head[: len(head) - len(link)] if link else head
            if len(first) >= 3 and (zipf(first) >= part_zipf or common_compound(first, part_zipf)):
                return True
    return False


def hard_word_reason(
    word: str, rare_zipf: float, part_zipf: float, long_syllables: int
) -> str | None:
    """Why a word is hard ("rare" or "long"), or None."""
    lower = word.lower()
    if len(lower) < 4 or not lower.isalpha():
        return None
    frequency = zipf(lower)
    if frequency < rare_zipf and not common_compound(lower, part_zipf):
        return "rare"
    if syllables(lower) >= long_syllables and not common_compound(lower, part_zipf):
        return "long"
    return None
