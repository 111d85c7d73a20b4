"""What every staff screen shares: Dutch texts, Dutch day names, and refusing a command."""

from __future__ import annotations

from collections.abc import Callable

from babel.dates import get_day_names
from telegram import Update
from telegram.ext import ContextTypes

from berichten.events import WEEKDAYS
from berichten.i18n import translations
from berichten.models import Chat
from bot.reply import send

STAFF_LANGUAGE = "nl"  # teachers and directors work in Dutch
_NAMES = get_day_names("wide", locale=STAFF_LANGUAGE)  # Monday is 0 in Babel, as in WEEKDAYS
DAY_NAMES = {code: _NAMES[number] for number, code in enumerate(WEEKDAYS)}
SCHOOL_DAYS = WEEKDAYS[:5]  # the days a staff member can pick: Monday to Friday


def _(message: str) -> str:
    """Mark a text for extraction; it is translated when it is sent."""
    return message


ONLY_DIRECTOR = _("This command is only for the director.")
ONLY_TEACHING = _("This command is only for teachers and directors.")


def staff_gettext() -> Callable[[str], str]:
    """The gettext of the staff screens."""
    return translations(STAFF_LANGUAGE).gettext


async def refuse(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat: Chat | None, text: str
) -> None:
    """Tell someone without the role that a staff command is not for them, in their language."""
    assert update.effective_chat is not None
    language = chat.language if chat else STAFF_LANGUAGE
    await send(
        context.bot, update.effective_chat.id, translations(language).gettext(text), language
    )
