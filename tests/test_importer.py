"""CSV import: valid files land completely, a bad row aborts with its line and writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from berichten.db import Database
from berichten.importer import CsvImportError, import_rows, parse_csv
from berichten.invitecodes import hash_code, normalize_code
from berichten.models import Group, InviteCode, Parent, ParentGroup, School

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Amsterdam")

GOOD = (
    b"groep,ouder,kind,taal\n"
    b"5b,Fatima El Amrani,Yasmin,ar\n"
    b"7a,Fatima El Amrani,Omar,Arabisch\n"
    b"5b,Piet de Vries,,\n"
)


def test_parse_good_file() -> None:
    rows = parse_csv(GOOD)
    assert [(r.line, r.group, r.parent, r.child, r.language) for r in rows] == [
        (2, "5b", "Fatima El Amrani", "Yasmin", "ar"),
        (3, "7a", "Fatima El Amrani", "Omar", "ar"),
        (4, "5b", "Piet de Vries", "", None),
    ]


def test_parse_accepts_bom_and_only_required_columns() -> None:
    rows = parse_csv("\ufeffouder;groep\n".replace(";", ",").encode() + b"Jan,3\n")
    assert (rows[0].group, rows[0].parent, rows[0].language) == ("3", "Jan", None)


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        (b"", 1, "empty"),
        (b"groep,kind\n5b,Sam\n", 1, "missing column"),
        (b"groep,ouder,extra\n5b,A,x\n", 1, "unknown column"),
        (b"groep,ouder\n5b,Anna\n,Bert\n", 3, "'groep' is empty"),
        (b"groep,ouder\n5b,Anna\n5b,\n", 3, "'ouder' is empty"),
        (b"groep,ouder,taal\n5b,Anna,nl\n\n5b,Bert,klingon\n", 4, "unknown language"),
        (b"groep,ouder\n5b,Anna,too,many\n", 2, "expected 2 fields"),
        (b"groep,ouder\n5b,Anna\n5b,\xff\xfe\n", 3, "not UTF-8"),
        (b"groep,ouder\n", 1, "no rows"),
        (b'groep,ouder\n5b,"Anna\n6a,Bert\n', 2, "quote not closed"),
        (b'groep,ouder\n5b,"An\nna"\n', 2, "line break"),
    ],
)
def test_bad_files_name_the_line(data: bytes, line: int, fragment: str) -> None:
    with pytest.raises(CsvImportError) as caught:
        parse_csv(data)
    assert caught.value.line == line
    assert fragment in str(caught.value)


async def _counts(db: Database) -> tuple[int, ...]:
    async with db.transaction() as session:
        return tuple(
            [
                await session.scalar(select(func.count()).select_from(model)) or 0
                for model in (School, Group, Parent, ParentGroup, InviteCode)
            ]
        )


async def test_import_writes_everything_and_codes_are_hashed(db: Database) -> None:
    async with db.transaction() as session:
        summary = await import_rows(
            session, parse_csv(GOOD), "OBS De Linde", NOW, TZ, timedelta(days=30)
        )
    assert (summary.school_year, summary.groups, summary.parents, summary.links) == (
        "2026-2027",
        2,
        2,
        3,
    )
    assert await _counts(db) == (1, 2, 2, 3, 2)
    fatima = next(i for i in summary.invites if i.parent == "Fatima El Amrani")
    assert fatima.groups == ["5b", "7a"] and fatima.children == ["Yasmin", "Omar"]
    async with db.transaction() as session:
        stored = list(await session.scalars(select(InviteCode.code_hash)))
    canonical = normalize_code(fatima.code)
    assert canonical is not None and hash_code(canonical) in stored
    assert fatima.code.replace("-", "") not in "".join(stored)


async def test_reimport_adds_no_duplicates(db: Database) -> None:
    for _ in range(2):
        async with db.transaction() as session:
            await import_rows(session, parse_csv(GOOD), "OBS De Linde", NOW, TZ, timedelta(days=1))
    assert await _counts(db) == (1, 2, 2, 3, 2)


async def test_failed_write_leaves_database_unchanged(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await import_rows(session, parse_csv(GOOD), "OBS De Linde", NOW, TZ, timedelta(days=1))
            raise RuntimeError("codes file could not be written")
    assert await _counts(db) == (0, 0, 0, 0, 0)
