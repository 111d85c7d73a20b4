"""Buttons under a school message: show the Dutch original, confirm reading."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy import update as sql_update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ContextTypes

from berichten.i18n import translations
from berichten.models import Chat, Delivery, Message
from berichten.templates import render
from bot.callbacks import Callback
from bot.reply import send
from bot.services import get_services


async def message_button(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: AsyncSession,
    chat: Chat,
    pressed: Callback,
) -> None:
    """Handle orig:<message id> and read:<delivery id>, only for this chat's own deliveries."""
    query = update.callback_query
    assert query is not None
    _ = translations(chat.language).gettext
    if pressed.action == "orig":
        delivery = await session.scalar(
            select(Delivery).where(
                Delivery.message_id == pressed.number,
                Delivery.telegram_chat_id == chat.telegram_chat_id,
            )
        )
        message = await session.get(Message, pressed.number) if delivery else None
        if message is None:
            await query.answer(_("This button no longer works."))
            return
        await query.answer()
        original = render(message.template_key, message.fields, "nl")
        await send(context.bot, chat.telegram_chat_id, original, "nl")
        return
    services = get_services(context.bot_data)
    confirmed = await session.execute(
        sql_update(Delivery)
        .where(Delivery.id == pressed.number, Delivery.telegram_chat_id == chat.telegram_chat_id)
        .values(confirmed_at=func.coalesce(Delivery.confirmed_at, services.clock.now()))
    )
    if confirmed.rowcount != 1:  # type: ignore[attr-defined]
        await query.answer(_("This button no longer works."))
        return
    await query.answer(_("Thank you! The school can see that you have read it."))
