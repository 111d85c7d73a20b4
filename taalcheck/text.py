"""Words and sentence units of a Dutch school letter, with character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
ABBREVIATIONS = frozenset(
    [
        "o.a",
        "bijv",
        "bv",
        "b.v",
        "ca",
        "dhr",
        "mevr",
        "mw",
        "hr",
        "dr",
        "drs",
        "ir",
        "mr",
        "prof",
        "ing",
        "st",
        "nr",
        "tel",
        "evt",
        "i.v.m",
        "m.b.t",
        "z.s.m",
        "t.z.t",
        "d.w.z",
        "a.s",
        "j.l",
        "jl",
        "resp",
        "incl",
        "excl",
        "max",
        "min",
        "blz",
        "ma",
        "di",
        "wo",
        "do",
        "vr",
        "za",
        "zo",
        "jan",
        "feb",
        "mrt",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "dec",
        "t/m",
        "e.d",
        "ivm",
        "mbt",
        "zsm",
        "tzt",
        "dwz",
        "gr",
        "vgl",
        "zgn",
        "o.b.v",
        "i.p.v",
        "ipv",
        "m.i.v",
        "i.o.m",
        "p.p",
        "n.a.v",
        "nav",
        "z.o.z",
        "zoz",
        "t.n.v",
        "o.b.s",
        "bs",
        "k.s.c",
    ]
)
ENDING_ABBREVIATIONS = frozenset({"enz", "etc"})
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-ZÀ-ÖØ-Þ])")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the text: its characters and where it starts and ends."""

    text: str
    start: int
    end: int


def words(text: str, offset: int = 0) -> list[Span]:
    """The words of a text (letters, with inner apostrophes and hyphens)."""
    return [Span(m.group(0), offset + m.start(), offset + m.end()) for m in WORD.finditer(text)]


def _word_before(line: str, index: int) -> str:
    start = index
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:index].lower().rstrip(".").lstrip("(\"'“")


def _split_line(line: str, offset: int) -> list[Span]:
    units: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        word = _word_before(line, match.start())
        if (
            match.group(0).startswith(".")
            and word in ABBREVIATIONS
            and word not in ENDING_ABBREVIATIONS
        ):
            continue
        if match.group(0) == "." and len(word) == 1 and word.isalpha():
            continue  # an initial: "A. de Boer"
        if (
            match.group(0) == "."
            and word.isdigit()
            and not line[start : match.start()].strip(" \t" + word)
        ):
            continue  # a numbered list item: "1. Verzamelen"
        end = match.end()
        piece = line[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            units.append(
                Span(
                    piece.strip(), offset + start + lead, offset + start + lead + len(piece.strip())
                )
            )
        start = end
    rest = line[start:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        units.append(
            Span(rest.strip(), offset + start + lead, offset + start + lead + len(rest.strip()))
        )
    return units


def sentences(text: str) -> list[Span]:
    """Sentence units: every line is a unit of its own (greetings, bullets); lines split further."""
    units: list[Span] = []
    position = 0
    for line in text.split("\n"):
        units.extend(_split_line(line, position))
        position += len(line) + 1
    return units
