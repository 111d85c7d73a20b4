"""Protection of names, dates, times and addresses by placeholder tokens."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from berichten.translation import protect, restore
from berichten.translation.protection import normalise_whitespace
from tests.translation.fake_libretranslate import fake_translate


def spans(text: str, protected: list[str] | None = None) -> tuple[str, ...]:
    return protect(text, protected or []).spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gym om 8.30 en 8:30 uur.", ("8.30", "8:30")),
        ("Ouderavond 19.30 uur, inloop 08:30-09:15 of 8u30.", ("19.30", "08:30-09:15", "8u30")),
        ("Op 12-12-2026, 12/12 en 2026-01-05.", ("12-12-2026", "12/12", "2026-01-05")),
        ("Vrijdag 12 december geen school.", ("Vrijdag 12 december",)),
        ("Op do 1e jan 2027 en in december 2026.", ("do 1e jan 2027", "december 2026")),
        (
            "Mail juf.anna@school.nl of kijk op www.school.nl.",
            ("juf.anna@school.nl", "www.school.nl"),
        ),
        (
            "Zie https://school.nl/a?b=1, of bel 06-12345678.",
            ("https://school.nl/a?b=1", "06-12345678"),
        ),
        ("Bel +31 6 1234 5678 of 020 123 4567!", ("+31 6 1234 5678", "020 123 4567")),
        ("Bel 01-12-2026 08:30 nu", ("01-12-2026", "08:30")),
        ("In december is het koud, op vrijdag ook.", ()),
        ("Groep 5 heeft 3 uur gym en 2,50 euro.", ()),
    ],
)
def test_automatic_patterns(text: str, expected: tuple[str, ...]) -> None:
    assert spans(text) == expected


def test_caller_strings_whole_words_case_sensitive_longest_first() -> None:
    text = "Jan de Vries en Jan komen in januari; Janneke en jan niet."
    assert spans(text, ["Jan", "Jan de Vries"]) == ("Jan de Vries", "Jan")
    masked = protect(text, ["Jan", "Jan de Vries"])
    assert masked.text == "ZQXAA en ZQXAB komen in januari; Janneke en jan niet."


def test_e_mail_wins_over_a_name_inside_it() -> None:
    assert spans("Mail Jan.Smit@school.nl of Jan.", ["Jan"]) == ("Jan.Smit@school.nl", "Jan")


def test_restore_is_case_insensitive_and_keeps_endings() -> None:
    masked = protect("Ga naar Artis met Noor.", ["Artis", "Noor"])
    assert masked.text == "Ga naar ZQXAA met ZQXAB."
    assert restore("Artis'e gidin: zqxaa'ya ZQXABile", masked) == "Artis'e gidin: Artis'ya Noorile"


def test_restore_refuses_missing_doubled_or_unknown_tokens() -> None:
    masked = protect("Om 8.30 bij Noor.", ["Noor"])
    assert restore("At ZQXAA with ZQXAB.", masked) == "At 8.30 with Noor."
    assert restore("At ZQXAA.", masked) is None
    assert restore("At ZQXAA ZQXAA with ZQXAB.", masked) is None
    assert restore("At ZQXAA with ZQXAB ZQXAZ.", masked) is None


def test_prefix_avoids_text_that_looks_like_a_token() -> None:
    masked = protect("zqx en QZX om 8.30", [])
    assert masked.prefix not in ("ZQX", "QZX")
    assert "8.30" not in masked.text
    assert restore(masked.text, masked) == "zqx en QZX om 8.30"


def test_many_spans_widen_the_tokens() -> None:
    text = " ".join(f"{h % 24}.{m:02d}" for h in range(30) for m in range(0, 60, 2))
    masked = protect(text)
    assert len(masked.spans) == 900 and masked.width == 3
    assert restore(masked.text, masked) == text


def test_tokens_survive_the_fake_engine_where_digit_tokens_do_not() -> None:
    masked = protect("Morgen om 8.30 uur met Noor.", ["Noor"])
    for target in ("ar", "en", "tr"):
        translated = fake_translate(masked.text, "nl", target)
        assert restore(translated, masked) is not None
    assert "⟦1⟧" not in fake_translate("om ⟦1⟧ uur", "nl", "ar")  # digits get localised
    assert "<x1/>" not in fake_translate("om <x1/> uur", "nl", "en")  # markup gets spaced


def test_normalise_whitespace() -> None:
    assert normalise_whitespace("  Beste  ouders,\r\n\r\n\r\n\tMorgen\u00a0gym. \n") == (
        "Beste ouders,\n\nMorgen gym."
    )


PIECES = st.sampled_from(
    [
        "ZQX",
        "zqxab",
        "QZXAA",
        "8.30",
        "12-12-2026",
        "vrijdag 12 december",
        "06-12345678",
        "info@school.nl",
        "https://x.nl/a",
        "Jan",
        "Noor",
        " ",
        "\n",
        ".",
        "-",
        "uur",
        "⟦1⟧",
    ]
)
TEXTS = st.one_of(st.text(), st.lists(st.one_of(PIECES, st.text(max_size=5))).map("".join))


@given(TEXTS, st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=5))
def test_restore_of_protect_is_identity(text: str, protected: list[str]) -> None:
    masked = protect(text, protected)
    assert restore(masked.text, masked) == text
    for original in masked.spans:
        assert original in text
