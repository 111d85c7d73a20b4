"""Everything else: unknown commands, other texts, media, and unexpected errors."""

from __future__ import annotations

import html
import logging
import traceback

from telegram import Update
from telegram.ext import ContextTypes

from berichten.db import is_disk_full
from berichten.i18n import translations
from berichten.models import ChatStatus
from bot.chatlookup import chat_of, language_of, telegram_language
from bot.handlers.activity import activity_text
from bot.handlers.eventbuttons import feedback_words
from bot.handlers.join import typed_code
from bot.handlers.koffie import koffie_text
from bot.handlers.letter import letter_text
from bot.handlers.reminders import reminder_text
from bot.handlers.results import results_text
from bot.handlers.steps import remind_current_step
from bot.handlers.twoway import parent_writes, staff_writes
from bot.reply import send
from bot.services import get_services

logger = logging.getLogger(__name__)
MAX_ECHOED_COMMAND = 40
STAFF_STEPS = (letter_text, koffie_text, activity_text, reminder_text, results_text)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not know: say so and point to /help."""
    message = update.effective_message
    assert message is not None and update.effective_chat is not None
    services = get_services(context.bot_data)
    async with services.db.transaction() as session:
        chat = await chat_of(session, update)
    language = language_of(chat, update)
    _ = translations(language).gettext
    command = (message.text or "").split()[0][:MAX_ECHOED_COMMAND]
    text = _("I do not know the command {command}. /help shows what you can do.").format(
        command=html.escape(command)
    )
    await send(context.bot, update.effective_chat.id, text, language)


async def other_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text that is not a command: a code from a new chat, else an answer by step."""
    assert update.effective_chat is not None
    services = get_services(context.bot_data)
    async with services.db.transaction() as session:
        chat = await chat_of(session, update)
        if chat is None:
            pass
        elif chat.status is not ChatStatus.ACTIVE or chat.state in ("choose_language", "consent"):
            await remind_current_step(context.bot, chat)
            return
        else:
            message = update.effective_message
            assert message is not None
            # NUL cannot be stored in PostgreSQL text or JSON, and no one means to type it.
            text = (message.text or "").replace("\x00", "")
            if chat.parent_id is not None:
                if not await feedback_words(context.bot, services, session, chat, text):
                    await parent_writes(context.bot, services, session, chat, text)
                return
            for step in STAFF_STEPS:
                if await step(context.bot, services, session, chat, text):
                    return
            await staff_writes(context.bot, services, session, chat, message)
            return
    await typed_code(update, context)


async def other_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo, voice message, sticker and so on: the bot reads only text."""
    assert update.effective_chat is not None
    services = get_services(context.bot_data)
    async with services.db.transaction() as session:
        chat = await chat_of(session, update)
    language = language_of(chat, update)
    _ = translations(language).gettext
    await send(
        context.bot, update.effective_chat.id, _("Sorry, I can only read text messages."), language
    )


def where(error: BaseException | None) -> str:
    """File and line where an error was raised; never its message, which may hold data."""
    if error is None or error.__traceback__ is None:
        return "?"
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error without personal data and tell the person to try again."""
    error = context.error
    if error is not None and is_disk_full(error):
        logger.critical(
            "the database is full: free disk space; the action was rolled back, nothing "
            "was half-written"
        )
    logger.error("handler failed: %s at %s", type(error).__name__, where(error))
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    language = telegram_language(update)
    _ = translations(language).gettext
    try:
        await send(
            context.bot,
            update.effective_chat.id,
            _("Sorry, something went wrong. Please try again later."),
            language,
        )
    except Exception:
        logger.warning("could not send the error reply")
