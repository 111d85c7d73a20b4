"""Database fixtures: a migrated SQLite file and a migrated PostgreSQL database per test."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from berichten.db import Database
from berichten.migrate import upgrade_to_head

PG_HOST = os.environ.get("SCHOOLPOORT_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("SCHOOLPOORT_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("SCHOOLPOORT_TEST_PG_USER", "postgres")


def in_ci() -> bool:
    """CI must run the PostgreSQL tests; elsewhere they may skip."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres", timeout=5
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def pg_admin(statement: str) -> None:
    """Run one statement against the maintenance database."""
    asyncio.run(_admin(statement))


def pg_url(name: str) -> str:
    """The SQLAlchemy URL of a test database."""
    return f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def require_postgres() -> None:
    """Skip (or, in CI, fail) when PostgreSQL is not reachable."""
    try:
        pg_admin("SELECT 1")
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        message = f"PostgreSQL at {PG_HOST}:{PG_PORT} is not reachable: {error!r}"
        if in_ci():
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(message)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade_to_head(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated PostgreSQL database that each test clones."""
    require_postgres()
    name = f"sp_tpl_{uuid.uuid4().hex[:12]}"
    pg_admin(f'CREATE DATABASE "{name}"')
    try:
        upgrade_to_head(pg_url(name))
        yield name
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_database(request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """A migrated database of the kind in request.param, copied from its template; dropped after."""
    if request.param == "sqlite":
        path = folder / "schoolpoort.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"sp_test_{uuid.uuid4().hex[:12]}"
    pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield pg_url(name)
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database of each kind."""
    yield from fresh_database(request, tmp_path)


@pytest.fixture
def postgres_url(pg_template: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database, for tests of PostgreSQL-only behaviour."""
    name = f"sp_test_{uuid.uuid4().hex[:12]}"
    pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    try:
        yield pg_url(name)
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A Database on the fresh test database."""
    database = Database(database_url)
    try:
        yield database
    finally:
        await database.dispose()
