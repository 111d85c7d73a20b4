"""The languages parents can choose, with their names in their own script and direction."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Language:
    """A language the bot speaks: ISO code, own-script name, Dutch name, right-to-left or not."""

    code: str
    native_name: str
    dutch_name: str
    rtl: bool = False


LANGUAGES: tuple[Language, ...] = (
    Language("nl", "Nederlands", "Nederlands"),
    Language("en", "English", "Engels"),
    Language("ar", "العربية", "Arabisch", rtl=True),
    Language("tr", "Türkçe", "Turks"),
    Language("pl", "Polski", "Pools"),
    Language("uk", "Українська", "Oekraïens"),
    Language("fr", "Français", "Frans"),
    Language("es", "Español", "Spaans"),
    Language("de", "Deutsch", "Duits"),
    # No catalog yet: not offered in the picker, but free text can be machine-translated.
    Language("ru", "Русский", "Russisch"),
    Language("so", "Soomaali", "Somalisch"),
    Language("fa", "فارسی", "Perzisch", rtl=True),
)

BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGES}
DEFAULT_LANGUAGE = "nl"


def find_language(value: str | None) -> Language | None:
    """Match an ISO code ("ar", "ar-EG", "AR") or a Dutch or own-script name ("Arabisch")."""
    if not value:
        return None
    cleaned = value.strip()
    base = cleaned.replace("_", "-").split("-")[0].lower()
    if base in BY_CODE:
        return BY_CODE[base]
    folded = cleaned.casefold()
    for language in LANGUAGES:
        if folded in (language.dutch_name.casefold(), language.native_name.casefold()):
            return language
    return None


def is_rtl(code: str) -> bool:
    """True for languages written right to left."""
    language = BY_CODE.get(code)
    return bool(language and language.rtl)
