"""/brief: a teacher's letter through the klare-taal check, to their own groups, now or later."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from babel.dates import format_datetime
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

import taalcheck
from berichten import audit, outbox
from berichten.audience_staff import sendable_groups
from berichten.i18n import translations
from berichten.models import Chat, Staff, StaffRole
from berichten.templates import render
from berichten.textlength import shortened, utf16_units
from berichten.whenparse import WhenError, parse_when
from bot import callbacks
from bot.callbacks import Callback
from bot.chatlookup import chat_of
from bot.letterreport import report_text
from bot.reply import send
from bot.services import Services, get_services
from bot.staffui import (
    ONLY_TEACHING,
    STAFF_LANGUAGE,
    refuse,
)
from bot.whenkeyboard import day_keyboard, parse_choice, time_keyboard

MAX_LETTER = 3500  # in UTF-16 units, as Telegram counts a message's length
PREVIEW_LETTER = 3600  # the letter's text in a preview, all its versions together
LETTER_STATES = ("brief_draft", "brief_checked", "brief_groups", "brief_when", "brief_time")


def _button(label: str, action: str, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.make(action, value))


async def _staff(session: AsyncSession, chat: Chat) -> Staff | None:
    if chat.staff_id is None:
        return None
    staff = await session.get(Staff, chat.staff_id)
    if staff is None or staff.role not in (StaffRole.LEERKRACHT, StaffRole.DIRECTEUR):
        return None
    return staff


async def letter_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start a letter: ask for its text (staff only)."""
    services = get_services(context.bot_data)
    _ = translations(STAFF_LANGUAGE).gettext
    async with services.db.transaction() as session:
        chat = await chat_of(session, update)
        if chat is None or await _staff(session, chat) is None or chat.state == "consent":
            assert update.effective_chat is not None
            await refuse(update, context, chat, ONLY_TEACHING)
            return
        chat.state, chat.state_data = "brief_draft", {}
        await send(
            context.bot,
            chat.telegram_chat_id,
            _("Send the text of your letter. I will check it for plain language first."),
            STAFF_LANGUAGE,
        )


async def letter_text(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, text: str
) -> bool:
    """Handle a text in a letter step; False when the chat is not writing a letter."""
    _ = translations(STAFF_LANGUAGE).gettext
    if chat.state == "brief_time":
        return await _scheduled(bot, services, session, chat, text)
    if chat.state not in ("brief_draft", "brief_checked"):
        return False
    draft = text.strip()
    if not draft:  # only spaces: nothing to check or send
        await send(
            bot,
            chat.telegram_chat_id,
            _("Send the text of your letter. I will check it for plain language first."),
            STAFF_LANGUAGE,
        )
        return True
    size = utf16_units(draft)
    if size > MAX_LETTER:
        await send(
            bot,
            chat.telegram_chat_id,
            _(
                "This letter is too long for a chat message ({n} characters; at most {max}). "
                "Make it shorter: parents read short messages best."
            ).format(n=size, max=MAX_LETTER),
            STAFF_LANGUAGE,
        )
        return True
    report = taalcheck.check(draft)
    chat.state, chat.state_data = "brief_checked", {"draft": draft, "verdict": report.verdict}
    if report.verdict == "ok":
        row = [_button(_("Send"), "brief", "send")]
    else:
        row = [_button(_("Send anyway"), "brief", "force")]
    row.append(_button(_("New version"), "brief", "again"))
    await send(
        bot,
        chat.telegram_chat_id,
        report_text(draft, report),
        STAFF_LANGUAGE,
        InlineKeyboardMarkup([row]),
    )
    return True


