"""/koffie: the director's Koffie aan de schoolpoort series: make, list, pause, change, stop."""

from __future__ import annotations

import html
from typing import Any

from babel.dates import format_datetime
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from berichten import audit
from berichten.events import KOFFIE_DEFAULTS, create_series, next_event, rsvp_counts
from berichten.models import Chat, EventSeries, RsvpAnswer, SeriesStatus, Staff
from berichten.planner import forget_unsent_events
from berichten.whenparse import WhenError, parse_time_range
from bot import callbacks
from bot.callbacks import Callback
from bot.chatlookup import chat_of
from bot.reply import send
from bot.roles import LEADING, staff_with_role
from bot.services import Services, get_services
from bot.staffui import (
    DAY_NAMES,
    ONLY_DIRECTOR,
    SCHOOL_DAYS,
    STAFF_LANGUAGE,
    refuse,
    staff_gettext,
)

MAX_PLACE = 120


def _button(label: str, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.make("ks", value))


def describe(series: EventSeries | dict[str, Any]) -> str:
    """ "every first Monday of the month, 08:30-09:15, at <place>" in Dutch."""
    _ = staff_gettext()
    values = (
        series
        if isinstance(series, dict)
        else {
            "weekday": series.weekday,
            "start_time": series.start_time,
            "end_time": series.end_time,
            "place": series.place,
        }
    )
    return _("every first {day} of the month, {start}–{end}, at {place}").format(
        day=DAY_NAMES[values["weekday"]],
        start=values["start_time"],
        end=values["end_time"],
        place=html.escape(values["place"]),
    )


def _when(services: Services, moment: Any) -> str:
    return format_datetime(
        moment, "EEEE d MMMM HH:mm", tzinfo=services.settings.tz, locale=STAFF_LANGUAGE
    )


async def koffie_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the school's series with their next date and RSVP counts (directors only)."""
    services = get_services(context.bot_data)
    assert update.effective_chat is not None
    async with services.db.transaction() as session:
        chat = await chat_of(session, update)
        staff = await staff_with_role(session, chat, LEADING)
        if chat is None or staff is None:
            await refuse(update, context, chat, ONLY_DIRECTOR)
            return
        chat.state, chat.state_data = None, None
        await show_series(context.bot, services, session, chat, staff)


async def show_series(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, staff: Staff
) -> None:
    """One message per series, with its buttons, and a button for a new series."""
    _ = staff_gettext()
    now = services.clock.now()
    all_series = list(
        await session.scalars(
            select(EventSeries)
            .where(
                EventSeries.school_id == staff.school_id,
                EventSeries.status != SeriesStatus.STOPPED,
            )
            .order_by(EventSeries.id)
        )
    )
    for series in all_series:
        heading = _("Koffie aan de schoolpoort")
        lines = [f"<b>{heading}</b>", describe(series)]
        if series.status is SeriesStatus.PAUSED:
            lines.append(_("Paused: no invitations go out."))
        upcoming = await next_event(session, series.id, now)
        if upcoming is not None:
            counts = await rsvp_counts(session, upcoming.id)
            lines.append(_("Next: {moment}").format(moment=_when(services, upcoming.starts_at)))
            lines.append(
                _("Answers so far: {yes} coming, {maybe} maybe, {no} cannot come.").format(
                    yes=counts[RsvpAnswer.YES],
                    maybe=counts[RsvpAnswer.MAYBE],
                    no=counts[RsvpAnswer.NO],
                )
            )
        pause = (
            _button(_("Resume"), f"r{series.id}")
            if series.status is SeriesStatus.PAUSED
            else _button(_("Pause"), f"p{series.id}")
        )
        rows = [
            [pause, _button(_("Stop"), f"x{series.id}")],
            [
                _button(_("Other day"), f"d{series.id}"),
                _button(_("Other time"), f"t{series.id}"),
                _button(_("Other place"), f"l{series.id}"),
            ],
        ]
        await send(
            bot, chat.telegram_chat_id, "\n".join(lines), STAFF_LANGUAGE, InlineKeyboardMarkup(rows)
        )
    intro = (
        _("Start a new series?")
        if all_series
        else _("There is no Koffie aan de schoolpoort series yet. Start one?")
    )
    await send(
        bot,
        chat.telegram_chat_id,
        intro,
        STAFF_LANGUAGE,
        InlineKeyboardMarkup([[_button(_("New series"), "new")]]),
    )


