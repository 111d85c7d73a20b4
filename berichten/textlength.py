"""Text length as Telegram counts it (UTF-16 units after parsing HTML), and cutting to fit."""

from __future__ import annotations

import html
import re

MAX_MESSAGE = 4096  # Telegram's limit for one message, in UTF-16 units of the parsed text
_TAGS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>")


def utf16_units(text: str) -> int:
    """Length of a plain text in UTF-16 units, as Telegram counts it (an emoji is often two)."""
    return len(text.encode("utf-16-le")) // 2


def telegram_length(html_text: str) -> int:
    """Length of an HTML message as Telegram counts it: after tags and entities are parsed."""
    return utf16_units(html.unescape(_TAGS.sub("", html_text)))


def shortened(text: str, limit: int, mark: str = "…") -> str:
    """A plain text cut to at most `limit` UTF-16 units, never inside a character; `mark` added.

    Cut texts before escaping them: cutting HTML could break a tag or an entity.
    """
    if utf16_units(text) <= limit:
        return text
    return text.encode("utf-16-le")[: 2 * limit].decode("utf-16-le", errors="ignore") + mark
