"""Builds the python-telegram-bot Application with all handlers of Schoolpoort."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.commands import publish_default_menus
from bot.handlers import (
    activity,
    buttons,
    fallback,
    info,
    join,
    koffie,
    leave,
    letter,
    reminders,
    results,
)
from bot.services import SERVICES_KEY, Services

PRIVATE = filters.ChatType.PRIVATE


def quiet_http_logs() -> None:
    """httpx logs every request URL, and the URL holds the bot token: keep it quiet."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def add_handlers(application: Application) -> None:
    """Register every handler, most specific first."""
    application.add_handler(CommandHandler("start", join.start, filters=PRIVATE))
    application.add_handler(CommandHandler("help", info.help_command, filters=PRIVATE))
    application.add_handler(
        CommandHandler(["taal", "language"], info.language_command, filters=PRIVATE)
    )
    application.add_handler(CommandHandler("mijngegevens", info.my_data_command, filters=PRIVATE))
    application.add_handler(CommandHandler("stop", leave.stop, filters=PRIVATE))
    application.add_handler(CommandHandler("brief", letter.letter_command, filters=PRIVATE))
    application.add_handler(CommandHandler("koffie", koffie.koffie_command, filters=PRIVATE))
    application.add_handler(
        CommandHandler("activiteit", activity.activity_command, filters=PRIVATE)
    )
    application.add_handler(
        CommandHandler("herinnering", reminders.reminder_command, filters=PRIVATE)
    )
    application.add_handler(
        CommandHandler("herinneringen", reminders.reminders_command, filters=PRIVATE)
    )
    application.add_handler(CommandHandler("resultaten", results.results_command, filters=PRIVATE))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    application.add_handler(MessageHandler(PRIVATE & filters.COMMAND, fallback.unknown_command))
    application.add_handler(MessageHandler(PRIVATE & filters.TEXT, fallback.other_text))
    application.add_handler(
        MessageHandler(PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, fallback.other_media)
    )
    application.add_error_handler(fallback.on_error)


async def on_startup(application: Application) -> None:
    """Work to do once the bot is started (PTB runs post_init only from run_polling)."""
    await publish_default_menus(application.bot)


def build_application(
    services: Services, token: str, base_url: str, base_file_url: str | None = None
) -> Application:
    """An Application talking to the Bot API at `base_url`, with services in bot_data."""
    quiet_http_logs()
    builder = ApplicationBuilder().token(token).base_url(base_url)
    if base_file_url:
        builder = builder.base_file_url(base_file_url)
    application = builder.build()
    application.bot_data[SERVICES_KEY] = services
    add_handlers(application)
    return application


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