async def _show_draft(bot: Bot, chat: Chat) -> None:
    _ = staff_gettext()
    draft = dict((chat.state_data or {}).get("draft", KOFFIE_DEFAULTS))
    heading = _("New series: Koffie aan de schoolpoort")
    text = "\n".join(
        [
            f"<b>{heading}</b>",
            describe(draft),
            _(
                "School holidays are skipped. Parents get an invitation 5 days before, a "
                "reminder on the morning, and a short feedback question afterwards."
            ),
        ]
    )
    rows = [
        [_button(_("Create"), "make")],
        [
            _button(_("Other day"), "day"),
            _button(_("Other time"), "time"),
            _button(_("Other place"), "place"),
        ],
        [_button(_("Cancel"), "cancel")],
    ]
    await send(bot, chat.telegram_chat_id, text, STAFF_LANGUAGE, InlineKeyboardMarkup(rows))


async def koffie_button(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: AsyncSession,
    chat: Chat,
    pressed: Callback,
) -> None:
    """The series buttons; every press checks the role and that the series is this school's."""
    query = update.callback_query
    assert query is not None
    services = get_services(context.bot_data)
    _ = staff_gettext()
    staff = await staff_with_role(session, chat, LEADING)
    value = pressed.value
    drafting = chat.state == "koffie_new"
    if (
        staff is None
        or (value in ("make", "day", "time", "place", "cancel") and not drafting)
        or (value.startswith("w") and chat.state != "koffie_day")
    ):
        await query.answer(_("This button no longer works."))
        return
    bot = context.bot
    if value == "new":
        await query.answer()
        chat.state, chat.state_data = "koffie_new", {"draft": dict(KOFFIE_DEFAULTS)}
        await _show_draft(bot, chat)
        return
    if value in ("make", "day", "time", "place", "cancel") or value.startswith("w"):
        await query.answer()
        await _draft_step(bot, services, session, chat, staff, value)
        return
    series = await session.get(EventSeries, int(value[1:]))
    if (
        series is None
        or series.school_id != staff.school_id
        or series.status is SeriesStatus.STOPPED
    ):
        await query.answer(_("This button no longer works."))
        return
    await query.answer()
    action = value[0]
    if action in ("p", "r", "x"):
        series.status = {
            "p": SeriesStatus.PAUSED,
            "r": SeriesStatus.ACTIVE,
            "x": SeriesStatus.STOPPED,
        }[action]
        done = {
            "p": _("Paused. No invitations go out until you resume."),
            "r": _("Resumed."),
            "x": _("Stopped. No more invitations go out for this series."),
        }[action]
        await audit.record(
            session,
            school_id=staff.school_id,
            staff_id=staff.id,
            action={"p": "koffie.pause", "r": "koffie.resume", "x": "koffie.stop"}[action],
            target=f"series:{series.id}",
            now=services.clock.now(),
        )
        await send(bot, chat.telegram_chat_id, done, STAFF_LANGUAGE)
        _poke(services)
        return
    if action == "d":
        chat.state, chat.state_data = "koffie_day", {"series": series.id}
        await _ask_day(bot, chat)
        return
    chat.state = "koffie_time" if action == "t" else "koffie_place"
    chat.state_data = {"series": series.id}
    await send(bot, chat.telegram_chat_id, _ask(chat.state), STAFF_LANGUAGE)


async def _ask_day(bot: Bot, chat: Chat) -> None:
    _ = staff_gettext()
    rows = [[_button(DAY_NAMES[code], f"w{code}")] for code in SCHOOL_DAYS]
    await send(
        bot,
        chat.telegram_chat_id,
        _("On which day of the week? (the first one of every month)"),
        STAFF_LANGUAGE,
        InlineKeyboardMarkup(rows),
    )


def _ask(state: str) -> str:
    _ = staff_gettext()
    if state == "koffie_time":
        return _("Type the new time, for example: 15:00-15:45")
    return _("Type the new place, for example: de aula")


