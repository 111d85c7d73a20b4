"""A parent's one-tap answers: RSVP to an invitation, the faces scale, then optional words."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from berichten.events import answer_rsvp
from berichten.feedback import FACES, MAX_OPEN_ANSWER, record_open_answer, record_score
from berichten.i18n import translations
from berichten.models import Chat, Delivery, Event, Message, RsvpAnswer
from berichten.templates import RSVP_TEMPLATES
from bot import callbacks
from bot.callbacks import Callback
from bot.delivery import RSVP_BUTTONS
from bot.reply import edit_keyboard, send
from bot.services import Services, get_services

ANSWERS = {"y": RsvpAnswer.YES, "m": RsvpAnswer.MAYBE, "n": RsvpAnswer.NO}
FEEDBACK_STATE = "feedback_open"


def _(message: str) -> str:
    return message


THANKS = {
    RsvpAnswer.YES: _("Thank you! We look forward to seeing you."),
    RsvpAnswer.MAYBE: _("Thank you! You are welcome if you can make it."),
    RsvpAnswer.NO: _("Thank you for letting us know. Maybe next time!"),
}


async def _received(
    session: AsyncSession, chat: Chat, event_id: int, templates: tuple[str, ...]
) -> bool:
    """True when this chat really got a message of the event with one of the templates."""
    found = await session.scalar(
        select(Delivery.id)
        .join(Message, Delivery.message_id == Message.id)
        .where(
            Message.event_id == event_id,
            Message.template_key.in_(templates),
            Delivery.telegram_chat_id == chat.telegram_chat_id,
        )
        .limit(1)
    )
    return found is not None


async def event_button(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: AsyncSession,
    chat: Chat,
    pressed: Callback,
) -> None:
    """rsvp:<event><y|m|n> and fb:<event>s<score> / fb:<event>skip, for invited parents only."""
    query = update.callback_query
    assert query is not None
    services = get_services(context.bot_data)
    _ = translations(chat.language).gettext
    event_id = int(pressed.value.rstrip("ymnskip").split("s")[0])
    event = await session.get(Event, event_id)
    templates = RSVP_TEMPLATES if pressed.action == "rsvp" else ("feedback_vraag",)
    if (
        chat.parent_id is None
        or event is None
        or not await _received(session, chat, event_id, templates)
    ):
        await query.answer(_("This button no longer works."))
        return
    now = services.clock.now()
    if pressed.action == "rsvp":
        if now >= event.ends_at or event.cancelled:
            await query.answer(_("This activity is over. Thank you!"))
            return
        answer = ANSWERS[pressed.value[-1]]
        await answer_rsvp(session, event, chat.parent_id, answer, now)
        await query.answer(_(THANKS[answer]))
        await edit_keyboard(query, _rsvp_keyboard(event_id, answer, chat.language))
        return
    if pressed.value.endswith("skip"):
        if chat.state == FEEDBACK_STATE:
            chat.state, chat.state_data = None, None
        await query.answer(_("Thank you!"))
        await edit_keyboard(query, None)
        return
    score = int(pressed.value.rsplit("s", 1)[1])
    answer_id = await record_score(session, event_id, chat.parent_id, score, chat.language, now)
    if answer_id is None:
        await query.answer(_("You have already answered. Thank you!"))
        return
    await query.answer(_("Thank you!"))
    await query.edit_message_reply_markup(
        InlineKeyboardMarkup(
            [[InlineKeyboardButton(f"✓ {FACES[score]}", callback_data=pressed_data(pressed))]]
        )
    )
    chat.state, chat.state_data = FEEDBACK_STATE, {"answer": answer_id, "event": event_id}
    await send(
        context.bot,
        chat.telegram_chat_id,
        _(
            "Would you like to tell us more? What could be better, and what would you like "
            "next time? Write it in your own language. Your answer stays anonymous."
        ),
        chat.language,
        InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        _("Skip"), callback_data=callbacks.make("fb", f"{event_id}skip")
                    )
                ]
            ]
        ),
    )


def pressed_data(pressed: Callback) -> str:
    """The callback data of a pressed button, rebuilt from the parsed value."""
    return callbacks.make(pressed.action, pressed.value)


def _rsvp_keyboard(event_id: int, chosen: RsvpAnswer, language: str) -> InlineKeyboardMarkup:
    gettext = translations(language).gettext
    row = []
    for code, label in RSVP_BUTTONS:
        text = gettext(label)
        if ANSWERS[code] is chosen:
            text = f"✓ {text}"
        row.append(
            InlineKeyboardButton(text, callback_data=callbacks.make("rsvp", f"{event_id}{code}"))
        )
    return InlineKeyboardMarkup([row])


async def feedback_words(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, text: str
) -> bool:
    """A parent's open answer after the faces; False when the chat is not in that step."""
    if chat.state != FEEDBACK_STATE:
        return False
    _ = translations(chat.language).gettext
    data = dict(chat.state_data or {})
    words = text.strip()[:MAX_OPEN_ANSWER]
    chat.state, chat.state_data = None, None
    if words:
        dutch = words
        if chat.language != "nl":
            outcome = await services.translator.translate(words, chat.language, "nl")
            dutch = outcome.text
        await record_open_answer(session, int(data["answer"]), words, dutch)
    await send(
        bot,
        chat.telegram_chat_id,
        _("Thank you! The school reads every answer, and will tell you what it does with them."),
        chat.language,
    )
    return True
