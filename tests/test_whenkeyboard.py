"""The date/time keyboard of a scheduled letter: school days, future times, strict decoding."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import InlineKeyboardMarkup

from bot import callbacks
from bot.whenkeyboard import TIMES, day_keyboard, parse_choice, school_days, time_keyboard

TZ = ZoneInfo("Europe/Amsterdam")
TUESDAY_MORNING = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)


def values(markup: InlineKeyboardMarkup) -> list[str]:
    """The callback values (after "when:") of every button, checked by the real parser."""
    found = []
    for row in markup.inline_keyboard:
        for button in row:
            pressed = callbacks.parse(str(button.callback_data))
            assert pressed is not None and pressed.action == "when"
            found.append(pressed.value)
    return found


def labels(markup: InlineKeyboardMarkup) -> list[str]:
    return [button.text for row in markup.inline_keyboard for button in row]


def test_days_start_today_before_five_and_skip_the_weekend() -> None:
    days = school_days(TUESDAY_MORNING, TZ)
    assert days == [
        date(2026, 11, 24),
        date(2026, 11, 25),
        date(2026, 11, 26),
        date(2026, 11, 27),
        date(2026, 11, 30),
        date(2026, 12, 1),
        date(2026, 12, 2),
    ]
    assert values(day_keyboard(TUESDAY_MORNING, TZ))[0] == "d20261124"


def test_today_is_left_out_from_five_oclock() -> None:
    evening = datetime(2026, 11, 24, 17, 0, tzinfo=TZ)
    days = school_days(evening, TZ)
    assert days[0] == date(2026, 11, 25) and len(days) == 6
    just_before = datetime(2026, 11, 24, 16, 59, tzinfo=TZ)
    assert school_days(just_before, TZ)[0] == date(2026, 11, 24)


def test_local_time_decides_not_utc() -> None:
    # 16:30 UTC is 17:30 in Amsterdam in winter: too late for today.
    now = datetime(2026, 11, 24, 16, 30, tzinfo=UTC)
    assert school_days(now, TZ)[0] == date(2026, 11, 25)


def test_weekend_starts_on_monday() -> None:
    saturday = datetime(2026, 11, 28, 9, 0, tzinfo=TZ)
    days = school_days(saturday, TZ)
    assert days[0] == date(2026, 11, 30) and len(days) == 6
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=TZ)
    assert school_days(friday_evening, TZ)[0] == date(2026, 11, 30)


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1)))
def test_days_are_weekdays_in_order_never_past(naive: datetime) -> None:
    now = naive.replace(tzinfo=UTC)
    today = now.astimezone(TZ).date()
    days = school_days(now, TZ)
    assert all(day.weekday() < 5 for day in days)
    assert days == sorted(set(days)) and days[0] >= today
    assert len(days) == (7 if days[0] == today else 6)


def test_day_labels_are_dutch() -> None:
    texts = labels(day_keyboard(TUESDAY_MORNING, TZ))
    assert texts[0].endswith("dinsdag 24 november")
    assert texts[1].endswith("woensdag 25 november")
    assert texts[2] == "donderdag 26 november"
    assert texts[4] == "maandag 30 november"


def test_times_of_today_hide_the_past() -> None:
    markup = time_keyboard(date(2026, 11, 24), TUESDAY_MORNING, TZ)
    later_today = ["1200", "1500", "1600", "1800", "1900"]
    assert values(markup) == [f"t20261124T{hhmm}" for hhmm in later_today] + ["back"]
    assert labels(markup)[:5] == ["12:00", "15:00", "16:00", "18:00", "19:00"]
    assert all(len(row) <= 4 for row in markup.inline_keyboard)
    assert [b.callback_data for b in markup.inline_keyboard[-1]] == ["when:back"]


def test_times_of_a_later_day_are_all_offered_four_per_row() -> None:
    markup = time_keyboard(date(2026, 11, 25), TUESDAY_MORNING, TZ)
    assert [len(row) for row in markup.inline_keyboard] == [4, 4, 1]
    assert values(markup)[:-1] == [f"t20261125T{at:%H%M}" for at in TIMES]


@pytest.mark.parametrize(
    "now",
    [
        TUESDAY_MORNING,
        datetime(2026, 11, 24, 16, 45, tzinfo=TZ),
        datetime(2026, 11, 28, 9, 0, tzinfo=TZ),
        datetime(2027, 3, 26, 7, 0, tzinfo=TZ),
        datetime(2026, 12, 31, 12, 0, tzinfo=TZ),
    ],
)
def test_every_button_round_trips(now: datetime) -> None:
    for day_value in values(day_keyboard(now, TZ)):
        day = parse_choice(day_value, now, TZ)
        assert isinstance(day, date) and not isinstance(day, datetime)
        assert day_value == f"d{day:%Y%m%d}"
        for time_value in values(time_keyboard(day, now, TZ)):
            moment = parse_choice(time_value, now, TZ)
            if time_value == "back":
                assert moment is None
                continue
            assert isinstance(moment, datetime) and moment.tzinfo is TZ
            assert moment.date() == day and moment > now
            assert time_value == f"t{moment:%Y%m%dT%H%M}"


@pytest.mark.parametrize(
    "value",
    [
        "back",
        "d20261123",  # yesterday
        "t20261124T0800",  # earlier today
        "t20261124T1000",  # not in the future (and not an offered time)
        "d20271125",  # more than a year ahead
        "t20271125T0800",
        "t20261125T0815",  # not an offered time
        "t20261125T2500",
        "d20261131",  # no such date
        "d20260230",
        "t20261325T0800",
        "d2026112",
        "d202611255",
        "x20261125",
        "t20261125 0800",
        "d२०२६११२५",  # other digits
        "",
        "d20261125\n",
        "t20261125T0800 ",
    ],
)
def test_refuses_garbage_past_and_far_values(value: str) -> None:
    assert parse_choice(value, TUESDAY_MORNING, TZ) is None


def test_accepts_a_year_ahead_but_not_more() -> None:
    assert parse_choice("d20271124", TUESDAY_MORNING, TZ) == date(2027, 11, 24)
    assert parse_choice("t20271124T0800", TUESDAY_MORNING, TZ) == datetime(
        2027, 11, 24, 8, 0, tzinfo=TZ
    )
    assert parse_choice("t20271124T1200", TUESDAY_MORNING, TZ) is None


@given(st.text(max_size=20))
def test_never_crashes_on_any_text(value: str) -> None:
    result = parse_choice(value, TUESDAY_MORNING, TZ)
    assert result is None or isinstance(result, date)


@pytest.mark.parametrize(
    ("value", "offset_hours"),
    [
        ("t20270328T0730", 2),  # DST started at 02:00 that night
        ("t20270327T1900", 1),
        ("t20261025T0730", 1),  # DST ended at 03:00 that night
        ("t20261024T1900", 2),
    ],
)
def test_dst_days_get_the_right_offset(value: str, offset_hours: int) -> None:
    now = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    moment = parse_choice(value, now, TZ)
    assert isinstance(moment, datetime)
    assert moment.utcoffset() == timedelta(hours=offset_hours)
    local = moment.astimezone(UTC).astimezone(TZ)
    assert f"t{local:%Y%m%dT%H%M}" == value


def test_dst_day_keyboard_is_built_from_local_wall_times() -> None:
    now = datetime(2027, 3, 27, 12, 0, tzinfo=TZ)
    markup = time_keyboard(date(2027, 3, 28), now, TZ)
    assert values(markup)[:2] == ["t20270328T0730", "t20270328T0800"]
    moment = parse_choice("t20270328T0800", now, TZ)
    assert isinstance(moment, datetime)
    assert moment.astimezone(UTC) == datetime(2027, 3, 28, 6, 0, tzinfo=UTC)
