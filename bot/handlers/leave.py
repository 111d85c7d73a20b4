"""/stop: leaving the bot, after a confirmation, with the person's data deleted."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy import update as sql_update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, BotCommandScopeChat, Update
from telegram.ext import ContextTypes

from berichten.i18n import translations
from berichten.models import Chat, InviteCode
from berichten.privacy import forget_chat
from bot import keyboards
from bot.handlers.joined import for_joined
from bot.reply import send
from bot.services import Services


@for_joined
async def stop(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    services: Services,
    session: AsyncSession,
    chat: Chat,
) -> None:
    """Ask whether the person really wants to leave and have their data deleted."""
    _ = translations(chat.language).gettext
    chat.state = "confirm_stop"
    text = _(
        "Do you want to leave? Then we delete your data, "
        "and you get no more messages from the school here."
    )
    markup = keyboards.yes_no("stop", _("Yes, delete my data"), _("No, stay"))
    await send(context.bot, chat.telegram_chat_id, text, chat.language, markup)


async def confirm_leave(bot: Bot, session: AsyncSession, chat: Chat, *, declined: bool) -> None:
    """Delete the chat's link and the parent's data, then say goodbye."""
    _ = translations(chat.language).gettext
    chat_id, language = chat.telegram_chat_id, chat.language
    if declined:
        # Saying no at the consent step keeps the school's list intact and the code usable.
        owner = (
            InviteCode.parent_id == chat.parent_id
            if chat.parent_id is not None
            else InviteCode.staff_id == chat.staff_id
        )
        await session.execute(sql_update(InviteCode).where(owner).values(used_at=None))
        await session.execute(delete(Chat).where(Chat.id == chat.id))
        text = _(
            "All right. We have stored nothing. "
            "If you change your mind, send the code from the letter again."
        )
    else:
        await forget_chat(session, chat)
        text = _(
            "Your data has been deleted. Goodbye!\n"
            "Want to come back later? Ask the school for a new code."
        )
    await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
    await send(bot, chat_id, text, language)
