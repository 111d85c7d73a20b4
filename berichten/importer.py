"""All-or-nothing import of a school's classes and parents from a CSV file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.invites import issue_code
from berichten.languages import find_language
from berichten.models import Chat, Group, Parent, ParentGroup, School
from berichten.schoolyear import school_year_of

REQUIRED_COLUMNS = ("groep", "ouder")
OPTIONAL_COLUMNS = ("kind", "taal")
MAX_GROUP_NAME = 40
MAX_PERSON_NAME = 200


class CsvImportError(ValueError):
    """A problem in the CSV file; `line` is the physical line number (header = 1)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


@dataclass(slots=True)
class ImportRow:
    """One valid row of the CSV file."""

    line: int
    group: str
    parent: str
    child: str
    language: str | None


@dataclass(slots=True)
class IssuedInvite:
    """A code issued to a parent, for the codes file."""

    parent: str
    groups: list[str]
    children: list[str]
    code: str


@dataclass(slots=True)
class ImportSummary:
    """What an import added."""

    school: str
    school_year: str
    groups: int = 0
    parents: int = 0
    links: int = 0
    invites: list[IssuedInvite] = field(default_factory=list)


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def parse_csv(data: bytes) -> list[ImportRow]:
    """Read and check every row; the first bad row raises CsvImportError with its line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvImportError(line, "the file is not UTF-8 text") from None
    if "\x00" in text:
        raise CsvImportError(
            text[: text.index("\x00")].count("\n") + 1, "the file holds a NUL byte"
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise CsvImportError(1, "the file is empty; expected a header line") from None
    except csv.Error as error:
        raise CsvImportError(1, f"unreadable header: {error}") from None
    columns = [_clean(name).lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise CsvImportError(1, f"missing column(s): {', '.join(missing)} (header is {header!r})")
    unknown = [c for c in columns if c and c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise CsvImportError(1, f"unknown column(s): {', '.join(unknown)}")
    if len(set(columns)) != len(columns):
        raise CsvImportError(1, "a column name appears twice")
    index = {name: columns.index(name) for name in columns if name}
    rows: list[ImportRow] = []
    previous_line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            hint = " (is a quote not closed?)" if "end of data" in str(error) else ""
            raise CsvImportError(previous_line + 1, f"unreadable row: {error}{hint}") from None
        line = previous_line + 1
        previous_line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if any("\n" in value or "\r" in value for value in record):
            raise CsvImportError(line, "a field holds a line break (is a quote not closed?)")
        if len(record) != len(columns):
            raise CsvImportError(line, f"expected {len(columns)} fields, found {len(record)}")

        def cell(name: str, rec: list[str] = record) -> str:
            return _clean(rec[index[name]]) if name in index else ""

        group, parent, child, language_text = (
            cell("groep"),
            cell("ouder"),
            cell("kind"),
            cell("taal"),
        )
        if not group:
            raise CsvImportError(line, "column 'groep' is empty")
        if len(group) > MAX_GROUP_NAME:
            raise CsvImportError(line, f"group name longer than {MAX_GROUP_NAME} characters")
        if not parent:
            raise CsvImportError(line, "column 'ouder' is empty")
        if len(parent) > MAX_PERSON_NAME or len(child) > 100:
            raise CsvImportError(line, "name too long")
        language = None
        if language_text:
            found = find_language(language_text)
            if found is None:
                raise CsvImportError(line, f"unknown language {language_text!r} in column 'taal'")
            language = found.code
        rows.append(ImportRow(line, group, parent, child, language))
    if not rows:
        raise CsvImportError(previous_line, "no rows after the header")
    return rows


async def _school(session: AsyncSession, name: str, now: datetime) -> School:
    school = await session.scalar(select(School).where(School.name == name))
    if school is None:
        school = School(name=name, created_at=now)
        session.add(school)
        await session.flush()
    return school


async def import_rows(
    session: AsyncSession,
    rows: list[ImportRow],
    school_name: str,
    now: datetime,
    tz: ZoneInfo,
    valid_for: timedelta,
) -> ImportSummary:
    """Write the rows in the caller's transaction and issue a code to every parent not joined."""
    school = await _school(session, school_name, now)
    year = school_year_of(now, tz)
    summary = ImportSummary(school=school.name, school_year=year)
    groups = {
        g.name: g
        for g in await session.scalars(
            select(Group).where(Group.school_id == school.id, Group.school_year == year)
        )
    }
    parents = {
        p.name: p
        for p in await session.scalars(select(Parent).where(Parent.school_id == school.id))
    }
    links = {
        (link.parent_id, link.group_id, link.child_name)
        for link in await session.scalars(
            select(ParentGroup).join(Parent).where(Parent.school_id == school.id)
        )
    }
    touched: dict[int, IssuedInvite] = {}
    for row in rows:
        group = groups.get(row.group)
        if group is None:
            group = Group(school_id=school.id, name=row.group, school_year=year)
            session.add(group)
            await session.flush()
            groups[row.group] = group
            summary.groups += 1
        parent = parents.get(row.parent)
        if parent is None:
            parent = Parent(
                school_id=school.id,
                name=row.parent,
                preferred_language=row.language,
                created_at=now,
            )
            session.add(parent)
            await session.flush()
            parents[row.parent] = parent
            summary.parents += 1
        elif row.language and not parent.preferred_language:
            parent.preferred_language = row.language
        key = (parent.id, group.id, row.child)
        if key not in links:
            session.add(ParentGroup(parent_id=parent.id, group_id=group.id, child_name=row.child))
            links.add(key)
            summary.links += 1
        entry = touched.setdefault(parent.id, IssuedInvite(parent.name, [], [], ""))
        if row.group not in entry.groups:
            entry.groups.append(row.group)
        if row.child and row.child not in entry.children:
            entry.children.append(row.child)
    joined = set(
        await session.scalars(select(Chat.parent_id).where(Chat.parent_id.in_(list(touched))))
    )
    for parent_id, entry in touched.items():
        if parent_id in joined:
            continue
        entry.code = await issue_code(session, parents[entry.parent], now, valid_for)
        summary.invites.append(entry)
    return summary
