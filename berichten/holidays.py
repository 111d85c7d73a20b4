"""School holidays from a TOML list in config/: series skip dates that fall inside one."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path


class HolidayFileError(ValueError):
    """The holiday list cannot be read; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Holiday:
    """One holiday, both days included."""

    name: str
    first: date
    last: date

    def covers(self, day: date) -> bool:
        """True when `day` falls in this holiday."""
        return self.first <= day <= self.last


def parse_holidays(text: str, source: str = "vakanties.toml") -> tuple[Holiday, ...]:
    """The holidays in a TOML text with [[vakantie]] tables (naam, van, tot)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise HolidayFileError(f"{source}: not valid TOML ({error})") from None
    holidays = []
    for number, entry in enumerate(data.get("vakantie", []), start=1):
        first, last = entry.get("van"), entry.get("tot")
        if not isinstance(first, date) or not isinstance(last, date) or last < first:
            raise HolidayFileError(f"{source}: vakantie {number} needs dates van <= tot")
        holidays.append(Holiday(str(entry.get("naam", "")), first, last))
    return tuple(holidays)


def load_holidays(path: str | Path) -> tuple[Holiday, ...]:
    """The holidays in a file; no file means no holidays."""
    file = Path(path)
    if not file.is_file():
        return ()
    return parse_holidays(file.read_text(encoding="utf-8"), file.name)


def in_holiday(day: date, holidays: tuple[Holiday, ...]) -> bool:
    """True when `day` is inside any of the holidays."""
    return any(holiday.covers(day) for holiday in holidays)
