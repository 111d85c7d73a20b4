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
        Template(
            "koffie_uitnodiging",
            _("Invitation: {event}"),
            _(
                "You are very welcome at {event} on {date}. The director and some teachers "
                "stand at the school gate with coffee and tea. Have a chat with us and ask "
                "what you want to know. It starts at {start} and ends at {end}. You do not "
                "need to speak Dutch. Little children are welcome too."
            ),
            ("date", "time", "end_time", "kind"),
        ),
        Template(
            "uitnodiging",
            _("Invitation: {event}"),
            _(
                "You are very welcome at the {event} on {date}. It starts at {start} and ends "
                "at {end}. You do not need to speak Dutch: you may bring someone who helps with "
                "the language. Little children are welcome too."
            ),
            ("date", "time", "end_time", "kind"),
        ),
        Template(
            "activiteit_herinnering",
            _("Today: {event}"),
            _("Today is {event}, from {start} to {end}. You are welcome!"),
            ("date", "time", "end_time", "kind"),
        ),
        Template(
            "feedback_vraag",
            _("What did you think?"),
            _(
                "How was {event} on {date}? Tap a face. Did you not come? Tap a face for "
                "the invitation. Your answer is anonymous: the school does not see your name."
            ),
            ("date", "kind"),
        ),
        Template("terugkoppeling", _("What we heard, and what we will do"), "{what}", ("what",)),
    )
}

EVENT_NAMES = {
    "koffie": _("Koffie aan de schoolpoort (coffee at the school gate)"),
    "ouderavond": _("parents' evening"),
    "inloopochtend": _("open morning"),
    "viering": _("celebration"),
}
RSVP_TEMPLATES = ("koffie_uitnodiging", "uitnodiging")
RSVP_NOTE = _("Will you come? Tap a button. It helps us, but you do not have to answer.")
FREE_TEXT_TEMPLATES = ("vrij", "terugkoppeling")


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
        if "kind" in fields and fields["kind"] not in EVENT_NAMES:
            raise TemplateError(f"unknown event kind {fields['kind']!r}")
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
        "event": _event_name(fields.get("kind"), gettext),
        "start": _time(fields.get("time"), language),
        "end": _time(fields.get("end_time"), language),
    }
    free_text = template.key in FREE_TEXT_TEMPLATES
    body = template.body if free_text else gettext(template.body)
    title = html.escape(gettext(template.title)).format(event=values["event"])
    lines = [f"<b>{title}</b>", body.format(**values)]
    if template.key in RSVP_TEMPLATES and free["what"]:
        lines.append(values["what"])
    details = _details(fields, language, free, gettext, template)
    if details:
        lines.append("")
        lines.extend(details)
    if template.key in RSVP_TEMPLATES:
        lines += ["", gettext(RSVP_NOTE)]
    return "\n".join(lines)


def _event_name(kind: str | None, gettext: Callable[[str], str]) -> str:
    return html.escape(gettext(EVENT_NAMES[kind])) if kind else ""


def _time(value: str | None, language: str) -> str:
    return format_time(time.fromisoformat(value), "short", locale=language) if value else ""


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
