"""The klare-taal report as a short chat message a teacher can read on a phone."""

from __future__ import annotations

import html
from typing import Any

from berichten.i18n import translations

MAX_FINDINGS = 8
EXCERPT = 60


def _excerpt(text: str, start: int, end: int) -> str:
    word = text[start:end].strip() or text[start : start + 20]
    return word if len(word) <= EXCERPT else word[: EXCERPT - 1] + "…"


def report_text(text: str, report: Any, language: str = "nl") -> str:
    """Verdict, level and the first findings with their suggestions."""
    catalog = translations(language)
    _ = catalog.gettext
    verdict = _("fine") if report.verdict == "ok" else _("please revise")
    lines = [
        "<b>"
        + _("Plain-language check: {verdict}").format(verdict=verdict)
        + "</b> "
        + _("(level {level}, target B1)").format(level=html.escape(str(report.level)))
    ]
    lines += [html.escape(reason) for reason in report.reasons]
    for number, finding in enumerate(report.findings[:MAX_FINDINGS], start=1):
        piece = html.escape(_excerpt(text, finding.start, finding.end))
        line = f"{number}. <i>{piece}</i>: {html.escape(finding.message)}"
        if finding.suggestion:
            line += f" → {html.escape(finding.suggestion)}"
        lines.append(line)
    hidden = len(report.findings) - MAX_FINDINGS
    if hidden > 0:
        lines.append(
            catalog.ngettext("… and {n} more point.", "… and {n} more points.", hidden).format(
                n=hidden
            )
        )
    return "\n".join(lines)