def _poke(services: Services) -> None:
    if services.planner is not None:
        services.planner.poke()


async def _draft_step(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, staff: Staff, value: str
) -> None:
    _ = staff_gettext()
    data = dict(chat.state_data or {})
    draft = dict(data.get("draft", KOFFIE_DEFAULTS))
    if value == "cancel":
        chat.state, chat.state_data = None, None
        await send(bot, chat.telegram_chat_id, _("Nothing was made."), STAFF_LANGUAGE)
    elif value == "day":
        chat.state = "koffie_day"
        await _ask_day(bot, chat)
    elif value.startswith("w") and "series" in data:
        await _change_series(bot, services, session, chat, staff, {"weekday": value[1:]})
    elif value.startswith("w"):
        draft["weekday"] = value[1:]
        chat.state, chat.state_data = "koffie_new", {**data, "draft": draft}
        await _show_draft(bot, chat)
    elif value in ("time", "place"):
        chat.state = "koffie_time" if value == "time" else "koffie_place"
        chat.state_data = {**data, "draft": draft}
        await send(bot, chat.telegram_chat_id, _ask(chat.state), STAFF_LANGUAGE)
    else:
        series = await create_series(
            session,
            school_id=staff.school_id,
            organiser_staff_id=staff.id,
            now=services.clock.now(),
            weekday=draft["weekday"],
            nth=int(draft.get("nth", 1)),
            start_time=draft["start_time"],
            end_time=draft["end_time"],
            place=draft["place"],
        )
        await audit.record(
            session,
            school_id=staff.school_id,
            staff_id=staff.id,
            action="koffie.create",
            target=f"series:{series.id}",
            now=services.clock.now(),
        )
        chat.state, chat.state_data = None, None
        await send(
            bot,
            chat.telegram_chat_id,
            _("Done: Koffie aan de schoolpoort, {what}. /koffie shows the series.").format(
                what=describe(series)
            ),
            STAFF_LANGUAGE,
        )
        _poke(services)


async def koffie_text(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, text: str
) -> bool:
    """A typed time or place for a draft or a series; False when not in such a step."""
    if chat.state not in ("koffie_time", "koffie_place"):
        return False
    _ = staff_gettext()
    staff = await staff_with_role(session, chat, LEADING)
    if staff is None:
        return False
    data = dict(chat.state_data or {})
    changes: dict[str, str] = {}
    if chat.state == "koffie_time":
        try:
            changes["start_time"], changes["end_time"] = parse_time_range(text)
        except WhenError:
            await send(bot, chat.telegram_chat_id, _ask("koffie_time"), STAFF_LANGUAGE)
            return True
    else:
        place = " ".join(text.split())[:MAX_PLACE]
        if not place:
            await send(bot, chat.telegram_chat_id, _ask("koffie_place"), STAFF_LANGUAGE)
            return True
        changes["place"] = place
    if "series" not in data:
        chat.state, chat.state_data = (
            "koffie_new",
            {"draft": {**data.get("draft", KOFFIE_DEFAULTS), **changes}},
        )
        await _show_draft(bot, chat)
        return True
    await _change_series(bot, services, session, chat, staff, changes)
    return True


async def _change_series(
    bot: Bot,
    services: Services,
    session: AsyncSession,
    chat: Chat,
    staff: Staff,
    changes: dict[str, str],
) -> None:
    """Change the series named in the chat's step, log it, confirm it and replan."""
    _ = staff_gettext()
    series = await session.get(EventSeries, int(dict(chat.state_data or {})["series"]))
    chat.state, chat.state_data = None, None
    if series is None or series.school_id != staff.school_id:
        return
    for name, value in changes.items():
        setattr(series, name, value)
    await forget_unsent_events(session, series.id, services.clock.now())
    await audit.record(
        session,
        school_id=staff.school_id,
        staff_id=staff.id,
        action="koffie.change",
        target=f"series:{series.id}",
        now=services.clock.now(),
    )
    await send(
        bot,
        chat.telegram_chat_id,
        _("Changed: {what}. Invitations that were already sent keep the old details.").format(
            what=describe(series)
        ),
        STAFF_LANGUAGE,
    )
    _poke(services)
