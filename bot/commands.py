"""The command menu, per language, set with setMyCommands for the bot and per chat."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeChat

from berichten.i18n import available_languages, translations
from berichten.models import StaffRole


def parent_commands(language: str) -> list[BotCommand]:
    """The commands a parent sees in the menu, described in their language."""
    _ = translations(language).gettext
    return [
        BotCommand("help", _("What can I do here?")),
        BotCommand("taal", _("Change language")),
        BotCommand("mijngegevens", _("See what is stored about you")),
        BotCommand("stop", _("Leave and delete your data")),
    ]


def staff_commands(role: StaffRole, language: str) -> list[BotCommand]:
    """The commands a staff member may use, by role."""
    _ = translations(language).gettext
    commands = []
    if role in (StaffRole.LEERKRACHT, StaffRole.DIRECTEUR):
        commands += [
            BotCommand("brief", _("Write a letter, check it, send it")),
            BotCommand("herinnering", _("Make a reminder, once or weekly")),
            BotCommand("herinneringen", _("See, pause or delete your reminders")),
        ]
    if role in (StaffRole.DIRECTEUR, StaffRole.BEHEERDER):
        commands += [
            BotCommand("koffie", _("Koffie aan de schoolpoort: series and answers")),
            BotCommand("activiteit", _("Invite parents to an activity")),
        ]
    commands += [
        BotCommand("resultaten", _("What parents said after an activity")),
        BotCommand("help", _("What can I do here?")),
        BotCommand("stop", _("Leave and delete your data")),
    ]
    return commands


async def publish_staff_menu(bot: Bot, chat_id: int, role: StaffRole, language: str) -> None:
    """Set a staff chat's menu to the commands of its role."""
    await bot.set_my_commands(staff_commands(role, language), scope=BotCommandScopeChat(chat_id))


async def publish_default_menus(bot: Bot) -> None:
    """Set the menu for every language the bot speaks (Telegram shows it by app language)."""
    await bot.set_my_commands(parent_commands("nl"))
    for code in available_languages():
        await bot.set_my_commands(parent_commands(code), language_code=code)


async def publish_chat_menu(bot: Bot, chat_id: int, language: str) -> None:
    """Set one chat's menu in the language it chose."""
    await bot.set_my_commands(parent_commands(language), scope=BotCommandScopeChat(chat_id))
