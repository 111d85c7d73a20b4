"""Reading a send time typed in plain Dutch: "morgen 8:00", "vrijdag 12 december 8.30", "nu"."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = {
    "maandag": 0,
    "ma": 0,
    "dinsdag": 1,
    "di": 1,
    "woensdag": 2,
    "wo": 2,
    "donderdag": 3,
    "do": 3,
    "vrijdag": 4,
    "vr": 4,
    "zaterdag": 5,
    "za": 5,
    "zondag": 6,
    "zo": 6,
}
MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
RELATIVE_DAYS = {"vandaag": 0, "morgen": 1, "overmorgen": 2}
_TIME = re.compile(
    r"\b(?:om\s+)?([01]?\d|2[0-3])[:.]([0-5]\d)(?:\s*uur)?\b|\b([01]?\d|2[0-3])\s*uur\b"
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-/](\d{1,2})(?:[-/](\d{2,4}))?\b")
_WORD_DATE = re.compile(r"\b(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?\b")


class WhenError(ValueError):
    """The text is not a moment we understand, or it lies in the past."""


def _year_for(month: int, day: int, today: date) -> date:
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def _find_time(text: str) -> tuple[time | None, str]:
    match = _TIME.search(text)
    if match is None:
        return None, text
    if match.group(3) is not None:
        found = time(int(match.group(3)), 0)
    else:
        found = time(int(match.group(1)), int(match.group(2)))
    return found, text[: match.start()] + " " + text[match.end() :]


def _find_date(text: str, today: date) -> date | None:
    words = re.findall(r"[a-z]+", text)
    match = _NUMERIC_DATE.search(text)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        year_text = match.group(3)
        try:
            if year_text:
                year = int(year_text) + (2000 if len(year_text) == 2 else 0)
                return date(year, month, day)
            return _year_for(month, day, today)
        except ValueError:
            raise WhenError("that date does not exist") from None
    for match in _WORD_DATE.finditer(text):
        month_number = MONTHS.get(match.group(2))
        if month_number is None:
            continue
        day = int(match.group(1))
        try:
            if match.group(3):
                return date(int(match.group(3)), month_number, day)
            return _year_for(month_number, day, today)
        except ValueError:
            raise WhenError("that date does not exist") from None
    for word in words:
        if word in RELATIVE_DAYS:
            return today + timedelta(days=RELATIVE_DAYS[word])
    for word in words:
        if word in WEEKDAYS:
            ahead = (WEEKDAYS[word] - today.weekday()) % 7
            return today + timedelta(days=ahead or 7)
    return None


def parse_when(text: str, now: datetime, tz: ZoneInfo, default_time: time = time(8, 0)) -> datetime:
    """The moment meant by `text`, in the future, as an aware UTC datetime."""
    cleaned = " ".join(text.lower().replace(",", " ").split())
    if cleaned in ("nu", "direct", "meteen", "now"):
        return now
    local_now = now.astimezone(tz)
    found_time, rest = _find_time(cleaned)
    found_date = _find_date(rest, local_now.date())
    if found_date is None and found_time is None:
        raise WhenError("no date or time found")
    if found_date is None:
        assert found_time is not None
        found_date = local_now.date()
        if datetime.combine(found_date, found_time, tz) <= local_now:
            found_date += timedelta(days=1)
    moment = datetime.combine(found_date, found_time or default_time, tz)
    if moment <= local_now:
        raise WhenError("that moment has passed")
    return moment.astimezone(now.tzinfo)


_RANGE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(?:-|–|tot|t/m)\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_time_range(text: str) -> tuple[str, str]:
    """Start and end as "HH:MM" from a text such as "8:30-9:15" or "15.00 tot 15.45"."""
    match = _RANGE.match(text.lower())
    if match is None:
        raise WhenError("no time range found")
    hour1, minute1, hour2, minute2 = (int(part) for part in match.groups())
    try:
        start, end = time(hour1, minute1), time(hour2, minute2)
    except ValueError:
        raise WhenError("that time does not exist") from None
    if end <= start:
        raise WhenError("the end must be after the start")
    return start.strftime("%H:%M"), end.strftime("%H:%M")
