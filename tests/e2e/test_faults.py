"""Faults survived: Telegram unreachable for 5 minutes, PostgreSQL restarted, SQLite full."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from berichten import outbox
from berichten.db import Database, is_disk_full
from berichten.models import Delivery, DeliveryState, Message, School
from berichten.pacing import SendPacer
from tests.e2e.harness import Harness, join_parent
from tests.seeding import seed_broadcast

PARENTS = {9101: "nl", 9102: "ar", 9103: "tr"}


async def school_with_parents(harness: Harness) -> int:
    csv = "groep,ouder\n" + "".join(f"5b,Ouder {user}\n" for user in PARENTS)
    codes = await harness.import_parents(csv)
    for user, language in PARENTS.items():
        await join_parent(harness, user, codes[f"Ouder {user}"], language)
    async with harness.db.transaction() as session:
        school_id = await session.scalar(select(School.id))
    assert school_id is not None
    return school_id


async def open_states(harness: Harness) -> Counter[str]:
    async with harness.db.transaction() as session:
        rows = await session.execute(select(Delivery.state, func.count()).group_by(Delivery.state))
    return Counter({DeliveryState(state).value: count for state, count in rows})


async def test_telegram_unreachable_for_five_minutes(harness: Harness) -> None:
    school_id = await school_with_parents(harness)
    before = {user: len(await harness.messages(user)) for user in PARENTS}
    async with harness.db.transaction() as session:
        await outbox.enqueue(
            session,
            school_id=school_id,
            template_key="gym",
            fields={"date": "2026-12-02"},
            group_ids=None,
            now=harness.clock.now(),
            urgent=True,
        )
    await harness.server.stop()  # connection refused from now on
    try:
        assert harness.worker is not None
        for _ in range(20):  # 20 x 15 s = 5 minutes of (controlled) time
            await harness.worker.step()
            harness.clock.advance(timedelta(seconds=15))
        states = await open_states(harness)
        assert states["failed"] == 0 and states["sent"] == 0
        assert states["pending"] + states["sending"] == len(PARENTS)
        assert harness.worker.stats.unreachable >= len(PARENTS)
    finally:
        await harness.server.start()  # Telegram is back, on the same address
    harness.clock.advance(timedelta(seconds=30))
    await harness.drain()
    assert (await open_states(harness))["sent"] == len(PARENTS)
    for user in PARENTS:
        assert len(await harness.messages(user)) == before[user] + 1


def restart_postgres() -> None:
    cluster = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout.split()
    version, name = cluster[0], cluster[1]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


async def test_postgres_restart_under_load_loses_nothing(postgres_url: str) -> None:
    harness = Harness(postgres_url)
    await harness.start()
    harness.clock.set(datetime.now(UTC))  # the seeded message is due from the real now
    try:
        message_id = await seed_broadcast(
            harness.db,
            school="Herstartschool",
            parents=300,
            first_chat=700_000,
            languages=("nl", "ar"),
            template_key="gym",
            fields={"date": "2026-12-02"},
        )
        assert harness.client is not None
        await harness.client.register_users([{"id": 700_000 + i} for i in range(300)])
        assert harness.worker is not None
        harness.worker.pacer = SendPacer(per_second=150, chat_interval=0.0)
        stop = asyncio.Event()
        task = asyncio.create_task(harness.worker.run(stop))
        for _ in range(200):
            await asyncio.sleep(0.05)
            if sum((await harness.client.stats())["messages_per_chat"].values()) >= 60:
                break
        await asyncio.to_thread(restart_postgres)
        for _ in range(600):
            await asyncio.sleep(0.1)
            harness.clock.advance(timedelta(seconds=5))  # leases of interrupted sends run out
            try:
                async with harness.db.transaction() as session:
                    state = await outbox.report(session, message_id)
            except OperationalError:
                continue
            if state.finished:
                break
        stop.set()
        await task
        counts = Counter(
            {int(c): n for c, n in (await harness.client.stats())["messages_per_chat"].items()}
        )
        assert state.finished and state.sent == 300
        assert all(counts[700_000 + i] >= 1 for i in range(300)), "a parent was missed"
        duplicates = sum(n - 1 for n in counts.values() if n > 1)
        print(f"\npostgres restart: 300 parents, all reached, {duplicates} duplicates")
        assert duplicates <= harness.worker.settings.batch  # at most what was in flight
    finally:
        await harness.stop()


async def test_sqlite_full_is_a_clear_error_and_nothing_half_written(
    tmp_path: Path, sqlite_template: Path
) -> None:
    path = tmp_path / "vol.db"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite+aiosqlite:///{path}")
    try:
        message_id = await seed_broadcast(
            db,
            school="Volle school",
            parents=200,
            first_chat=800_000,
            languages=("nl",),
            template_key="gym",
            fields={"date": "2026-12-02"},
        )
        pages = path.stat().st_size // 4096

        def no_room(dbapi_connection: object, _record: object) -> None:
            cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
            cursor.execute(f"PRAGMA max_page_count = {pages + 2}")
            cursor.close()

        await db.dispose()
        event.listen(db.engine.sync_engine, "connect", no_room)
        with pytest.raises(OperationalError) as raised:
            async with db.transaction() as session:
                for _ in range(20):  # a broadcast with 200 deliveries, 20 times over
                    await outbox.enqueue(
                        session,
                        school_id=1,
                        template_key="vrij",
                        fields={"what": "x" * 2000},
                        group_ids=None,
                        now=datetime.now(UTC),
                    )
        assert is_disk_full(raised.value)
        async with db.transaction() as session:
            messages = await session.scalar(select(func.count()).select_from(Message))
            deliveries = await session.scalar(select(func.count()).select_from(Delivery))
        assert messages == 1 and deliveries == 200  # the failed transaction left nothing
        del message_id
    finally:
        await db.dispose()
