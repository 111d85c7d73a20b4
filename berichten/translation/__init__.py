"""Machine translation of free text: providers, protection of names and times, caching."""

from berichten.translation.outcome import TranslationOutcome
from berichten.translation.protection import Masked, protect, restore
from berichten.translation.service import Translator

__all__ = ["Masked", "TranslationOutcome", "Translator", "protect", "restore"]
