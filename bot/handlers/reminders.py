"""/herinnering and /herinneringen: a teacher's reminders, once or weekly; list, pause, delete."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from babel.dates import format_datetime
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from berichten import audit
from berichten.audience_staff import sendable_groups
from berichten.events import WEEKDAYS, local_moment
from berichten.models import Chat, Reminder, SeriesStatus, Staff
from berichten.reminders import create_reminder, next_send, reminders_of
from berichten.templates import TEMPLATES, render
from berichten.whenparse import WhenError, parse_when
from bot import callbacks
from bot.callbacks import Callback
from bot.chatlookup import chat_of
from bot.reply import edit_keyboard, send
from bot.roles import TEACHING, staff_with_role
from bot.services import Services, get_services
from bot.staffui import DAY_NAMES, ONLY_TEACHING, SCHOOL_DAYS, STAFF_LANGUAGE, refuse, staff_gettext

SEND_TIME = "18:00"  # the evening before the activity
MAX_FIELD = 300
ORDER = ("gym", "meenemen", "uitje", "studiedag", "bibliotheek", "fotodag", "oudergesprek", "vrij")


def _(message: str) -> str:
    return message


QUESTIONS = {
    "what": _("What is it about? For example: naar de kinderboerderij"),
    "bring": _("What should the children bring? For example: laarzen en een regenjas"),
}


def _button(label: str, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.make("rem", value))


async def reminder_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start a reminder: choose a template."""
    services = get_services(context.bot_data)
    gettext = staff_gettext()
    async with services.db.transaction() as session:
        chat = await chat_of(session, update)
        if chat is None or await staff_with_role(session, chat, TEACHING) is None:
            await refuse(update, context, chat, ONLY_TEACHING)
            return
        chat.state, chat.state_data = "rem_template", {}
        rows = [[_button(gettext(TEMPLATES[key].title), f"t{key}")] for key in ORDER]
        rows.append([_button(gettext("Cancel"), "cancel")])
        await send(
            context.bot,
            chat.telegram_chat_id,
            gettext("What should parents be reminded of?"),
            STAFF_LANGUAGE,
            InlineKeyboardMarkup(rows),
        )


async def reminders_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the teacher's reminders, each with pause or resume and delete."""
    services = get_services(context.bot_data)
    async with services.db.transaction() as session:
        chat = await chat_of(session, update)
        staff = await staff_with_role(session, chat, TEACHING)
        if chat is None or staff is None:
            await refuse(update, context, chat, ONLY_TEACHING)
            return
        await _list(context.bot, services, session, chat, staff)


def _describe(services: Services, reminder: Reminder) -> str:
    gettext = staff_gettext()
    title = gettext(TEMPLATES[reminder.template_key].title)
    if reminder.weekday is not None:
        when = gettext("every {day} at {time}").format(
            day=DAY_NAMES[reminder.weekday], time=reminder.send_time
        )
    else:
        assert reminder.once_at is not None
        when = gettext("once, on {moment}").format(
            moment=format_datetime(
                reminder.once_at, "EEEE d MMMM HH:mm", tzinfo=services.settings.tz, locale="nl"
            )
        )
    text = f"<b>{title}</b>: {when}"
    if reminder.status is SeriesStatus.PAUSED:
        text += " — " + gettext("paused")
    return text


async def _list(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, staff: Staff
) -> None:
    gettext = staff_gettext()
    reminders = await reminders_of(session, staff.id)
    if not reminders:
        await send(
            bot,
            chat.telegram_chat_id,
            gettext("You have no reminders. /herinnering makes one."),
            STAFF_LANGUAGE,
        )
        return
    for reminder in reminders:
        toggle = (
            _button(gettext("Resume"), f"r{reminder.id}")
            if reminder.status is SeriesStatus.PAUSED
            else _button(gettext("Pause"), f"p{reminder.id}")
        )
        await send(
            bot,
            chat.telegram_chat_id,
            _describe(services, reminder),
            STAFF_LANGUAGE,
            InlineKeyboardMarkup([[toggle, _button(gettext("Delete"), f"d{reminder.id}")]]),
        )


