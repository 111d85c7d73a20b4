"""Speed of the klare-taal check on a 20,000-word Dutch corpus, beside textstat's Flesch-Douma.

Usage: python benchmarks/taalcheck_speed.py   (prints words per second; target >= 20,000)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import textstat

from taalcheck import check
from taalcheck.text import words

LETTERS = (
    "Beste ouders,\nMorgen gaan we met groep {g} naar de kinderboerderij. De bus vertrekt om "
    "8.30 uur. Geef uw kind laarzen en een lunchpakket mee. Indien het regent, gaan we later.\n"
    "Met vriendelijke groet,\nJuf {name}",
    "Geachte ouders,\nOp vrijdag {d} maart is er een studiedag. Alle kinderen zijn die dag vrij. "
    "De BSO is wel open. Het formulier moet voor donderdag worden ingeleverd bij de IB'er.\n"
    "Hartelijke groet,\nMeester {name}",
    "Hallo allemaal,\nWij nodigen u uit voor de tienminutengesprekken. U kunt zich middels het "
    "ouderportaal inschrijven. In het kader van de privacy worden de rapporten i.v.m. de AVG "
    "niet gemaild. Wij zien u graag op school!\nGroetjes,\nTeam {name}",
    "Beste ouders,\nDe schoolfotograaf komt op {d} mei. Er wordt een foto van ieder kind "
    "gemaakt. Broertjes en zusjes mogen ook op de foto. Wilt u dit z.s.m. doorgeven aan de "
    "leerkracht? Alvast bedankt!\nDe directie",
)
NAMES = ("Sanne", "Ahmed", "Mirjam", "Bas", "Karin", "Olena", "Fatma")


def corpus(target_words: int = 20_000, seed: int = 7) -> str:
    """Sample letters with varied names and numbers, until `target_words` words."""
    chance = random.Random(seed)
    parts: list[str] = []
    count = 0
    while count < target_words:
        letter = chance.choice(LETTERS).format(
            g=chance.randint(1, 8), d=chance.randint(1, 28), name=chance.choice(NAMES)
        )
        parts.append(letter)
        count += len(words(letter))
    return "\n\n".join(parts)


def main() -> None:
    text = corpus()
    total = len(words(text))
    check("Opwarmen.")  # load word lists and wordfreq once
    started = time.perf_counter()
    report = check(text)
    elapsed = time.perf_counter() - started
    textstat.set_lang("nl")  # Dutch only: the English mode downloads a corpus
    started = time.perf_counter()
    douma = textstat.flesch_reading_ease(text)
    textstat_elapsed = time.perf_counter() - started
    print(f"corpus: {total} words, {len(text)} characters")
    own_douma = report.metrics["flesch_douma"]
    print(
        f"taalcheck full check: {elapsed:.3f} s, {total / elapsed:,.0f} words/s, "
        f"{len(report.findings)} findings, Flesch-Douma (own syllables) {own_douma}"
    )
    textstat_rate = total / textstat_elapsed
    print(
        f"textstat Flesch-Douma pass: {textstat_elapsed:.3f} s, {textstat_rate:,.0f} words/s, "
        f"score {douma}"
    )
    print(
        "target: at least 20,000 words/s for the full check:",
        "met" if total / elapsed >= 20_000 else "NOT met",
    )


if __name__ == "__main__":
    main()
