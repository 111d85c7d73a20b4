"""/activiteit: a director invites parents to one gathering (parent evening, open morning...)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import format_datetime
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from berichten import audit
from berichten.audience_staff import sendable_groups
from berichten.events import Timing, create_event
from berichten.models import Chat, EventKind
from berichten.templates import EVENT_NAMES
from berichten.whenparse import WhenError, parse_time_range, parse_when
from bot import callbacks
from bot.callbacks import Callback
from bot.chatlookup import chat_of
from bot.reply import send
from bot.roles import LEADING, staff_with_role
from bot.services import Services, get_services
from bot.staffui import (
    ONLY_DIRECTOR,
    STAFF_LANGUAGE,
    refuse,
    staff_gettext,
)

KINDS = ("ouderavond", "inloopochtend", "viering")
MAX_PLACE = 120


def _button(label: str, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.make("ev", value))


async def activity_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask which kind of gathering (directors only)."""
    services = get_services(context.bot_data)
    assert update.effective_chat is not None
    _ = staff_gettext()
    async with services.db.transaction() as session:
        chat = await chat_of(session, update)
        if chat is None or await staff_with_role(session, chat, LEADING) is None:
            await refuse(update, context, chat, ONLY_DIRECTOR)
            return
        chat.state, chat.state_data = "event_kind", {}
        rows = [[_button(_(EVENT_NAMES[kind]), kind)] for kind in KINDS]
        rows.append([_button(_("Cancel"), "cancel")])
        await send(
            context.bot,
            chat.telegram_chat_id,
            _("What do you invite parents to?"),
            STAFF_LANGUAGE,
            InlineKeyboardMarkup(rows),
        )


async def activity_button(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: AsyncSession,
    chat: Chat,
    pressed: Callback,
) -> None:
    """Kind, audience and confirmation buttons, each only in its own step."""
    query = update.callback_query
    assert query is not None
    services = get_services(context.bot_data)
    _ = staff_gettext()
    staff = await staff_with_role(session, chat, LEADING)
    value = pressed.value
    data: dict[str, Any] = dict(chat.state_data or {})
    in_step = {
        "event_kind": value in KINDS or value == "cancel",
        "event_groups": value in ("all", "go", "cancel") or value.startswith("g"),
    }.get(chat.state or "", False)
    if staff is None or not in_step:
        await query.answer(_("This button no longer works."))
        return
    groups: list[Any] = []
    allowed: set[int] = set()
    if chat.state == "event_groups" and value not in ("all", "cancel"):
        groups = await sendable_groups(session, staff, services.clock.now(), services.settings.tz)
        allowed = {g.id for g in groups}
        if value == "go":
            picked_before = data.get("groups")
            refused = picked_before is not None and not set(picked_before) & allowed
        else:  # g<id>: only a group we offered (not "grp", not another school's group)
            refused = not value[1:].isdigit() or int(value[1:]) not in allowed
        if refused:
            await query.answer(_("This button no longer works."))
            return
    await query.answer()
    bot = context.bot
    if value == "cancel":
        chat.state, chat.state_data = None, None
        await send(bot, chat.telegram_chat_id, _("Nothing was made."), STAFF_LANGUAGE)
        return
    if value in KINDS:
        chat.state, chat.state_data = "event_when", {"kind": value}
        await send(
            bot,
            chat.telegram_chat_id,
            _(
                "On which day and at what time does it start? "
                "For example: donderdag 10 december 19:00"
            ),
            STAFF_LANGUAGE,
        )
        return
    if value == "all":
        data["groups"] = None
    elif value.startswith("g") and value != "go":
        group_id = int(value[1:])
        picked = set(data.get("groups") or []) ^ {group_id}
        data["groups"] = sorted(picked)
        chat.state_data = data
        await _ask_groups(bot, chat, groups, data["groups"])
        return
    chosen = data.get("groups")
    if chosen is not None:
        chosen = [g for g in chosen if g in allowed]
        if not chosen:
            return
    event = await create_event(
        session,
        school_id=staff.school_id,
        organiser_staff_id=staff.id,
        kind=EventKind(data["kind"]),
        starts_at=datetime.fromisoformat(data["start"]),
        ends_at=datetime.fromisoformat(data["end"]),
        place=data["place"],
        group_ids=chosen,
        now=services.clock.now(),
        tz=services.settings.tz,
        timing=Timing(),
    )
    await audit.record(
        session,
        school_id=staff.school_id,
        staff_id=staff.id,
        action="event.create",
        target=f"event:{event.id}",
        now=services.clock.now(),
    )
    chat.state, chat.state_data = None, None
    moment = format_datetime(
        event.invite_at, "EEEE d MMMM HH:mm", tzinfo=services.settings.tz, locale=STAFF_LANGUAGE
    )
    await send(
        bot,
        chat.telegram_chat_id,
        _(
            "Planned. The invitation goes out on {moment}, a reminder on the day itself, and a "
            "feedback question afterwards. /resultaten shows the answers."
        ).format(moment=moment),
        STAFF_LANGUAGE,
    )
    if services.planner is not None:
        services.planner.poke()


