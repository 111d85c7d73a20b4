"""Fixed texts from the gettext catalogs in berichten/locale, compiled in memory with Babel."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from berichten.languages import BY_CODE, DEFAULT_LANGUAGE

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "schoolpoort"


def catalog_path(language: str) -> Path:
    """Where the .po file of a language lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=64)
def translations(language: str) -> NullTranslations:
    """The translations of one language; the English source texts where none exist."""
    code = language if language in BY_CODE else DEFAULT_LANGUAGE
    path = catalog_path(code)
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def available_languages() -> list[str]:
    """Language codes that have a catalog (English is the source and always available)."""
    return [code for code in BY_CODE if code == "en" or catalog_path(code).exists()]
