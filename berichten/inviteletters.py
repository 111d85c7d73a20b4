"""Invite letters on paper: which families get one, a fresh code each, and what the page says.

Codes are stored only as a hash, so a letter always carries a newly issued code; issuing it
removes the parent's older unused codes (`issue_code`), so only the printed code works.
Families whose parent already has a chat get no letter. The PDF itself is drawn elsewhere
(`bot/letterpdf.py`) from the `LetterPage` values made here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.lists import format_list
from babel.support import NullTranslations
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.i18n import translations
from berichten.invitecodes import deep_link, normalize_code
from berichten.invites import issue_code
from berichten.languages import BY_CODE, DEFAULT_LANGUAGE, is_rtl
from berichten.models import (
    Chat,
    ChatStatus,
    Group,
    Parent,
    ParentGroup,
    School,
    Staff,
    StaffGroup,
    StaffRole,
)
from berichten.schoolyear import school_year_of
from berichten.staffing import find_school

SOURCE_LANGUAGE = "en"
CODE_BLOCK = 4

Catalogs = Callable[[str], NullTranslations]


class LetterError(ValueError):
    """The letters cannot be made (no such school or group); the message says why."""


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """What every letter of one print run says, apart from the family's own code."""

    school: str
    group: str
    teachers: tuple[str, ...]
    bot_username: str
    valid_until: date


@dataclass(frozen=True, slots=True)
class LetterText:
    """The letter in one language, ready to set on the page."""

    language: str
    language_name: str
    rtl: bool
    title: str
    greeting: str
    paragraphs: tuple[str, ...]
    steps_heading: str
    steps: tuple[str, ...]
    closing: str


@dataclass(frozen=True, slots=True)
class LetterPage:
    """One printed page: for one family, with its fresh code, its link and one or two letters."""

    school: str
    group: str
    code: str
    code_blocks: str
    link: str
    bot_username: str
    letters: tuple[LetterText, ...]


@dataclass(slots=True)
class PrintRun:
    """The pages to print and the families left out, with why."""

    school_id: int
    group_id: int
    school: str
    group: str
    school_year: str
    pages: list[LetterPage] = field(default_factory=list)
    skipped_joined: int = 0
    skipped_not_active: int = 0
    dutch_only: Counter[str] = field(default_factory=Counter)
    dutch_missing: bool = False


@dataclass(frozen=True, slots=True)
class _Family:
    parent: Parent
    children: tuple[str, ...]


def code_in_blocks(code: str, block: int = CODE_BLOCK) -> str:
    """The code as blocks of four for reading aloud and typing: "7KQ2 M9XD 4T3B ZP8R"."""
    canonical = normalize_code(code)
    if canonical is None:
        raise ValueError("not an invite code")
    return " ".join(canonical[i : i + block] for i in range(0, len(canonical), block))


def letter_text(
    language: str, catalog: NullTranslations, facts: LetterFacts, children: Sequence[str]
) -> LetterText:
    """The letter in `language`, from that language's catalog (English where it has no text)."""
    _ = catalog.gettext
    names = format_list(list(children), locale=language) if children else ""
    greeting = (
        _("Dear parents of {children},").format(children=names) if names else _("Dear parents,")
    )
    if facts.teachers:
        ask = catalog.ngettext(
            "Questions? Ask {teachers}, the teacher of group {group}.",
            "Questions? Ask {teachers}, the teachers of group {group}.",
            len(facts.teachers),
        ).format(teachers=format_list(list(facts.teachers), locale=language), group=facts.group)
    else:
        ask = _("Questions? Ask the teacher of group {group}.").format(group=facts.group)
    until = format_date(facts.valid_until, "long", locale=language)
    entry = BY_CODE.get(language)
    return LetterText(
        language=language,
        language_name=entry.native_name if entry else language,
        rtl=is_rtl(language),
        title=_("Messages from school on your phone"),
        greeting=greeting,
        paragraphs=(
            _(
                "{school} sends news for parents in a chat app on your phone. The app is "
                "called Telegram. For example: a day off, a school trip, or what your child "
                "needs to bring."
            ).format(school=facts.school),
            _("It is free. You get the messages in your own language."),
            _("You can stop at any time. Type /stop in the chat. Then we delete your details."),
            ask,
            _("The code works once, until {date}. Do not give the code to other people.").format(
                date=until
            ),
        ),
        steps_heading=_("How to join"),
        steps=(
            _(
                "Open the camera on your phone. Point it at the black and white square on this "
                "letter. Tap the link that appears."
            ),
            _("Or open Telegram. Search for @{bot}. Type the code from this letter.").format(
                bot=facts.bot_username
            ),
            _("Then choose your language. That is all."),
            _("No Telegram yet? First install it from the app store on your phone. It is free."),
        ),
        closing=_("Kind regards,"),
    )


def _text_fields(letter: LetterText) -> tuple[str, ...]:
    return (
        letter.title,
        letter.greeting,
        *letter.paragraphs,
        letter.steps_heading,
        *letter.steps,
        letter.closing,
    )


def is_translated(letter: LetterText, source: LetterText) -> bool:
    """True when no text of the letter fell back to the English source text."""
    if letter.language == SOURCE_LANGUAGE:
        return True
    return all(a != b for a, b in zip(_text_fields(letter), _text_fields(source), strict=True))


