"""The send budget in PostgreSQL is shared: two pacers (two instances) never exceed it together."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import text

from berichten.db import Database
from berichten.leader import LeaderLock
from berichten.sharedpacing import SharedSendPacer


async def test_two_instances_share_the_overall_rate(postgres_url: str) -> None:
    first, second = Database(postgres_url), Database(postgres_url)
    try:
        pacers = [SharedSendPacer(first, per_second=100), SharedSendPacer(second, per_second=100)]
        times: list[float] = []

        async def send(pacer: SharedSendPacer, chat: int) -> None:
            await pacer.acquire(chat)
            times.append(time.monotonic())

        started = time.monotonic()
        await asyncio.gather(*(send(pacers[i % 2], 10_000 + i) for i in range(150)))
        elapsed = time.monotonic() - started
        assert elapsed >= 1.35  # 150 sends at 100/s need about 1.5 s, whichever instance sends
        times.sort()
        busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
        assert busiest <= 100 + 5  # timer jitter of a few milliseconds at the window's edge
    finally:
        await first.dispose()
        await second.dispose()


async def test_one_chat_gets_one_message_per_second_across_instances(postgres_url: str) -> None:
    first, second = Database(postgres_url), Database(postgres_url)
    try:
        a, b = SharedSendPacer(first, per_second=1000), SharedSendPacer(second, per_second=1000)
        started = time.monotonic()
        await a.acquire(77)
        await b.acquire(77)
        await a.acquire(77)
        assert time.monotonic() - started >= 1.9
    finally:
        await first.dispose()
        await second.dispose()


async def test_a_429_pauses_every_instance(postgres_url: str) -> None:
    first, second = Database(postgres_url), Database(postgres_url)
    try:
        a, b = SharedSendPacer(first, per_second=1000), SharedSendPacer(second, per_second=1000)
        a.pause(1.0)
        await asyncio.sleep(0.1)  # the pause is written in the background
        started = time.monotonic()
        await b.acquire(78)
        assert time.monotonic() - started >= 0.8
    finally:
        await first.dispose()
        await second.dispose()


async def test_only_one_leader_and_a_survivor_takes_over(postgres_url: str) -> None:
    first, second = Database(postgres_url), Database(postgres_url)
    try:
        one, two = LeaderLock(first), LeaderLock(second)
        assert await one.check() is True
        assert await two.check() is False
        assert await one.check() is True  # staying leader is cheap and stable
        # The leader's process dies: PostgreSQL ends its session and frees the lock.
        async with second.engine.begin() as connection:
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks "
                    "WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() "
                    "AND database = (SELECT oid FROM pg_database "
                    "WHERE datname = current_database())"
                )
            )
        await asyncio.sleep(0.2)
        assert await two.check() is True
        assert await one.check() is False  # the old leader notices it lost the lock
        await two.release()
        assert await one.check() is True
        await one.release()
    finally:
        await first.dispose()
        await second.dispose()