async def _ask_groups(bot: Bot, chat: Chat, groups: list[Any], picked: list[int]) -> None:
    _ = staff_gettext()
    rows = [[_button(_("Whole school"), "all")]]
    rows += [
        [
            _button(
                ("✓ " if g.id in picked else "") + _("Group {group}").format(group=g.name),
                f"g{g.id}",
            )
        ]
        for g in groups
    ]
    if picked:
        rows.append([_button(_("Next"), "go")])
    rows.append([_button(_("Cancel"), "cancel")])
    await send(
        bot,
        chat.telegram_chat_id,
        _("Whom do you invite?"),
        STAFF_LANGUAGE,
        InlineKeyboardMarkup(rows),
    )


async def activity_text(
    bot: Bot, services: Services, session: AsyncSession, chat: Chat, text: str
) -> bool:
    """The typed start, end time and place; False when not in one of those steps."""
    if chat.state not in ("event_when", "event_end", "event_place"):
        return False
    staff = await staff_with_role(session, chat, LEADING)
    if staff is None:
        return False
    _ = staff_gettext()
    data = dict(chat.state_data or {})
    tz = services.settings.tz
    if chat.state == "event_when":
        try:
            start = parse_when(text, services.clock.now(), tz)
        except WhenError:
            await send(
                bot,
                chat.telegram_chat_id,
                _(
                    "I did not understand that moment, or it has passed. "
                    "Try for example: donderdag 10 december 19:00"
                ),
                STAFF_LANGUAGE,
            )
            return True
        chat.state, chat.state_data = "event_end", {**data, "start": start.isoformat()}
        await send(
            bot,
            chat.telegram_chat_id,
            _("At what time does it end? For example: 20:30"),
            STAFF_LANGUAGE,
        )
        return True
    if chat.state == "event_end":
        start = datetime.fromisoformat(data["start"]).astimezone(tz)
        try:
            _begin, end_text = parse_time_range(f"{start:%H:%M}-{text.strip()}")
        except WhenError:
            await send(
                bot,
                chat.telegram_chat_id,
                _("Type the end time after the start, for example: 20:30"),
                STAFF_LANGUAGE,
            )
            return True
        hour, minute = (int(part) for part in end_text.split(":"))
        end = start.replace(hour=hour, minute=minute)
        chat.state, chat.state_data = "event_place", {**data, "end": end.isoformat()}
        await send(
            bot, chat.telegram_chat_id, _("Where is it? For example: de aula"), STAFF_LANGUAGE
        )
        return True
    place = " ".join(text.split())[:MAX_PLACE]
    if not place:
        await send(
            bot, chat.telegram_chat_id, _("Where is it? For example: de aula"), STAFF_LANGUAGE
        )
        return True
    chat.state, chat.state_data = "event_groups", {**data, "place": place, "groups": []}
    groups = await sendable_groups(session, staff, services.clock.now(), tz)
    await _ask_groups(bot, chat, groups, [])
    return True
