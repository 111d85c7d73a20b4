"""Structured message templates: a key plus fields, rendered per language from the catalogs."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, time

from babel.dates import format_date, format_time

from berichten.i18n import translations

TRANSLATED_FIELDS = ("what", "bring")  # free Dutch text inside a template: machine-translated
PROTECTED_FIELDS = ("place", "contact", "group")  # names and places: never translated


def _(message: str) -> str:
    """Mark a text for extraction; it is translated at render time."""
    return message


@dataclass(frozen=True, slots=True)
class Template:
    """A kind of standard message: its title, its main sentence and the fields it needs."""

    key: str
    title: str
    body: str
    required: tuple[str, ...]


TEMPLATES: dict[str, Template] = {
    t.key: t
    for t in (
        Template(
            "gym",
            _("Gym"),
            _("Your child has gym on {date}. Please bring gym clothes and gym shoes."),
            ("date",),
        ),
        Template(
            "meenemen",
            _("Please bring"),
            _("On {date} your child needs: {bring}."),
            ("date", "bring"),
        ),
        Template(
            "uitje",
            _("School trip"),
            _("On {date} the group goes on a trip: {what}."),
            ("date", "what"),
        ),
        Template(
            "studiedag",
            _("No school"),
            _("On {date} there is no school for your child. The teachers learn together that day."),
            ("date",),
        ),
        Template(
            "bibliotheek",
            _("Library"),
            _("On {date} the group goes to the library. Please give your child the library books."),
            ("date",),
        ),
        Template(
            "fotodag",
            _("Photo day"),
            _("On {date} the school photographer comes. Your child will have a photo taken."),
            ("date",),
        ),
        Template(
            "oudergesprek",
            _("Talk with the teacher"),
            _(
                "You are invited to a short talk with the teacher about your child, on {date}. "
                "The talk takes 10 minutes. You may bring someone who helps with the language."
            ),
            ("date",),
        ),
        Template("vrij", _("Message from school"), "{what}", ("what",)),
    )
}


class TemplateError(ValueError):
    """A template key or field is missing or malformed."""


def validate(key: str, fields: Mapping[str, str]) -> Template:
    """The template for `key`, after checking its required fields and their formats."""
    template = TEMPLATES.get(key)
    if template is None:
        raise TemplateError(f"unknown template {key!r}")
    for name in template.required:
        if not str(fields.get(name, "")).strip():
            raise TemplateError(f"field {name!r} is required for {key!r}")
    try:
        if "date" in fields:
            date.fromisoformat(fields["date"])
        for name in ("time", "end_time"):
            if fields.get(name):
                time.fromisoformat(fields[name])
    except ValueError as error:
        raise TemplateError(f"bad date or time: {error}") from None
    return template


def render(
    key: str,
    fields: Mapping[str, str],
    language: str,
    translated: Mapping[str, str] | None = None,
) -> str:
    """The message as HTML in `language`; `translated` holds the free fields already translated."""
    template = validate(key, fields)
    gettext: Callable[[str], str] = translations(language).gettext
    free = {name: (translated or {}).get(name, fields.get(name, "")) for name in TRANSLATED_FIELDS}
    values = {
        "date": format_date(date.fromisoformat(fields["date"]), "full", locale=language)
        if fields.get("date")
        else "",
        "what": html.escape(free["what"]),
        "bring": html.escape(free["bring"]),
    }
    body = template.body if template.key == "vrij" else gettext(template.body)
    lines = [f"<b>{html.escape(gettext(template.title))}</b>", body.format(**values)]
    details = _details(fields, language, free, gettext, template)
    if details:
        lines.append("")
        lines.extend(details)
    return "\n".join(lines)


def _details(
    fields: Mapping[str, str],
    language: str,
    free: Mapping[str, str],
    gettext: Callable[[str], str],
    template: Template,
) -> list[str]:
    lines = []
    if fields.get("time"):
        start = format_time(time.fromisoformat(fields["time"]), "short", locale=language)
        if fields.get("end_time"):
            end = format_time(time.fromisoformat(fields["end_time"]), "short", locale=language)
            lines.append(f"🕗 {start} – {end}")
        else:
            lines.append(f"🕗 {start}")
    if fields.get("place"):
        lines.append(f"📍 {html.escape(fields['place'])}")
    if free.get("bring") and "bring" not in template.required:
        lines.append("🎒 " + html.escape(free["bring"]))
    if fields.get("contact"):
        lines.append(
            gettext("Questions? Ask {contact}.").format(contact=html.escape(fields["contact"]))
        )
    return lines
