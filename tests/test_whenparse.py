"""Plain-Dutch send times."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from berichten.whenparse import WhenError, parse_when

TZ = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=TZ).astimezone(UTC)  # a Tuesday afternoon


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("morgen 8:00", datetime(2026, 11, 25, 8, 0)),
        ("Morgen om 8.30 uur", datetime(2026, 11, 25, 8, 30)),
        ("vrijdag 12 december 8.30", datetime(2026, 12, 12, 8, 30)),
        ("vrijdag", datetime(2026, 11, 27, 8, 0)),
        ("dinsdag 7:45", datetime(2026, 12, 1, 7, 45)),
        ("12-1 9:00", datetime(2027, 1, 12, 9, 0)),
        ("3 jan", datetime(2027, 1, 3, 8, 0)),
        ("15:30", datetime(2026, 11, 24, 15, 30)),
        ("13:00", datetime(2026, 11, 25, 13, 0)),
        ("overmorgen 19 uur", datetime(2026, 11, 26, 19, 0)),
        ("29 maart 2027 10.00", datetime(2027, 3, 29, 10, 0)),
    ],
)
def test_understands_plain_dutch(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, TZ) == expected.replace(tzinfo=TZ).astimezone(UTC)


def test_now_and_dst() -> None:
    assert parse_when("nu", NOW, TZ) == NOW
    # 29 March 2027: clocks go forward; 10:00 local is 08:00 UTC.
    assert parse_when("29 maart 2027 10.00", NOW, TZ).hour == 8


@pytest.mark.parametrize(
    "text", ["", "straks", "31 februari", "vandaag 9:00", "24-11-2026 8:00", "45:00"]
)
def test_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(WhenError):
        parse_when(text, NOW, TZ)


@given(st.text(max_size=60))
def test_never_crashes_and_never_in_the_past(text: str) -> None:
    try:
        moment = parse_when(text, NOW, TZ)
    except WhenError:
        return
    assert moment >= NOW