async def letter_button(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: AsyncSession,
    chat: Chat,
    pressed: Callback,
) -> None:
    """The letter's buttons, each valid only in its own step."""
    query = update.callback_query
    assert query is not None
    services = get_services(context.bot_data)
    _ = translations(STAFF_LANGUAGE).gettext
    staff = await _staff(session, chat)
    data: dict[str, Any] = dict(chat.state_data or {})
    step_ok = {
        ("brief", "send"): chat.state == "brief_checked" and data.get("verdict") == "ok",
        ("brief", "force"): chat.state == "brief_checked",
        ("brief", "again"): chat.state == "brief_checked",
        ("brief", "cancel"): chat.state in LETTER_STATES,
        ("brief", "now"): chat.state == "brief_when",
        ("brief", "later"): chat.state == "brief_when",
        ("brief", "done"): chat.state == "brief_groups" and bool(data.get("groups")),
        ("when", ""): chat.state == "brief_time",
    }
    key = (pressed.action, pressed.value if pressed.action == "brief" else "")
    allowed = step_ok.get(key, pressed.action == "grp" and chat.state == "brief_groups")
    if staff is None or not allowed:
        await query.answer(_("This button no longer works."))
        return
    own_groups: set[int] = set()
    if pressed.action == "grp":
        own_groups = {
            g.id
            for g in await sendable_groups(
                session, staff, services.clock.now(), services.settings.tz
            )
        }
        if pressed.value != "all" and pressed.number not in own_groups:
            # Not one of the buttons we showed: someone else's group, or another school's.
            await query.answer(_("This button no longer works."))
            return
    await query.answer()
    bot = context.bot
    if pressed.action == "when":
        await _when_button(query, bot, services, session, chat, staff, pressed.value)
    elif pressed.value == "again":
        chat.state = "brief_draft"
        await send(bot, chat.telegram_chat_id, _("Send the new version."), STAFF_LANGUAGE)
    elif pressed.value == "cancel":
        chat.state, chat.state_data = None, None
        await send(bot, chat.telegram_chat_id, _("The letter was not sent."), STAFF_LANGUAGE)
    elif pressed.value == "force" and not data.get("confirmed_force"):
        data["confirmed_force"] = True
        chat.state_data = data
        await send(
            bot,
            chat.telegram_chat_id,
            _("The check advises to revise this letter first. Send it anyway?"),
            STAFF_LANGUAGE,
            InlineKeyboardMarkup(
                [
                    [
                        _button(_("Yes, send anyway"), "brief", "force"),
                        _button(_("New version"), "brief", "again"),
                    ]
                ]
            ),
        )
    elif pressed.value in ("send", "force"):
        chat.state, data["groups"] = "brief_groups", []
        chat.state_data = data
        await _ask_groups(bot, services, session, chat, staff, [])
    elif pressed.action == "grp":
        chosen = sorted(own_groups) if pressed.value == "all" else [pressed.number]
        picked = (
            sorted(set(data.get("groups", [])) ^ set(chosen)) if pressed.value != "all" else chosen
        )
        data["groups"] = picked
        chat.state_data = data
        await _ask_groups(bot, services, session, chat, staff, picked)
    elif pressed.value == "done":
        chat.state = "brief_when"
        await _preview(bot, services, session, chat, staff, data)
    elif pressed.value == "now":
        await _queue(bot, services, session, chat, staff, data, None)
    elif pressed.value == "later":
        chat.state = "brief_time"
        await send(
            bot,
            chat.telegram_chat_id,
            _(
                "When should it go out? Choose a day, or type a moment such as morgen 8:00 "
                "or vrijdag 12 december 8.30."
            ),
            STAFF_LANGUAGE,
            day_keyboard(services.clock.now(), services.settings.tz),
        )


async def _when_button(
    query: CallbackQuery,
    bot: Bot,
    services: Services,
    session: AsyncSession,
    chat: Chat,
    staff: Staff,
    value: str,
) -> None:
    """A press on the date/time keyboard: a day shows its times, a time plans the letter."""
    _ = translations(STAFF_LANGUAGE).gettext
    now, tz = services.clock.now(), services.settings.tz
    choice = None if value == "back" else parse_choice(value, now, tz)
    if isinstance(choice, datetime):
        data = dict(chat.state_data or {})
        await _queue(bot, services, session, chat, staff, data, choice.astimezone(UTC))
        await _edit_keyboard(query, None)
    elif choice is not None:
        await _edit_keyboard(query, time_keyboard(choice, now, tz))
    else:
        if value != "back":
            await send(
                bot,
                chat.telegram_chat_id,
                _(
                    "I did not understand that moment, or it has passed. "
                    "Try for example: morgen 8:00"
                ),
                STAFF_LANGUAGE,
            )
        await _edit_keyboard(query, day_keyboard(now, tz))


