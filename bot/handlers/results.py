"""/resultaten: what parents said after a gathering, as numbers, a chart and their own words."""

from __future__ import annotations

import html

from babel.dates import format_datetime
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

import taalcheck
from berichten import audit, outbox
from berichten.feedback import FeedbackResults, results
from berichten.models import Chat, ChatStatus, Event, FeedbackInvite, RsvpAnswer, Staff, StaffRole
from berichten.resultchart import score_chart
from berichten.templates import EVENT_NAMES
from berichten.textlength import shortened, telegram_length
from bot import callbacks
from bot.callbacks import Callback
from bot.chatlookup import chat_of
from bot.reply import send
from bot.roles import staff_with_role
from bot.services import Services, get_services
from bot.staffui import (
    ONLY_TEACHING,
    STAFF_LANGUAGE,
    refuse,
    staff_gettext,
)

ORGANISERS = (StaffRole.DIRECTEUR, StaffRole.BEHEERDER, StaffRole.LEERKRACHT)
MAX_REPLY = 2000
MAX_SUMMARY = 4000  # UTF-16 units; Telegram allows 4096
MAX_ANSWER_SHOWN = 1800
RECENT = 8


def _button(label: str, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.make("res", value))


def may_see(staff: Staff, event: Event) -> bool:
    """Directors and administrators see their school's results; others only their own events."""
    if event.school_id != staff.school_id:
        return False
    return staff.role is not StaffRole.LEERKRACHT or event.organiser_staff_id == staff.id


def _title(services: Services, event: Event) -> str:
    _ = staff_gettext()
    moment = format_datetime(
        event.starts_at, "d MMMM", tzinfo=services.settings.tz, locale=STAFF_LANGUAGE
    )
    return f"{_(EVENT_NAMES[event.kind.value])} — {moment}"


