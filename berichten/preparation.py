"""Preparing a due message: its text once per recipient language, translated where needed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from berichten.db import Database
from berichten.i18n import translations
from berichten.models import Delivery, Message, Rendering
from berichten.templates import PROTECTED_FIELDS, TRANSLATED_FIELDS, render
from berichten.textlength import MAX_MESSAGE, shortened, telegram_length, utf16_units

SOURCE_LANGUAGE = "nl"


class TranslationResult(Protocol):
    """What a translator answers (see berichten.translation.TranslationOutcome)."""

    @property
    def text(self) -> str:
        """The translation, or the original."""
        ...

    @property
    def machine_translated(self) -> bool:
        """True when a machine made the text."""
        ...

    @property
    def failed(self) -> bool:
        """True when a translation was wanted but not made."""
        ...


class TextTranslator(Protocol):
    """Anything that can translate a text between two languages."""

    async def translate(
        self, text: str, source: str, target: str, *, protected: Sequence[str] = ()
    ) -> TranslationResult:
        """Translate, or return the original marked as failed."""
        ...


@dataclass(frozen=True, slots=True)
class RenderedText:
    """A message's text in one language and how it was made."""

    language: str
    text: str
    machine_translated: bool
    translation_failed: bool


def _(message: str) -> str:
    return message


MACHINE_NOTE = _("Translated by a computer. The button below shows the Dutch original.")
DUTCH_NOTE = _(
    "Part of this message is in Dutch, because we could not translate it. "
    "A question about it? Ask the teacher."
)


NOTE_ROOM = 250  # room for the machine-translation note under the text


async def render_in(message: Message, language: str, translator: TextTranslator) -> RenderedText:
    """Render a message in one language; free fields go through machine translation."""
    fields = {key: str(value) for key, value in message.fields.items()}
    translated: dict[str, str] = {}
    machine = failed = False
    if language != SOURCE_LANGUAGE:
        protected = [fields[name] for name in PROTECTED_FIELDS if fields.get(name)]
        for name in TRANSLATED_FIELDS:
            if not fields.get(name):
                continue
            outcome = await translator.translate(
                fields[name], SOURCE_LANGUAGE, language, protected=protected
            )
            if outcome.failed:
                failed = True
            else:
                translated[name] = outcome.text
                machine = machine or outcome.machine_translated
    text = render(message.template_key, fields, language, translated)
    over = telegram_length(text) + NOTE_ROOM - MAX_MESSAGE
    if over > 0 and translated.get("what"):
        # A translation can be longer than the Dutch letter: cut it to fit one Telegram
        # message; the complete Dutch original stays one tap away.
        room = utf16_units(translated["what"]) - over - 1  # one unit for the ellipsis
        translated["what"] = shortened(translated["what"], max(room, 0), mark="").rstrip() + "…"
        text = render(message.template_key, fields, language, translated)
    gettext = translations(language).gettext
    if failed:
        text += "\n\n<i>" + gettext(DUTCH_NOTE) + "</i>"
    elif machine:
        text += "\n\n<i>" + gettext(MACHINE_NOTE) + "</i>"
    return RenderedText(language, text, machine and not failed, failed)


async def prepare_due(
    db: Database, translator: TextTranslator, now: datetime, limit: int = 20
) -> int:
    """Make the renderings of due, unprepared messages; returns how many messages were prepared.

    Translation runs outside any database transaction, so a slow translation service never
    holds a lock; writing is idempotent, so two workers preparing the same message is harmless.
    """
    async with db.transaction() as session:
        messages = list(
            await session.scalars(
                select(Message)
                .where(Message.prepared_at.is_(None), Message.send_after <= now)
                .order_by(Message.id)
                .limit(limit)
            )
        )
        languages = {
            message.id: sorted(
                set(
                    await session.scalars(
                        select(Delivery.language)
                        .where(Delivery.message_id == message.id)
                        .distinct()
                    )
                )
            )
            for message in messages
        }
    for message in messages:
        rendered = [await render_in(message, lang, translator) for lang in languages[message.id]]
        try:
            async with db.transaction() as session:
                for item in rendered:
                    session.add(
                        Rendering(
                            message_id=message.id,
                            language=item.language,
                            text=item.text,
                            machine_translated=item.machine_translated,
                            translation_failed=item.translation_failed,
                        )
                    )
                await session.execute(
                    update(Message)
                    .where(Message.id == message.id, Message.prepared_at.is_(None))
                    .values(prepared_at=now)
                )
        except IntegrityError:
            continue  # another worker prepared it first
    return len(messages)