def letters_for(
    language: str | None, facts: LetterFacts, children: Sequence[str], catalogs: Catalogs
) -> tuple[tuple[LetterText, ...], str | None]:
    """The Dutch letter, plus the family's language when known, different and translated.

    Returns the letters and, when the family's language has no translated letter yet, that
    language (the page then has the Dutch letter only). Until the Dutch texts are translated,
    the first letter is the English source text.
    """
    source = letter_text(SOURCE_LANGUAGE, NullTranslations(), facts, children)
    dutch = letter_text(DEFAULT_LANGUAGE, catalogs(DEFAULT_LANGUAGE), facts, children)
    first = dutch if is_translated(dutch, source) else source
    if language is None or language in (DEFAULT_LANGUAGE, first.language):
        return (first,), None
    if language not in BY_CODE:
        return (first,), language
    own = letter_text(language, catalogs(language), facts, children)
    if not is_translated(own, source):
        return (first,), language
    return (first, own), None


async def find_group(session: AsyncSession, school: School, name: str, year: str) -> Group:
    """The school's group of that name in the school year, or LetterError."""
    group = await session.scalar(
        select(Group).where(
            Group.school_id == school.id, Group.school_year == year, Group.name == name
        )
    )
    if group is None:
        raise LetterError(f"no group {name!r} at {school.name} in {year}")
    return group


async def teachers_of(session: AsyncSession, group: Group) -> tuple[str, ...]:
    """Names of the group's teachers, for "whom to ask" (staff names, not family data)."""
    names = await session.scalars(
        select(Staff.name)
        .join(StaffGroup, StaffGroup.staff_id == Staff.id)
        .where(StaffGroup.group_id == group.id, Staff.role == StaffRole.LEERKRACHT)
        .order_by(Staff.name)
    )
    return tuple(names)


async def families_of(session: AsyncSession, group: Group) -> list[_Family]:
    """Each parent with a child in the group, with the children's first names in that group."""
    rows = await session.execute(
        select(Parent, ParentGroup.child_name)
        .join(ParentGroup, ParentGroup.parent_id == Parent.id)
        .where(ParentGroup.group_id == group.id)
        .order_by(ParentGroup.id)
    )
    children: dict[int, list[str]] = {}
    parents: dict[int, Parent] = {}
    for parent, child in rows:
        parents[parent.id] = parent
        names = children.setdefault(parent.id, [])
        if child and child not in names:
            names.append(child)
    families = [_Family(parents[pid], tuple(names)) for pid, names in children.items()]
    return sorted(
        families,
        key=lambda f: ((f.children[0] if f.children else "").casefold(), f.parent.id),
    )


async def chat_status_of(session: AsyncSession, parent_ids: Sequence[int]) -> dict[int, ChatStatus]:
    """The chat status of every parent in the list that has a chat."""
    rows = await session.execute(
        select(Chat.parent_id, Chat.status).where(Chat.parent_id.in_(list(parent_ids)))
    )
    return {parent_id: status for parent_id, status in rows if parent_id is not None}


async def prepare_letters(
    session: AsyncSession,
    *,
    group_name: str,
    school_name: str | None,
    bot_username: str,
    now: datetime,
    tz: ZoneInfo,
    valid_for: timedelta,
    catalogs: Catalogs = translations,
) -> PrintRun:
    """Issue a fresh code to every family of the group without a chat; one page each.

    Runs in the caller's transaction: if the PDF cannot be written afterwards, rolling back
    keeps the older codes working. A parent with a chat of any status gets no letter: an
    active one has joined, and a new code cannot bind a second chat to the same parent.
    """
    try:
        school = await find_school(session, school_name)
    except ValueError as error:
        raise LetterError(str(error)) from None
    year = school_year_of(now, tz)
    group = await find_group(session, school, group_name, year)
    facts = LetterFacts(
        school=school.name,
        group=group.name,
        teachers=await teachers_of(session, group),
        bot_username=bot_username,
        valid_until=(now + valid_for).astimezone(tz).date(),
    )
    run = PrintRun(
        school_id=school.id,
        group_id=group.id,
        school=school.name,
        group=group.name,
        school_year=year,
    )
    families = await families_of(session, group)
    statuses = await chat_status_of(session, [f.parent.id for f in families])
    for family in families:
        status = statuses.get(family.parent.id)
        if status is ChatStatus.ACTIVE:
            run.skipped_joined += 1
            continue
        if status is not None:
            run.skipped_not_active += 1
            continue
        run.pages.append(await _page(session, family, facts, now, valid_for, catalogs, run))
    return run


async def _page(
    session: AsyncSession,
    family: _Family,
    facts: LetterFacts,
    now: datetime,
    valid_for: timedelta,
    catalogs: Catalogs,
    run: PrintRun,
) -> LetterPage:
    letters, untranslated = letters_for(
        family.parent.preferred_language, facts, family.children, catalogs
    )
    if untranslated is not None:
        run.dutch_only[untranslated] += 1
    if letters[0].language != DEFAULT_LANGUAGE:
        run.dutch_missing = True
    code = await issue_code(session, family.parent, now, valid_for)
    return LetterPage(
        school=facts.school,
        group=facts.group,
        code=code,
        code_blocks=code_in_blocks(code),
        link=deep_link(facts.bot_username, code),
        bot_username=facts.bot_username,
        letters=letters,
    )
