"""The welcome after consent: who you are connected to and what you can do."""

from __future__ import annotations

import html

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot

from berichten.i18n import translations
from berichten.models import Chat, Staff
from berichten.privacy import stored_data
from bot.commands import publish_staff_menu
from bot.handlers.steps import describe_groups
from bot.reply import send


async def welcome(bot: Bot, session: AsyncSession, chat: Chat) -> None:
    """Tell a newly joined person where they are connected and how to get help."""
    _ = translations(chat.language).gettext
    data = await stored_data(session, chat)
    first = _("Welcome! You are now connected to {school}.").format(school=html.escape(data.school))
    parts = [first]
    if data.groups:
        parts.append(describe_groups(data, chat.language))
    if chat.parent_id is not None:
        parts.append(_("You will get messages from the school here, in your language."))
    else:
        parts.append(_("You are connected as {role}.").format(role=html.escape(data.role)))
        staff = await session.get(Staff, chat.staff_id) if chat.staff_id else None
        if staff is not None:
            await publish_staff_menu(bot, chat.telegram_chat_id, staff.role, chat.language)
    parts.append(_("/help shows what you can do."))
    await send(bot, chat.telegram_chat_id, "\n\n".join(parts), chat.language)
