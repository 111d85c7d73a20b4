"""/help, /taal and /mijngegevens: help, changing language, and seeing one's own data."""

from __future__ import annotations

import html
import json

from babel.dates import format_date
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ContextTypes

from berichten.i18n import translations
from berichten.models import Chat, Staff
from berichten.privacy import EXPORT_FILENAME, export_data, stored_data
from bot import keyboards
from bot.commands import staff_commands
from bot.handlers.joined import for_joined
from bot.handlers.steps import describe_groups, language_name
from bot.reply import directed, send
from bot.services import Services


@for_joined
async def help_command(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    services: Services,
    session: AsyncSession,
    chat: Chat,
) -> None:
    """What the bot is for and which commands there are, in the chat's language."""
    _ = translations(chat.language).gettext
    if chat.staff_id is not None:
        staff = await session.get(Staff, chat.staff_id)
        if staff is not None:
            lines = [_("What you can do here:"), ""]
            lines += [
                f"/{item.command}: {item.description}"
                for item in staff_commands(staff.role, chat.language)
            ]
            lines += ["", _("A parent's message reaches you here; answer it with Reply.")]
            await send(context.bot, chat.telegram_chat_id, "\n".join(lines), chat.language)
            return
    lines = [
        _("Here you get messages from your child's school, in your language."),
        "",
        _("/taal: change language"),
        _("/mijngegevens: see what is stored about you"),
        _("/stop: leave and delete your data"),
        "",
        _("You can also write here: your message goes to your child's teacher."),
        _("A question? Talk to the teacher at school. You are welcome."),
    ]
    await send(context.bot, chat.telegram_chat_id, "\n".join(lines), chat.language)


@for_joined
async def language_command(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    services: Services,
    session: AsyncSession,
    chat: Chat,
) -> None:
    """Show the language picker again."""
    _ = translations(chat.language).gettext
    text = _("Which language do you want to read messages from the school in?")
    markup = keyboards.language_picker(chat.language)
    await send(context.bot, chat.telegram_chat_id, text, chat.language, markup)


@for_joined
async def my_data_command(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    services: Services,
    session: AsyncSession,
    chat: Chat,
) -> None:
    """Show everything that is stored about the person, then send it as a JSON file."""
    data = await stored_data(session, chat)
    language = chat.language
    _ = translations(language).gettext
    tz = services.settings.tz
    lines = [
        "<b>" + _("What we store about you") + "</b>",
        _("Name: {name}").format(name=html.escape(data.name)),
        _("School: {school}").format(school=html.escape(data.school)),
    ]
    if data.groups:
        lines.append(describe_groups(data, language))
    lines.append(_("Language: {language}").format(language=language_name(language)))
    joined = format_date(data.joined_at.astimezone(tz), format="long", locale=language)
    lines.append(_("Connected since: {date}").format(date=joined))
    if data.consent_at is not None:
        agreed = format_date(data.consent_at.astimezone(tz), format="long", locale=language)
        lines.append(_("You agreed on: {date}").format(date=agreed))
    lines += [
        "",
        _("We do not store your phone number or your Telegram name."),
        _("/stop deletes your data."),
    ]
    await send(context.bot, chat.telegram_chat_id, "\n".join(lines), language)
    exported = await export_data(session, chat, services.clock.now())
    await context.bot.send_document(
        chat_id=chat.telegram_chat_id,
        document=json.dumps(exported, ensure_ascii=False, indent=2).encode("utf-8"),
        filename=EXPORT_FILENAME,
        caption=directed(_("The same data as a file (JSON), for you to keep."), language),
    )
