"""Any text at all: no crash, and every offset lies inside the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from taalcheck import check


def assert_inside(text: str) -> None:
    report = check(text)
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.sentence >= 0
    assert report.verdict in ("ok", "revise") and report.level in ("A2", "B1", "B2", "C1")


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_unicode_text(text: str) -> None:
    assert_inside(text)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Indien",
                "wordt",
                "ingevuld",
                "i.v.m.",
                ".",
                ",",
                "\n",
                "De",
                "IB'er",
                "8.30",
                "uur",
                "🙂",
                "ا",
            ]
        ),
        max_size=60,
    ).map(" ".join)
)
def test_letter_like_texts(text: str) -> None:
    assert_inside(text)


def test_empty_and_one_megabyte() -> None:
    assert_inside("")
    letter = "Beste ouders, indien uw kind ziek is, wordt u verzocht dit z.s.m. te melden. "
    big = letter * (1_000_000 // len(letter) + 1)
    assert len(big) >= 1_000_000
    assert_inside(big)
