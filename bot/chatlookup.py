"""Finding the chat of an update and the language to answer it in."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from berichten.i18n import available_languages
from berichten.languages import DEFAULT_LANGUAGE, find_language
from berichten.models import Chat


async def chat_of(session: AsyncSession, update: Update) -> Chat | None:
    """The bound chat of this update, if the person has joined."""
    if update.effective_chat is None:
        return None
    return await session.scalar(
        select(Chat).where(Chat.telegram_chat_id == update.effective_chat.id)
    )


def telegram_language(update: Update) -> str:
    """The user's Telegram app language if the bot speaks it, else Dutch."""
    user = update.effective_user
    found = find_language(user.language_code if user else None)
    if found is not None and found.code in available_languages():
        return found.code
    return DEFAULT_LANGUAGE


def language_of(chat: Chat | None, update: Update) -> str:
    """The language to answer in: the chat's choice, else the Telegram app language."""
    return chat.language if chat is not None else telegram_language(update)
