"""Texts for staff about a broadcast: how many parents it reached and who cannot be reached."""

from __future__ import annotations

from berichten.i18n import translations
from berichten.outbox import DeliveryReport

STAFF_LANGUAGE = "nl"


def delivery_report_text(report: DeliveryReport, language: str = STAFF_LANGUAGE) -> str:
    """One or two plain lines: sent to X of Y parents, and why the others were not reached."""
    catalog = translations(language)
    lines = [
        catalog.ngettext(
            "Sent to {sent} of {total} parent.",
            "Sent to {sent} of {total} parents.",
            report.total,
        ).format(sent=report.sent, total=report.total)
    ]
    if report.blocked:
        lines.append(
            catalog.ngettext(
                "{n} cannot be reached (blocked the bot).",
                "{n} cannot be reached (blocked the bot).",
                report.blocked,
            ).format(n=report.blocked)
        )
    if report.failed:
        lines.append(
            catalog.ngettext(
                "{n} could not be delivered.",
                "{n} could not be delivered.",
                report.failed,
            ).format(n=report.failed)
        )
    if report.pending:
        lines.append(catalog.gettext("Still sending: {n}.").format(n=report.pending))
    if report.confirmed:
        lines.append(catalog.gettext("Confirmed read: {n}.").format(n=report.confirmed))
    return "\n".join(lines)