async def reminder_button(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: AsyncSession,
    chat: Chat,
    pressed: Callback,
) -> None:
    """Template, once/weekly, weekday and list buttons; each checked against step and owner."""
    query = update.callback_query
    assert query is not None
    services = get_services(context.bot_data)
    gettext = staff_gettext()
    staff = await staff_with_role(session, chat, TEACHING)
    value = pressed.value
    step_ok = {
        "t": chat.state == "rem_template",
        "o": chat.state == "rem_often",
        "k": chat.state == "rem_often",
        "w": chat.state == "rem_weekday",
        "c": chat.state is not None and chat.state.startswith("rem_"),
    }
    kind = {"once": "o", "week": "k", "cancel": "c"}.get(value, value[0])
    if staff is None or not step_ok.get(kind, kind in "prd"):
        await query.answer(gettext("This button no longer works."))
        return
    bot = context.bot
    if kind in "prd":
        reminder = await session.get(Reminder, int(value[1:]))
        if reminder is None or reminder.staff_id != staff.id:
            await query.answer(gettext("This button no longer works."))
            return
        reminder.status = {
            "p": SeriesStatus.PAUSED,
            "r": SeriesStatus.ACTIVE,
            "d": SeriesStatus.STOPPED,
        }[kind]
        await audit.record(
            session,
            school_id=staff.school_id,
            staff_id=staff.id,
            action={"p": "reminder.pause", "r": "reminder.resume", "d": "reminder.delete"}[kind],
            target=f"reminder:{reminder.id}",
            now=services.clock.now(),
        )
        await query.answer(
            {"p": gettext("Paused."), "r": gettext("Resumed."), "d": gettext("Deleted.")}[kind]
        )
        await edit_keyboard(query, None)
        if services.planner is not None:
            services.planner.poke()
        return
    await query.answer()
    data: dict[str, Any] = dict(chat.state_data or {})
    if kind == "c":
        chat.state, chat.state_data = None, None
        await send(bot, chat.telegram_chat_id, gettext("Nothing was made."), STAFF_LANGUAGE)
    elif kind == "t":
        key = value[1:]
        todo = [name for name in TEMPLATES[key].required if name != "date"]
        chat.state_data = {"template": key, "fields": {}, "todo": todo}
        await _next_question(bot, chat)
    elif kind == "o":
        chat.state = "rem_date"
        await send(
            bot,
            chat.telegram_chat_id,
            gettext("On which day is it? For example: vrijdag 12 december"),
            STAFF_LANGUAGE,
        )
    elif kind == "k":
        chat.state = "rem_weekday"
        rows = [[_button(DAY_NAMES[day], f"w{day}")] for day in SCHOOL_DAYS]
        await send(
            bot,
            chat.telegram_chat_id,
            gettext(
                "On which day of the week is it? Parents get the reminder the evening before, "
                "at {time}."
            ).format(time=SEND_TIME),
            STAFF_LANGUAGE,
            InlineKeyboardMarkup(rows),
        )
    else:
        activity_day = value[1:]
        send_day = WEEKDAYS[(WEEKDAYS.index(activity_day) - 1) % 7]
        await _create(bot, services, session, chat, staff, data, weekday=send_day)


async def _next_question(bot: Bot, chat: Chat) -> None:
    gettext = staff_gettext()
    data = dict(chat.state_data or {})
    if data["todo"]:
        chat.state = "rem_field"
        question = QUESTIONS[data["todo"][0]]
        await send(bot, chat.telegram_chat_id, gettext(question), STAFF_LANGUAGE)
        return
    chat.state = "rem_often"
    await send(
        bot,
        chat.telegram_chat_id,
        gettext("Once, or every week?"),
        STAFF_LANGUAGE,
        InlineKeyboardMarkup(
            [[_button(gettext("Once"), "once"), _button(gettext("Every week"), "week")]]
        ),
    )


async def reminder_text(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, text: str
) -> bool:
    """A typed field or date of a reminder; False when not in such a step."""
    if chat.state not in ("rem_field", "rem_date"):
        return False
    staff = await staff_with_role(session, chat, TEACHING)
    if staff is None:
        return False
    gettext = staff_gettext()
    data = dict(chat.state_data or {})
    if chat.state == "rem_field":
        value = " ".join(text.split())[:MAX_FIELD]
        if not value:
            question = QUESTIONS[data["todo"][0]]
            await send(bot, chat.telegram_chat_id, gettext(question), STAFF_LANGUAGE)
            return True
        name = data["todo"].pop(0)
        data["fields"] = {**data["fields"], name: value}
        chat.state_data = data
        await _next_question(bot, chat)
        return True
    tz = services.settings.tz
    now = services.clock.now()
    try:
        day = parse_when(text, now, tz).astimezone(tz).date()
    except WhenError:
        await send(
            bot,
            chat.telegram_chat_id,
            gettext("I did not understand that day, or it has passed. Try: vrijdag 12 december"),
            STAFF_LANGUAGE,
        )
        return True
    data["fields"] = {**data["fields"], "date": day.isoformat()}
    once_at = max(local_moment(day - timedelta(days=1), SEND_TIME, tz), now)
    await _create(bot, services, session, chat, staff, data, once_at=once_at)
    return True


async def _create(
    bot: Bot,
    services: Services,
    session: AsyncSession,
    chat: Chat,
    staff: Staff,
    data: dict[str, Any],
    **when: Any,
) -> None:
    gettext = staff_gettext()
    now = services.clock.now()
    groups = await sendable_groups(session, staff, now, services.settings.tz)
    if not groups:
        chat.state, chat.state_data = None, None
        await send(
            bot, chat.telegram_chat_id, gettext("You have no groups to send to."), STAFF_LANGUAGE
        )
        return
    reminder = await create_reminder(
        session,
        school_id=staff.school_id,
        staff_id=staff.id,
        sender_chat_id=chat.telegram_chat_id,
        template_key=data["template"],
        fields=data["fields"],
        group_ids=[g.id for g in groups],
        now=now,
        send_time=SEND_TIME,
        **when,
    )
    await audit.record(
        session,
        school_id=staff.school_id,
        staff_id=staff.id,
        action="reminder.create",
        target=f"reminder:{reminder.id}",
        now=now,
    )
    chat.state, chat.state_data = None, None
    moment = next_send(reminder, now, services.settings.tz)
    sample = dict(reminder.fields)
    if moment is not None and "date" not in sample:
        sample["date"] = (
            moment.astimezone(services.settings.tz).date() + timedelta(days=1)
        ).isoformat()
    names = ", ".join(g.name for g in groups)
    await send(
        bot,
        chat.telegram_chat_id,
        "\n".join(
            [
                gettext("Saved: {what}. For parents of group {groups}.").format(
                    what=_describe(services, reminder), groups=names
                ),
                gettext("/herinneringen shows your reminders. Parents will read:"),
                "",
                render(reminder.template_key, sample, STAFF_LANGUAGE),
            ]
        ),
        STAFF_LANGUAGE,
    )
    if services.planner is not None:
        services.planner.poke()
