"""The joining steps after a code: choose a language, then give consent."""

from __future__ import annotations

import html

from telegram import Bot, Update

from berichten.i18n import translations
from berichten.languages import BY_CODE
from berichten.models import Chat
from berichten.privacy import StoredData
from bot import keyboards
from bot.chatlookup import telegram_language
from bot.reply import send


async def ask_language(bot: Bot, chat: Chat, suggested: str) -> None:
    """Show the language picker, written in the suggested language."""
    _ = translations(suggested).gettext
    text = _("Which language do you want to read messages from the school in?")
    await send(bot, chat.telegram_chat_id, text, suggested, keyboards.language_picker(suggested))


async def ask_consent(bot: Bot, chat: Chat) -> None:
    """Explain in plain words what is stored and why, and ask for consent."""
    _ = translations(chat.language).gettext
    if chat.parent_id is not None:
        stored = _(
            "We store: your name and your child's group, as the school gave them, "
            "the language you chose, and the number of this chat. "
            "We do not store your phone number."
        )
        why = _("Why: so the school can send you messages about your child's group.")
    else:
        stored = _(
            "We store: your name, your role and your groups, as the school gave them, "
            "and the number of this chat."
        )
        why = _("Why: so you can send messages to parents through this bot.")
    leave = _("You can stop at any time with /stop. Then we delete your data.")
    question = _("Do you agree?")
    text = f"{stored}\n\n{why}\n\n{leave}\n\n<b>{question}</b>"
    markup = keyboards.yes_no("consent", _("Yes, I agree"), _("No"))
    await send(bot, chat.telegram_chat_id, text, chat.language, markup)


def describe_groups(data: StoredData, language: str) -> str:
    """One line per group, with the child's first name where known, HTML-escaped."""
    _ = translations(language).gettext
    lines = []
    for group, child in data.groups:
        if child:
            lines.append(
                _("Group {group} ({child})").format(
                    group=html.escape(group), child=html.escape(child)
                )
            )
        else:
            lines.append(_("Group {group}").format(group=html.escape(group)))
    return "\n".join(f"• {line}" for line in lines)


def language_name(code: str) -> str:
    """The language's name in its own script."""
    return BY_CODE[code].native_name


async def remind_current_step(bot: Bot, chat: Chat) -> None:
    """A chat that is still joining gets its open question again."""
    if chat.state == "consent":
        await ask_consent(bot, chat)
    else:
        await ask_language(bot, chat, chat.language)


async def not_joined(bot: Bot, update: Update) -> None:
    """Tell someone who has not joined yet how to start."""
    assert update.effective_chat is not None
    language = telegram_language(update)
    _ = translations(language).gettext
    text = _(
        "Hello! This is the chat of your child's school.\n"
        "To start, send the code from the school's letter."
    )
    await send(bot, update.effective_chat.id, text, language)
