"""Readability figures for Dutch and the estimated CEFR level.

Flesch-Douma (Douma 1960): 206.835 - 0.93 * words per sentence - 77 * syllables per word.
Leesindex Brouwer (1963): 195 - 2 * words per sentence - 67 * syllables per word.
Both use our own Dutch syllable count (taalcheck.syllables), which counts hiatus vowels
(idee, agenda) that hyphenation-based counters miss.

Level estimate (our own method, documented in docs/taalcheck.md): start from Flesch-Douma
(>= 80: A2, >= 65: B1, >= 50: B2, else C1), then move one level up (harder) when the average
sentence is longer than 15 words, or more than 8% of the words are rare, or more than a third
of the sentences are passive. A2 also needs sentences of at most 10 words on average.
"""

from __future__ import annotations

LEVELS = ("A2", "B1", "B2", "C1")


def flesch_douma(words: int, sentences: int, syllable_count: int) -> float:
    """Flesch reading ease with Douma's constants for Dutch (higher is easier)."""
    if not words or not sentences:
        return 0.0
    return 206.835 - 0.93 * (words / sentences) - 77 * (syllable_count / words)


def brouwer(words: int, sentences: int, syllable_count: int) -> float:
    """Leesindex Brouwer (higher is easier)."""
    if not words or not sentences:
        return 0.0
    return 195 - 2 * (words / sentences) - 67 * (syllable_count / words)


def estimate_level(
    douma: float, average_length: float, rare_share: float, passive_share: float
) -> str:
    """A2, B1, B2 or C1 by the method in this module's docstring."""
    if douma >= 80:
        index = 0
    elif douma >= 65:
        index = 1
    elif douma >= 50:
        index = 2
    else:
        index = 3
    if average_length > 15 or rare_share > 0.08 or passive_share > 1 / 3:
        index = min(index + 1, len(LEVELS) - 1)
    if index == 0 and average_length > 10:
        index = 1
    return LEVELS[index]
