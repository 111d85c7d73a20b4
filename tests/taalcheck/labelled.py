"""Readers of the labelled test sets in tests/taalcheck/data."""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).with_name("data")


def _lines(name: str) -> list[str]:
    return [
        line
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]


def passive_set() -> list[tuple[bool, str, str]]:
    """(is passive, construction group, sentence)."""
    rows = []
    for line in _lines("passive_labelled.tsv"):
        if line.strip():
            label, group, sentence = line.split("\t")
            rows.append((label == "1", group, sentence))
    return rows


def split_set() -> list[tuple[str, set[int]]]:
    """(text, the offsets where units after the first begin)."""
    documents = []
    for document in "\n".join(_lines("sentences_labelled.txt")).split("===\n"):
        if not document.strip():
            continue
        text, starts = "", set()
        for char in document:
            if char == "‖":
                starts.add(len(text))
            else:
                text += char
        documents.append((text, starts))
    return documents


def jargon_set(name: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(letter, marked jargon spans) from a file of held-out letters."""
    letters = []
    for letter in "\n".join(_lines(name)).split("==="):
        text, spans, position = "", [], 0
        for match in re.finditer(r"\[\[(.+?)\]\]", letter):
            text += letter[position : match.start()]
            spans.append((len(text), len(text) + len(match.group(1)), match.group(1)))
            text += match.group(1)
            position = match.end()
        text += letter[position:]
        if text.strip():
            letters.append((text, spans))
    return letters
