"""/start with an invite code, or the code typed in: joining the school's bot."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ContextTypes

from berichten.i18n import available_languages, translations
from berichten.invitecodes import looks_like_code
from berichten.joining import JoinOutcome, JoinResult, redeem_code
from berichten.models import ChatStatus, Parent
from bot.chatlookup import chat_of, telegram_language
from bot.handlers.steps import ask_consent, ask_language, not_joined, remind_current_step
from bot.reply import send
from bot.services import get_services


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, from a deep link (code as argument) or typed by hand."""
    code = " ".join(context.args or [])
    await _join(update, context, code or None)


async def typed_code(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text from a chat that has not joined yet: a code, or a question what to do."""
    message = update.effective_message
    text = message.text if message and message.text else ""
    await _join(update, context, text if looks_like_code(text) else None)


async def _join(update: Update, context: ContextTypes.DEFAULT_TYPE, code: str | None) -> None:
    assert update.effective_chat is not None
    services = get_services(context.bot_data)
    chat_id = update.effective_chat.id
    guess = telegram_language(update)
    _ = translations(guess).gettext
    async with services.db.transaction() as session:
        chat = await chat_of(session, update)
        if chat is not None:
            if chat.status is ChatStatus.ACTIVE:
                own = translations(chat.language).gettext
                text = own("You are already connected. /help shows what you can do.")
                await send(context.bot, chat_id, text, chat.language)
            else:
                await remind_current_step(context.bot, chat)
            return
        if code is None:
            await not_joined(context.bot, update)
            return
        now = services.clock.now()
        result = await redeem_code(session, code, chat_id, now, guess)
        if result.outcome is JoinOutcome.JOINED:
            assert result.chat is not None
            if result.chat.staff_id is not None:
                result.chat.language = "nl"
                result.chat.state = "consent"
                await ask_consent(context.bot, result.chat)
            else:
                suggested = await _suggested_language(session, result.chat.parent_id, guess)
                await ask_language(context.bot, result.chat, suggested)
            return
    # The wrong attempt is committed before the answer goes out.
    await send(context.bot, chat_id, wrong_code_answer(result, guess, now), guess)


async def _suggested_language(session: AsyncSession, parent_id: int | None, guess: str) -> str:
    """The language the school wrote down for the parent, else the Telegram app language."""
    if parent_id is not None:
        parent = await session.get(Parent, parent_id)
        if parent and parent.preferred_language in available_languages():
            return parent.preferred_language
    return guess


def wrong_code_answer(result: JoinResult, language: str, now: datetime) -> str:
    """A friendly answer to a code that did not work, saying what to do next."""
    catalog = translations(language)
    _ = catalog.gettext
    if result.outcome is JoinOutcome.THROTTLED:
        assert result.retry_at is not None
        minutes = max(1, math.ceil((result.retry_at - now).total_seconds() / 60))
        return catalog.ngettext(
            "You tried too many wrong codes. Please wait {n} minute and try again.",
            "You tried too many wrong codes. Please wait {n} minutes and try again.",
            minutes,
        ).format(n=minutes)
    if result.outcome is JoinOutcome.EXPIRED:
        return _("This code is too old. Please ask the school for a new code.")
    if result.outcome is JoinOutcome.USED:
        return _(
            "This code has already been used. "
            "Was that not you? Please ask the school for a new code."
        )
    return _(
        "This code is not right. Please check the code in the school's letter and try again.\n"
        "Still not working? Ask your child's teacher."
    )
