"""Sending texts to a chat: HTML parse mode, right-to-left marks, length kept in bounds."""

from __future__ import annotations

import html
import re

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest

from berichten.languages import is_rtl

RLM = "\u200f"
_TAGS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>")


def visible_length(html_text: str) -> int:
    """Length as Telegram counts it: after the HTML tags and entities are parsed."""
    return len(html.unescape(_TAGS.sub("", html_text)).encode("utf-16-le")) // 2


def units(text: str) -> int:
    """Length of a plain text in UTF-16 units, as Telegram counts it (an emoji is often two)."""
    return len(text.encode("utf-16-le")) // 2


def shortened(text: str, limit: int, mark: str = "…") -> str:
    """A plain text cut to at most `limit` UTF-16 units, never inside a character; `mark` added.

    Cut texts before escaping them: cutting HTML could break a tag or an entity.
    """
    if units(text) <= limit:
        return text
    return text.encode("utf-16-le")[: 2 * limit].decode("utf-16-le", errors="ignore") + mark


def directed(text: str, language: str) -> str:
    """Start every line with a right-to-left mark for RTL languages, so it displays right."""
    if not is_rtl(language):
        return text
    return "\n".join(RLM + line if line else line for line in text.split("\n"))


async def send(
    bot: Bot,
    chat_id: int,
    text: str,
    language: str,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> Message:
    """Send an already HTML-escaped text in the chat's language direction."""
    body = directed(text, language)
    if visible_length(body) > MessageLimit.MAX_TEXT_LENGTH:
        raise ValueError("reply text too long; split it before sending")
    return await bot.send_message(
        chat_id=chat_id, text=body, parse_mode=ParseMode.HTML, reply_markup=reply_markup
    )


async def edit_keyboard(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    """Replace the keyboard of the pressed message; a second tap (nothing to change) is fine."""
    try:
        await query.edit_message_reply_markup(markup)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise
