"""Every catalog is complete, keeps placeholders, tags, commands and symbols, and compiles."""

from __future__ import annotations

import io
import re
import unicodedata
from functools import cache

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from berichten.i18n import LOCALE_DIR, available_languages, catalog_path, translations

PLACEHOLDER = re.compile(r"\{\w+\}")
TAG = re.compile(r"<[^<>]+>")
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
COMMAND = re.compile(r"(?<![\w/])/[a-z]+\b")
LANGUAGES = sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir())
REQUIRED = {"nl", "en", "ar", "tr", "pl", "uk", "fr", "es", "de"}


@cache
def template() -> Catalog:
    with (LOCALE_DIR / "schoolpoort.pot").open("rb") as handle:
        return read_po(handle)


@cache
def catalog(language: str) -> Catalog:
    with catalog_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def ids_of(message: Message) -> list[str]:
    return [message.id] if isinstance(message.id, str) else list(message.id)


def strings_of(message: Message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string or ())


def template_messages() -> list[Message]:
    return [message for message in template() if message.id]


def symbols(text: str) -> list[str]:
    """Emoji and signs such as ✓ that must survive translation."""
    return sorted(char for char in text if unicodedata.category(char) == "So")


def test_all_required_languages_have_a_catalog() -> None:
    assert set(LANGUAGES) >= REQUIRED
    assert set(available_languages()) >= REQUIRED


@pytest.mark.parametrize("language", LANGUAGES)
def test_header(language: str) -> None:
    current = catalog(language)
    assert not current.fuzzy, f"{language}: header is fuzzy"
    assert current.project == "Schoolpoort"
    assert current.version == "0.1"
    assert current.language_team == "Schoolpoort"
    assert str(current.locale) == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_exactly_the_template_messages(language: str) -> None:
    wanted = {key(message) for message in template_messages()}
    present = {key(message) for message in catalog(language) if message.id}
    assert wanted - present == set(), f"{language} lacks {sorted(wanted - present)[:3]}"
    assert present - wanted == set(), f"{language} has extra {sorted(present - wanted)[:3]}"
    assert not catalog(language).obsolete


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_faithful(language: str) -> None:
    current = catalog(language)
    problems = []
    for source in template_messages():
        message = current[key(source)]
        ids = ids_of(source)
        strings = strings_of(message)
        name = ids[0][:50]
        if "fuzzy" in message.flags:
            problems.append(f"fuzzy: {name}")
        plural_ok = isinstance(message.string, tuple) and len(strings) == current.num_plurals
        if source.pluralizable and not plural_ok:
            problems.append(f"needs {current.num_plurals} plural forms: {name}")
        if not all(text.strip() for text in strings):
            problems.append(f"empty: {name}")
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for index, text in enumerate(strings):
            found = set(PLACEHOLDER.findall(text))
            # A plural form other than the last may spell the number out ("one minute").
            may_drop_n = source.pluralizable and index < len(strings) - 1
            if found != wanted and not (may_drop_n and found == wanted - {"{n}"}):
                problems.append(f"placeholders {sorted(found)} != {sorted(wanted)}: {name}")
            if sorted(TAG.findall(text)) != sorted(TAG.findall(ids[0])):
                problems.append(f"HTML tags differ: {name}")
            if sorted(ENTITY.findall(text)) != sorted(ENTITY.findall(ids[0])):
                problems.append(f"HTML entities differ: {name}")
            if text.count("\n") != ids[0].count("\n"):
                problems.append(f"line breaks differ: {name}")
            if sorted(COMMAND.findall(text)) != sorted(COMMAND.findall(ids[0])):
                problems.append(f"commands differ: {name}")
            if symbols(text) != symbols(ids[0]):
                problems.append(f"emoji or symbols differ: {name}")
    assert not problems, f"{language}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_compiles(language: str) -> None:
    buffer = io.BytesIO()
    write_mo(buffer, catalog(language), use_fuzzy=False)
    assert buffer.getvalue()
    buffer.seek(0)
    compiled = Translations(buffer)
    source = template_messages()[0]
    assert compiled.gettext(key(source)) == strings_of(catalog(language)[key(source)])[0]


KNOWN = {
    "nl": "Vindt u dat goed?",
    "en": "Do you agree?",
    "ar": "هل توافق؟",
    "tr": "Kabul ediyor musunuz?",
    "pl": "Czy zgadzają się Państwo?",
    "uk": "Ви погоджуєтеся?",
    "fr": "Êtes-vous d'accord ?",
    "es": "¿Está de acuerdo?",
    "de": "Sind Sie einverstanden?",
}


def test_every_catalog_has_a_known_message() -> None:
    assert set(KNOWN) == set(LANGUAGES)


@pytest.mark.parametrize(("language", "expected"), sorted(KNOWN.items()))
def test_translations_are_used(language: str, expected: str) -> None:
    loaded = translations(language)
    assert isinstance(loaded, Translations)
    assert loaded.gettext("Do you agree?") == expected


WAIT_SINGULAR = "You tried too many wrong codes. Please wait {n} minute and try again."
WAIT_PLURAL = "You tried too many wrong codes. Please wait {n} minutes and try again."


@pytest.mark.parametrize(
    ("language", "n", "word"),
    [
        ("nl", 1, "minuut"),
        ("nl", 5, "minuten"),
        ("de", 1, "Minute"),
        ("de", 2, "Minuten"),
        ("pl", 1, "minutę"),
        ("pl", 3, "minuty"),
        ("pl", 5, "minut"),
        ("pl", 22, "minuty"),
        ("uk", 1, "хвилину"),
        ("uk", 3, "хвилини"),
        ("uk", 5, "хвилин"),
        ("uk", 21, "хвилину"),
        ("ar", 1, "دقيقة واحدة"),
        ("ar", 2, "دقيقتين"),
        ("ar", 3, "3 دقائق"),
        ("ar", 11, "11 دقيقة"),
    ],
)
def test_plural_forms_are_chosen_right(language: str, n: int, word: str) -> None:
    text = translations(language).ngettext(WAIT_SINGULAR, WAIT_PLURAL, n).format(n=n)
    assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text), text
