"""Sending texts to a chat: HTML parse mode, right-to-left marks, length kept in bounds."""

from __future__ import annotations

import html
import re

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import MessageLimit, ParseMode

from berichten.languages import is_rtl

RLM = "\u200f"
_TAGS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>")


def visible_length(html_text: str) -> int:
    """Length as Telegram counts it: after the HTML tags and entities are parsed."""
    return len(html.unescape(_TAGS.sub("", html_text)).encode("utf-16-le")) // 2


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
