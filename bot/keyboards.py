"""Inline keyboards of the parent's conversation."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from berichten.i18n import available_languages
from berichten.languages import BY_CODE
from bot import callbacks


def language_picker(suggested: str | None) -> InlineKeyboardMarkup:
    """One button per language, in its own script; the suggested one first with a tick."""
    codes = available_languages()
    if suggested in codes:
        codes.remove(suggested)
        codes.insert(0, suggested)
    buttons = []
    for code in codes:
        label = BY_CODE[code].native_name
        if code == suggested:
            label = f"✓ {label}"
        buttons.append(InlineKeyboardButton(label, callback_data=callbacks.make("lang", code)))
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(rows)


def yes_no(action: str, yes_text: str, no_text: str) -> InlineKeyboardMarkup:
    """Two buttons, yes and no, for one action."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(yes_text, callback_data=callbacks.make(action, "yes")),
                InlineKeyboardButton(no_text, callback_data=callbacks.make(action, "no")),
            ]
        ]
    )
