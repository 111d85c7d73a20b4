"""The command menu, per language, set with setMyCommands for the bot and per chat."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeChat

from berichten.i18n import available_languages, translations


def parent_commands(language: str) -> list[BotCommand]:
    """The commands a parent sees in the menu, described in their language."""
    _ = translations(language).gettext
    return [
        BotCommand("help", _("What can I do here?")),
        BotCommand("taal", _("Change language")),
        BotCommand("mijngegevens", _("See what is stored about you")),
        BotCommand("stop", _("Leave and delete your data")),
    ]


async def publish_default_menus(bot: Bot) -> None:
    """Set the menu for every language the bot speaks (Telegram shows it by app language)."""
    await bot.set_my_commands(parent_commands("nl"))
    for code in available_languages():
        await bot.set_my_commands(parent_commands(code), language_code=code)


async def publish_chat_menu(bot: Bot, chat_id: int, language: str) -> None:
    """Set one chat's menu in the language it chose."""
    await bot.set_my_commands(parent_commands(language), scope=BotCommandScopeChat(chat_id))
