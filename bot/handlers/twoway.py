"""Two-way chat: a parent writes to the child's teachers; a teacher answers with Reply."""

from __future__ import annotations

import html

from babel.dates import format_datetime
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, Message
from telegram.error import TelegramError

from berichten.i18n import translations
from berichten.languages import BY_CODE
from berichten.models import Chat, ChatStatus, Staff
from berichten.textlength import shortened
from berichten.twoway import (
    next_office_hour,
    parent_for_reply,
    parent_label,
    remember_route,
    teachers_of,
)
from bot.reply import send
from bot.services import Services
from bot.staffui import STAFF_LANGUAGE

MAX_RELAYED = 3000
# With a translation and the original in one message, each gets this much, so that the whole
# message stays within Telegram's 4096 (UTF-16 units, as Telegram counts them).
MAX_EACH = 1800


def _clip(text: str, limit: int = MAX_RELAYED) -> str:
    return shortened(text, limit, " …")


async def parent_writes(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, text: str
) -> None:
    """Pass a parent's words to the teachers of their children, in Dutch with the original."""
    assert chat.parent_id is not None
    _ = translations(chat.language).gettext
    recipients = await teachers_of(session, chat.parent_id)
    if not recipients:
        await send(
            bot,
            chat.telegram_chat_id,
            _(
                "Your message could not be passed on: your child's teacher is not on this "
                "chat yet. Please talk to the teacher at school."
            ),
            chat.language,
        )
        return
    label = await parent_label(session, chat.parent_id)
    original = _clip(text)
    protected = [label.name, *(child for child, _group in label.children if child)]
    outcome = await services.translator.translate(
        original, chat.language, STAFF_LANGUAGE, protected=protected, cache=False
    )
    staff_text = _for_staff(
        label.name,
        label.children,
        chat.language,
        original,
        outcome.text,
        outcome.machine_translated,
    )
    now = services.clock.now()
    delivered = 0
    for recipient in recipients:
        try:
            sent = await send(bot, recipient.chat.telegram_chat_id, staff_text, STAFF_LANGUAGE)
        except TelegramError:
            continue
        await remember_route(session, chat, recipient.chat, sent.message_id, now)
        delivered += 1
    if delivered == 0:
        await send(
            bot,
            chat.telegram_chat_id,
            _("Sorry, your message could not be passed on just now. Please try again later."),
            chat.language,
        )
        return
    opening = next_office_hour([r.staff for r in recipients], now, services.settings.tz)
    if opening is None:
        answer = _("Your message has been passed on to the teacher.")
    else:
        when = format_datetime(
            opening, "EEEE HH:mm", tzinfo=services.settings.tz, locale=chat.language
        )
        answer = _(
            "Your message has been passed on. The teacher reads messages on school days. "
            "You can expect an answer from {when}."
        ).format(when=when)
    await send(bot, chat.telegram_chat_id, answer, chat.language)


def _for_staff(
    name: str,
    children: list[tuple[str, str]],
    language: str,
    original: str,
    dutch: str,
    machine_translated: bool,
) -> str:
    _ = translations(STAFF_LANGUAGE).gettext
    groups = ", ".join(
        _("{child}, group {group}").format(child=html.escape(child), group=html.escape(group))
        if child
        else _("group {group}").format(group=html.escape(group))
        for child, group in children
    )
    lines = [
        _("<b>Message from {name}</b> ({groups})").format(name=html.escape(name), groups=groups)
    ]
    if language == STAFF_LANGUAGE:
        lines.append(html.escape(original))
    else:
        language_name = BY_CODE[language].dutch_name if language in BY_CODE else language
        if machine_translated:
            original = _clip(original, MAX_EACH)
            lines += [
                html.escape(_clip(dutch, MAX_EACH)),
                "",
                "<i>"
                + _("Translated by a computer from {language}. Original:").format(
                    language=language_name
                )
                + "</i>",
            ]
        else:
            lines.append(
                "<i>" + _("Not translated ({language}):").format(language=language_name) + "</i>"
            )
        lines.append(html.escape(original))
    lines += ["", _("To answer, use Reply on this message.")]
    return "\n".join(lines)


async def staff_writes(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, message: Message
) -> None:
    """A teacher's Reply to a parent's message goes back to that parent, in their language."""
    _ = translations(STAFF_LANGUAGE).gettext
    replied = message.reply_to_message
    if replied is None:
        await send(
            bot,
            chat.telegram_chat_id,
            _("To answer a parent, use Reply on their message."),
            STAFF_LANGUAGE,
        )
        return
    parent_chat = await parent_for_reply(session, chat, replied.message_id)
    if parent_chat is None or parent_chat.status is not ChatStatus.ACTIVE:
        await send(
            bot,
            chat.telegram_chat_id,
            _(
                "This message cannot be answered here: it is not from a parent, "
                "or the parent has left."
            ),
            STAFF_LANGUAGE,
        )
        return
    staff = await session.get(Staff, chat.staff_id)
    teacher = staff.name if staff else ""
    original = _clip(message.text or "")
    outcome = await services.translator.translate(
        original, STAFF_LANGUAGE, parent_chat.language, protected=[teacher], cache=False
    )
    own = translations(parent_chat.language).gettext
    lines = [
        "<b>" + own("Answer from {teacher}").format(teacher=html.escape(teacher)) + "</b>",
        html.escape(outcome.text),
    ]
    if parent_chat.language != STAFF_LANGUAGE:
        note = (
            own("Translated by a computer. In Dutch:")
            if outcome.machine_translated
            else own("We could not translate this answer. In Dutch:")
        )
        if outcome.machine_translated:
            lines[1] = html.escape(_clip(outcome.text, MAX_EACH))
            lines += ["", "<i>" + note + "</i>", html.escape(_clip(original, MAX_EACH))]
        else:
            lines[1:] = ["<i>" + note + "</i>", html.escape(original)]
    try:
        await send(bot, parent_chat.telegram_chat_id, "\n".join(lines), parent_chat.language)
    except TelegramError:
        await send(
            bot,
            chat.telegram_chat_id,
            _("Your answer could not be delivered (the parent cannot be reached)."),
            STAFF_LANGUAGE,
        )
        return
    label = await parent_label(session, parent_chat.parent_id) if parent_chat.parent_id else None
    await send(
        bot,
        chat.telegram_chat_id,
        _("Sent to {name}.").format(name=html.escape(label.name if label else "")),
        STAFF_LANGUAGE,
    )
