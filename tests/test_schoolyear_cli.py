"""`schoolpoort schooljaar afsluiten` and the audit entries of CLI commands, via Typer's runner."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import select
from typer.testing import CliRunner

from berichten.db import Database
from berichten.models import AuditEntry, Parent
from bot.cli import app
from tests.yearend_seed import SCHOOL, YEAR, Seeded, seed, snapshot

runner = CliRunner()
T = TypeVar("T")


def _env(database_url: str) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": ""}


def _run_db(database_url: str, work: Callable[[Database], Awaitable[T]]) -> T:
    async def go() -> T:
        db = Database(database_url)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(go())


def _seed(database_url: str) -> Seeded:
    return _run_db(database_url, lambda db: seed(db, datetime.now(UTC)))


def _snapshot(database_url: str) -> dict[str, int]:
    return _run_db(database_url, snapshot)


async def _audit(db: Database) -> list[tuple[str, str, int | None]]:
    async with db.transaction() as session:
        rows = await session.execute(
            select(AuditEntry.action, AuditEntry.target, AuditEntry.staff_id).order_by(
                AuditEntry.id
            )
        )
        return [(action, target, staff_id) for action, target, staff_id in rows]


async def _parents(db: Database) -> list[str]:
    async with db.transaction() as session:
        return list(await session.scalars(select(Parent.name).order_by(Parent.name)))


CLOSE = ["schooljaar", "afsluiten", "--school", SCHOOL, "--jaar", YEAR]


def test_dry_run_shows_counts_and_changes_nothing(database_url: str) -> None:
    _seed(database_url)
    before = _snapshot(database_url)
    result = runner.invoke(app, [*CLOSE, "--dry-run"], env=_env(database_url))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for label, count in (
        ("groups closed", 2),
        ("parents removed", 2),
        ("messages deleted", 1),
        ("deliveries deleted", 3),
        ("events deleted", 1),
        ("RSVPs deleted", 2),
    ):
        assert any(label in line and f" {count} " in line for line in lines), (label, result.output)
    assert "Groups: 5b, 8a" in result.output
    assert "Dry run: nothing was changed." in result.output
    assert _snapshot(database_url) == before


def test_declining_the_question_changes_nothing(database_url: str) -> None:
    _seed(database_url)
    before = _snapshot(database_url)
    result = runner.invoke(app, CLOSE, env=_env(database_url), input="n\n")
    assert result.exit_code == 1
    assert "Close this school year?" in result.output
    assert _snapshot(database_url) == before


def test_confirmed_run_closes_the_year_and_is_audited(database_url: str) -> None:
    _seed(database_url)
    result = runner.invoke(app, CLOSE, env=_env(database_url), input="y\n")
    assert result.exit_code == 0, result.output
    assert f"School year {YEAR} of {SCHOOL} is closed." in result.output
    after = _snapshot(database_url)
    assert after["closed groups"] == 2
    assert after["messages"] == 1 and after["events"] == 1
    assert _run_db(database_url, _parents) == ["Bert", "Dirk", "Eva"]
    assert _run_db(database_url, _audit) == [("cli.schooljaar_afsluiten", f"year:{YEAR}", None)]
    again = runner.invoke(app, [*CLOSE, "--yes", "--retention-days", "5"], env=_env(database_url))
    assert again.exit_code == 0, again.output
    assert _snapshot(database_url)["messages"] == 0  # the 10-day-old message is older than 5 days


def test_bad_year_and_unknown_school_are_refused(database_url: str) -> None:
    _seed(database_url)
    bad_year = runner.invoke(
        app, ["schooljaar", "afsluiten", "--jaar", "2025-2027", "--dry-run"], env=_env(database_url)
    )
    assert bad_year.exit_code == 2 and "2025-2027" in bad_year.output
    unknown = runner.invoke(
        app, ["schooljaar", "afsluiten", "--school", "Nergens", "--yes"], env=_env(database_url)
    )
    assert unknown.exit_code == 1 and "Nergens" in unknown.output


def test_staff_add_and_messages_send_are_audited(database_url: str) -> None:
    _seed(database_url)
    added = runner.invoke(
        app,
        ["staff", "add", "--school", SCHOOL, "--name", "Juf Sanne", "--role", "leerkracht"],
        env=_env(database_url),
    )
    assert added.exit_code == 0, added.output
    sent = runner.invoke(
        app,
        ["messages", "send", "--school", SCHOOL, "--template", "gym", "--field", "date=2026-12-01"],
        env=_env(database_url),
    )
    assert sent.exit_code == 0, sent.output
    entries = _run_db(database_url, _audit)
    assert [action for action, _target, _staff in entries] == [
        "cli.staff_add",
        "cli.messages_send",
    ]
    queued = re.search(r"Message (\d+) queued", sent.output)
    assert queued is not None
    assert re.fullmatch(r"staff:\d+", entries[0][1])
    assert entries[1][1] == f"message:{queued.group(1)}"
    assert all(staff is None for _action, _target, staff in entries)