async def _edit_keyboard(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    """Replace the keyboard of the pressed message; a double press changes nothing."""
    try:
        await query.edit_message_reply_markup(markup)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


async def _ask_groups(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, staff: Staff, picked: list[int]
) -> None:
    _ = translations(STAFF_LANGUAGE).gettext
    groups = await sendable_groups(session, staff, services.clock.now(), services.settings.tz)
    rows = [
        [
            _button(
                ("✓ " if g.id in picked else "") + _("Group {group}").format(group=g.name),
                "grp",
                str(g.id),
            )
        ]
        for g in groups
    ]
    rows.append([_button(_("All my groups"), "grp", "all")])
    if picked:
        rows.append([_button(_("Next"), "brief", "done")])
    rows.append([_button(_("Cancel"), "brief", "cancel")])
    await send(
        bot,
        chat.telegram_chat_id,
        _("To which groups?"),
        STAFF_LANGUAGE,
        InlineKeyboardMarkup(rows),
    )


async def _preview(
    bot: Bot,
    services: Services,
    session: AsyncSession,
    chat: Chat,
    staff: Staff,
    data: dict[str, Any],
) -> None:
    _ = translations(STAFF_LANGUAGE).gettext
    recipients = await outbox.recipients(session, staff.school_id, data["groups"])
    languages = sorted(
        {r.language for r in recipients} - {STAFF_LANGUAGE},
        key=lambda code: -sum(1 for r in recipients if r.language == code),
    )
    budget = PREVIEW_LETTER // 2 if languages else PREVIEW_LETTER
    fields = {"what": shortened(data["draft"], budget)}
    parts = [
        _("Preview for {n} parents.").format(n=len(recipients)),
        "",
        render("vrij", fields, STAFF_LANGUAGE),
    ]
    if languages:
        language = languages[0]
        translated = await services.translator.translate(data["draft"], STAFF_LANGUAGE, language)
        preview = render("vrij", fields, language, {"what": shortened(translated.text, budget)})
        parts += [
            "",
            "— " + _("How parents who read {language} get it:").format(language=language),
            preview,
        ]
    markup = InlineKeyboardMarkup(
        [
            [_button(_("Send now"), "brief", "now"), _button(_("Send later"), "brief", "later")],
            [_button(_("Cancel"), "brief", "cancel")],
        ]
    )
    await send(bot, chat.telegram_chat_id, "\n".join(parts), STAFF_LANGUAGE, markup)


async def _scheduled(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, text: str
) -> bool:
    _ = translations(STAFF_LANGUAGE).gettext
    staff = await _staff(session, chat)
    if staff is None:
        return False
    try:
        moment = parse_when(text, services.clock.now(), services.settings.tz)
    except WhenError:
        await send(
            bot,
            chat.telegram_chat_id,
            _("I did not understand that moment, or it has passed. Try for example: morgen 8:00"),
            STAFF_LANGUAGE,
        )
        return True
    await _queue(bot, services, session, chat, staff, dict(chat.state_data or {}), moment)
    return True


async def _queue(
    bot: Bot,
    services: Services,
    session: AsyncSession,
    chat: Chat,
    staff: Staff,
    data: dict[str, Any],
    when: Any,
) -> None:
    _ = translations(STAFF_LANGUAGE).gettext
    allowed = {
        g.id
        for g in await sendable_groups(session, staff, services.clock.now(), services.settings.tz)
    }
    groups = [g for g in data.get("groups", []) if g in allowed]
    message = await outbox.enqueue(
        session,
        school_id=staff.school_id,
        template_key="vrij",
        fields={"what": data["draft"]},
        group_ids=groups,
        now=services.clock.now(),
        send_after=when,
        sender_staff_id=staff.id,
        sender_chat_id=chat.telegram_chat_id,
    )
    await audit.record(
        session,
        school_id=staff.school_id,
        staff_id=staff.id,
        action="letter.send",
        target=f"message:{message.id}",
        now=services.clock.now(),
    )
    state = await outbox.report(session, message.id)
    if when is None:
        text = _("Sending to {n} parents…").format(n=state.total)
    else:
        moment = format_datetime(
            when, "EEEE d MMMM HH:mm", tzinfo=services.settings.tz, locale=STAFF_LANGUAGE
        )
        text = _("Planned for {moment}, to {n} parents.").format(moment=moment, n=state.total)
    sent = await send(bot, chat.telegram_chat_id, html.escape(text), STAFF_LANGUAGE)
    message.report_message_id = sent.message_id
    chat.state, chat.state_data = None, None
    if services.worker is not None:
        services.worker.wake()
