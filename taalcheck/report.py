"""What a check returns: findings with offsets, metrics, level and verdict, as JSON-ready data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

RULES = (
    "passive",
    "jargon",
    "long_sentence",
    "hard_word",
    "abbreviation",
    "figurative",
    "nominalisation",
    "long_text",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One point for the writer: which rule, where (character offsets), why and what instead."""

    rule: str
    start: int
    end: int
    sentence: int
    message: str
    suggestion: str | None = None
    severity: str = "warning"


@dataclass(slots=True)
class Report:
    """The whole check of one text."""

    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    verdict: str = "ok"
    reasons: list[str] = field(default_factory=list)
    level: str = "B1"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data with a stable shape."""
        return {
            "verdict": self.verdict,
            "level": self.level,
            "reasons": list(self.reasons),
            "metrics": dict(self.metrics),
            "findings": [asdict(finding) for finding in self.findings],
        }