async def results_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the recent gatherings that asked for feedback."""
    services = get_services(context.bot_data)
    assert update.effective_chat is not None
    _ = staff_gettext()
    async with services.db.transaction() as session:
        chat = await chat_of(session, update)
        staff = await staff_with_role(session, chat, ORGANISERS)
        if chat is None or staff is None:
            await refuse(update, context, chat, ONLY_TEACHING)
            return
        chat.state, chat.state_data = None, None
        asked = select(FeedbackInvite.event_id).distinct()
        events = [
            event
            for event in await session.scalars(
                select(Event)
                .where(Event.school_id == staff.school_id, Event.id.in_(asked))
                .order_by(Event.starts_at.desc())
                .limit(RECENT * 3)
            )
            if may_see(staff, event)
        ][:RECENT]
        if not events:
            await send(
                context.bot,
                chat.telegram_chat_id,
                _("There are no results yet. Parents get a feedback question after an activity."),
                STAFF_LANGUAGE,
            )
            return
        rows = [[_button(_title(services, event), f"e{event.id}")] for event in events]
        await send(
            context.bot,
            chat.telegram_chat_id,
            _("Which activity?"),
            STAFF_LANGUAGE,
            InlineKeyboardMarkup(rows),
        )


def summary(found: FeedbackResults, title: str) -> str:
    """The numbers and the open answers, in Dutch, names never shown."""
    _ = staff_gettext()
    lines = [
        f"<b>{html.escape(title)}</b>",
        _("{answered} of {invited} parents answered ({rate}%).").format(
            answered=found.answered,
            invited=found.invited,
            rate=round(100 * found.response_rate),
        ),
        _("Invitation: {yes} coming, {maybe} maybe, {no} cannot come.").format(
            yes=found.rsvp[RsvpAnswer.YES],
            maybe=found.rsvp[RsvpAnswer.MAYBE],
            no=found.rsvp[RsvpAnswer.NO],
        ),
    ]
    if found.open_answers:
        lines += ["", "<b>" + _("In their own words (anonymous):") + "</b>"]
        used = telegram_length("\n".join(lines))
        for answer in found.open_answers:
            # Cut as plain text before escaping (cutting HTML can break a tag), and stop before
            # the message would pass Telegram's 4096 (UTF-16 units).
            line = f"• {html.escape(shortened(answer.dutch, MAX_ANSWER_SHOWN))}"
            if answer.language != "nl" and answer.original != answer.dutch:
                original = html.escape(shortened(answer.original, MAX_ANSWER_SHOWN // 2))
                line += f"\n  <i>({html.escape(answer.language)}: {original})</i>"
            size = telegram_length(line) + 1
            if used + size > MAX_SUMMARY:
                lines.append("…")
                break
            lines.append(line)
            used += size
    return "\n".join(lines)


async def results_button(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: AsyncSession,
    chat: Chat,
    pressed: Callback,
) -> None:
    """res:e<id> shows the results; res:s<id> starts the message back to the same parents."""
    query = update.callback_query
    assert query is not None
    services = get_services(context.bot_data)
    _ = staff_gettext()
    staff = await staff_with_role(session, chat, ORGANISERS)
    event = await session.get(Event, int(pressed.value[1:]))
    if staff is None or event is None or not may_see(staff, event):
        await query.answer(_("This button no longer works."))
        return
    await query.answer()
    bot = context.bot
    if pressed.value.startswith("s"):
        chat.state, chat.state_data = "res_reply", {"event": event.id}
        await send(
            bot,
            chat.telegram_chat_id,
            _(
                "Write what you heard and what the school will do with it. Parents who were "
                "asked get it in their own language."
            ),
            STAFF_LANGUAGE,
        )
        return
    found = await results(session, event.id)
    title = _title(services, event)
    await send(bot, chat.telegram_chat_id, summary(found, title), STAFF_LANGUAGE)
    await bot.send_photo(
        chat_id=chat.telegram_chat_id,
        photo=score_chart(found, title),
        caption=_("Answers on the faces scale"),
        reply_markup=InlineKeyboardMarkup(
            [[_button(_("Tell parents what we heard"), f"s{event.id}")]]
        ),
    )


async def results_text(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, text: str
) -> bool:
    """The "what we heard" message: checked, then queued to the parents who were asked."""
    if chat.state != "res_reply":
        return False
    staff = await staff_with_role(session, chat, ORGANISERS)
    if staff is None:
        return False
    _ = staff_gettext()
    event = await session.get(Event, int((chat.state_data or {})["event"]))
    chat.state, chat.state_data = None, None
    if event is None or not may_see(staff, event):
        return True
    words = text.strip()[:MAX_REPLY]
    parents = select(FeedbackInvite.parent_id).where(FeedbackInvite.event_id == event.id)
    audience = list(
        await session.scalars(
            select(Chat).where(Chat.parent_id.in_(parents), Chat.status == ChatStatus.ACTIVE)
        )
    )
    message = await outbox.enqueue(
        session,
        school_id=staff.school_id,
        template_key="terugkoppeling",
        fields={"what": words},
        group_ids=None,
        audience=audience,
        now=services.clock.now(),
        sender_staff_id=staff.id,
        sender_chat_id=chat.telegram_chat_id,
        event_id=event.id,
    )
    await audit.record(
        session,
        school_id=staff.school_id,
        staff_id=staff.id,
        action="results.reply",
        target=f"message:{message.id}",
        now=services.clock.now(),
    )
    report = taalcheck.check(words)
    note = ""
    if report.verdict != "ok":
        note = "\n" + _("Tip from the plain-language check: level {level}; aim for B1.").format(
            level=report.level
        )
    sent = await send(
        bot,
        chat.telegram_chat_id,
        _("Sending to {n} parents…").format(n=len(audience)) + note,
        STAFF_LANGUAGE,
    )
    message.report_message_id = sent.message_id
    if services.worker is not None:
        services.worker.wake()
    return True
