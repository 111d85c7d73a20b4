"""A two-step inline keyboard to pick a send moment: first a school day, then a time."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from berichten.i18n import translations
from bot import callbacks

ACTION = "when"
LANGUAGE = "nl"
TODAY_UNTIL = time(17, 0)
SCHOOL_DAYS_AHEAD = 6
TIMES = (
    time(7, 30),
    time(8, 0),
    time(8, 30),
    time(12, 0),
    time(15, 0),
    time(16, 0),
    time(18, 0),
    time(19, 0),
)
TIMES_PER_ROW = 4
MAX_AHEAD = timedelta(days=365)
_DAY = re.compile(r"d([0-9]{4})([0-9]{2})([0-9]{2})")
_MOMENT = re.compile(r"t([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})")


def _button(label: str, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.make(ACTION, value))


def day_value(day: date) -> str:
    """The callback value of a day button."""
    return f"d{day:%Y%m%d}"


def time_value(moment: datetime) -> str:
    """The callback value of a time button; `moment` is local time."""
    return f"t{moment:%Y%m%dT%H%M}"


def school_days(now: datetime, tz: ZoneInfo) -> list[date]:
    """Today while it is before 17:00 on a weekday, then the next six weekdays."""
    local_now = now.astimezone(tz)
    today = local_now.date()
    upcoming: list[date] = []
    day = today
    while len(upcoming) < SCHOOL_DAYS_AHEAD:
        day += timedelta(days=1)
        if day.weekday() < 5:
            upcoming.append(day)
    if today.weekday() < 5 and local_now.time() < TODAY_UNTIL:
        return [today, *upcoming]
    return upcoming


def day_label(day: date, today: date) -> str:
    """A label such as "vrijdag 12 december", after "vandaag" or "morgen" when it applies."""
    _ = translations(LANGUAGE).gettext
    label = format_date(day, "EEEE d MMMM", locale=LANGUAGE)
    if day == today:
        return _("today") + ", " + label
    if day == today + timedelta(days=1):
        return _("tomorrow") + ", " + label
    return label


def day_keyboard(now: datetime, tz: ZoneInfo) -> InlineKeyboardMarkup:
    """One button per coming school day, one per row."""
    today = now.astimezone(tz).date()
    return InlineKeyboardMarkup(
        [[_button(day_label(day, today), day_value(day))] for day in school_days(now, tz)]
    )


def moments(day: date, now: datetime, tz: ZoneInfo) -> list[datetime]:
    """The offered times of `day` that are still in the future, as local aware datetimes."""
    offered = (datetime.combine(day, at, tzinfo=tz) for at in TIMES)
    return [moment for moment in offered if moment > now]


def time_keyboard(day: date, now: datetime, tz: ZoneInfo) -> InlineKeyboardMarkup:
    """The future times of `day`, four per row, and a button back to the days."""
    _ = translations(LANGUAGE).gettext
    buttons = [_button(f"{m:%H:%M}", time_value(m)) for m in moments(day, now, tz)]
    rows = [buttons[i : i + TIMES_PER_ROW] for i in range(0, len(buttons), TIMES_PER_ROW)]
    rows.append([_button("« " + _("Back"), "back")])
    return InlineKeyboardMarkup(rows)


def _within_reach(moment: datetime, now: datetime) -> bool:
    return now < moment <= now + MAX_AHEAD


def parse_choice(value: str, now: datetime, tz: ZoneInfo) -> date | datetime | None:
    """The pressed day or moment (aware, in `tz`); None for back, the past, or far ahead."""
    try:
        if day_match := _DAY.fullmatch(value):
            year, month, mday = (int(part) for part in day_match.groups())
            day = date(year, month, mday)
            today = now.astimezone(tz).date()
            return day if today <= day <= (now + MAX_AHEAD).astimezone(tz).date() else None
        if moment_match := _MOMENT.fullmatch(value):
            year, month, mday, hour, minute = (int(part) for part in moment_match.groups())
            if time(hour, minute) not in TIMES:
                return None
            moment = datetime(year, month, mday, hour, minute, tzinfo=tz)
            return moment if _within_reach(moment, now) else None
    except ValueError:
        return None
    return None
