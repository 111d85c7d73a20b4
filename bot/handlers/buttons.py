"""Inline button presses: language choice, consent and leaving; the data is validated."""

from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from berichten.i18n import translations
from berichten.models import ChatStatus
from bot import callbacks
from bot.chatlookup import chat_of, telegram_language
from bot.commands import publish_chat_menu
from bot.handlers.activity import activity_button
from bot.handlers.eventbuttons import event_button
from bot.handlers.koffie import koffie_button
from bot.handlers.leave import confirm_leave
from bot.handlers.letter import letter_button
from bot.handlers.messagebuttons import message_button
from bot.handlers.reminders import reminder_button
from bot.handlers.results import results_button
from bot.handlers.steps import ask_consent, language_name
from bot.handlers.welcome import welcome
from bot.reply import directed, send
from bot.services import get_services

ROUTES = {
    "rsvp": event_button,
    "fb": event_button,
    "ks": koffie_button,
    "ev": activity_button,
    "rem": reminder_button,
    "res": results_button,
}


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route a button press after checking its data and the chat's current step."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    services = get_services(context.bot_data)
    pressed = callbacks.parse(query.data)
    async with services.db.transaction() as session:
        chat = await chat_of(session, update)
        language = chat.language if chat else telegram_language(update)
        _ = translations(language).gettext
        if pressed is None or chat is None:
            await query.answer(_("This button no longer works."))
            return
        if pressed.action == "lang":
            await query.answer()
            chat.language = pressed.value
            try:
                await query.edit_message_text(
                    directed(f"✓ {language_name(pressed.value)}", pressed.value)
                )
            except BadRequest as error:  # a second tap: the picker already shows the choice
                if "not modified" not in error.message.lower():
                    raise
            await publish_chat_menu(context.bot, chat.telegram_chat_id, chat.language)
            if chat.state == "choose_language":
                chat.state = "consent"
                await ask_consent(context.bot, chat)
            else:
                own = translations(chat.language).gettext
                await send(
                    context.bot,
                    chat.telegram_chat_id,
                    own("Done. You will now get messages in this language."),
                    chat.language,
                )
            return
        if pressed.action == "consent" and chat.state == "consent":
            await query.answer()
            await query.edit_message_reply_markup(None)
            if pressed.value == "yes":
                chat.state = None
                chat.status = ChatStatus.ACTIVE
                chat.consent_at = services.clock.now()
                await welcome(context.bot, session, chat)
            else:
                await confirm_leave(context.bot, session, chat, declined=True)
            return
        if pressed.action in ("brief", "grp", "when"):
            await letter_button(update, context, session, chat, pressed)
            return
        if pressed.action in ROUTES:
            await ROUTES[pressed.action](update, context, session, chat, pressed)
            return
        if pressed.action in ("orig", "read"):
            await message_button(update, context, session, chat, pressed)
            return
        if pressed.action == "stop" and chat.state == "confirm_stop":
            await query.answer()
            await query.edit_message_reply_markup(None)
            if pressed.value == "yes":
                await confirm_leave(context.bot, session, chat, declined=False)
            else:
                chat.state = None
                await send(
                    context.bot,
                    chat.telegram_chat_id,
                    _("Good, you stay connected."),
                    chat.language,
                )
            return
        await query.answer(_("This button no longer works."))
