"""Which rules run and their thresholds: package defaults, overridden by a TOML file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULTS = Path(__file__).with_name("defaults.toml")


@dataclass(frozen=True, slots=True)
class Settings:
    """Rule switches and thresholds of one check."""

    rules: dict[str, bool] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)

    def on(self, rule: str) -> bool:
        """True when the rule is switched on."""
        return self.rules.get(rule, True)

    def number(self, name: str) -> float:
        """A threshold."""
        return self.thresholds[name]


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = {key: dict(value) if isinstance(value, dict) else value for key, value in base.items()}
    for key, value in extra.items():
        if isinstance(value, dict):
            merged.setdefault(key, {}).update(value)
        else:
            merged[key] = value
    return merged


def load_settings(path: str | Path | None = None) -> Settings:
    """The defaults, overridden by `path` (for example config/taalcheck.toml) if given."""
    data = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))
    if path is not None:
        data = _merge(data, tomllib.loads(Path(path).read_text(encoding="utf-8")))
    return Settings(
        {k: bool(v) for k, v in data.get("rules", {}).items()},
        {k: float(v) for k, v in data.get("thresholds", {}).items()},
    )


DEFAULT_SETTINGS = load_settings()
