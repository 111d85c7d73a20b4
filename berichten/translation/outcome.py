"""The answer of a translation: the text to show and how it was made."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TranslationOutcome:
    """What `Translator.translate` returns; it never raises for a failed translation.

    `text` is the translation, or the original (Dutch) text when translation was skipped or
    failed. `failed` means a translation was wanted but could not be made (provider off,
    timeout, error, lost placeholder): the caller then adds a note in the parent's language.
    `reason` is a short machine-readable code, safe to log; it never contains message text.
    """

    text: str
    machine_translated: bool
    failed: bool
    from_cache: bool
    reason: str | None

    @classmethod
    def translated(cls, text: str, *, from_cache: bool) -> TranslationOutcome:
        """A machine translation made by the provider or read from the cache."""
        return cls(text, machine_translated=True, failed=False, from_cache=from_cache, reason=None)

    @classmethod
    def unchanged(cls, original: str, reason: str) -> TranslationOutcome:
        """No translation needed (same language, empty, only names/times): the original."""
        return cls(
            original, machine_translated=False, failed=False, from_cache=False, reason=reason
        )

    @classmethod
    def failure(cls, original: str, reason: str) -> TranslationOutcome:
        """A translation was wanted but could not be made: the original, marked as failed."""
        return cls(original, machine_translated=False, failed=True, from_cache=False, reason=reason)
