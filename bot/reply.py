"""Sending texts to a chat: HTML parse mode, right-to-left marks, length kept in bounds."""

from __future__ import annotations

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest

from berichten.languages import is_rtl
from berichten.textlength import telegram_length

RLM = "\u200f"


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
    if telegram_length(body) > MessageLimit.MAX_TEXT_LENGTH:
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
