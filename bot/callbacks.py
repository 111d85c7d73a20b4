"""Callback data of inline buttons: built here and parsed strictly, never trusted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from berichten.languages import BY_CODE

_PATTERN = re.compile(r"^([a-z]{2,8}):([A-Za-z0-9_-]{1,40})$")
_MAX_ID = 2**31 - 1  # our ids are INTEGER columns: larger ones fail on PostgreSQL
_NUMBER = re.compile(r"[0-9]+")
_ID = r"[1-9][0-9]{0,17}"
_WHEN = re.compile(r"^(d[0-9]{8}|t[0-9]{8}T[0-9]{4}|back)$")
_RSVP = re.compile(rf"^{_ID}[ymn]$")
_FEEDBACK = re.compile(rf"^{_ID}(s[1-5]|skip)$")
_SERIES = re.compile(rf"^(new|make|cancel|day|time|place|w(mon|tue|wed|thu|fri)|[prxtld]{_ID})$")
_EVENT = re.compile(r"^(ouderavond|inloopochtend|viering|all|grp|go|cancel|g[1-9][0-9]{0,17})$")
_REMINDER = re.compile(
    rf"^(t(gym|meenemen|uitje|studiedag|bibliotheek|fotodag|oudergesprek|vrij)"
    rf"|once|week|w(mon|tue|wed|thu|fri|sat|sun)|skip|cancel|[prd]{_ID})$"
)
_RESULTS = re.compile(rf"^[es]{_ID}$")


def _is_id(value: str) -> bool:
    return value.isdigit() and not value.startswith("0") and int(value) <= _MAX_ID


_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "lang": lambda value: value in BY_CODE,
    "consent": lambda value: value in ("yes", "no"),
    "stop": lambda value: value in ("yes", "no"),
    "orig": _is_id,
    "read": _is_id,
    "brief": lambda value: value in ("send", "force", "again", "cancel", "now", "later", "done"),
    "grp": lambda value: value == "all" or _is_id(value),
    "when": lambda value: _WHEN.match(value) is not None,
    "rsvp": lambda value: _RSVP.match(value) is not None,
    "fb": lambda value: _FEEDBACK.match(value) is not None,
    "ks": lambda value: _SERIES.match(value) is not None,
    "ev": lambda value: _EVENT.match(value) is not None,
    "rem": lambda value: _REMINDER.match(value) is not None,
    "res": lambda value: _RESULTS.match(value) is not None,
}


@dataclass(frozen=True, slots=True)
class Callback:
    """A parsed button press: which action and which value."""

    action: str
    value: str

    @property
    def number(self) -> int:
        """The value as an id (for actions that carry one)."""
        return int(self.value)


def make(action: str, value: str) -> str:
    """The callback data for a button; checked with the same rules as parsing."""
    data = f"{action}:{value}"
    if parse(data) is None:
        raise ValueError(f"invalid callback data {data!r}")
    return data


def parse(data: str | None) -> Callback | None:
    """The button press, or None when the data is not one we make."""
    if not data or len(data.encode()) > 64:
        return None
    match = _PATTERN.match(data)
    if match is None:
        return None
    action, value = match.groups()
    validator = _VALIDATORS.get(action)
    if validator is None or not validator(value):
        return None
    if any(int(number) > _MAX_ID for number in _NUMBER.findall(value)):
        return None  # no button of ours carries such a number
    return Callback(action, value)
