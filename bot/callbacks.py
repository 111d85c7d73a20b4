"""Callback data of inline buttons: built here and parsed strictly, never trusted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from berichten.languages import BY_CODE

_PATTERN = re.compile(r"^([a-z]{2,8}):([A-Za-z0-9_-]{1,40})$")
_MAX_ID = 2**63 - 1


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
    return Callback(action, value)
