"""A decorator for commands of joined chats: one transaction, the chat, or how to join."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ContextTypes

from berichten.models import Chat
from bot.chatlookup import chat_of
from bot.handlers.steps import not_joined
from bot.services import Services, get_services

JoinedHandler = Callable[
    [Update, ContextTypes.DEFAULT_TYPE, Services, AsyncSession, Chat], Awaitable[None]
]
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def for_joined(handler: JoinedHandler) -> Handler:
    """Run `handler` with the chat in one transaction; unknown chats are told how to join."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        services = get_services(context.bot_data)
        async with services.db.transaction() as session:
            chat = await chat_of(session, update)
            if chat is None:
                await not_joined(context.bot, update)
                return
            await handler(update, context, services, session, chat)

    return wrapper
