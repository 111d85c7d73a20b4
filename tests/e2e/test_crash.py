"""SIGKILL during a 1,000-parent broadcast, then a restart: everyone gets it, few duplicates."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from berichten.db import Database
from berichten.migrate import upgrade_to_head_async
from berichten.models import Delivery, DeliveryState
from bot.health import queue_depth
from bot.localapi import Limits, LocalBotApiClient, LocalBotApiServer
from tests.seeding import seed_broadcast

PARENTS = 1000
FIRST_CHAT = 500_000
TOKEN = "5151:crash-test"
BIN = Path(sys.executable).parent


async def seed(db: Database) -> None:
    await seed_broadcast(
        db,
        school="Crashschool",
        parents=PARENTS,
        first_chat=FIRST_CHAT,
        languages=("nl",),
        template_key="gym",
        fields={"date": "2026-12-01"},
    )


async def start_service(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        str(BIN / "schoolpoort"),
        "run",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def delivered(client: LocalBotApiClient) -> Counter[int]:
    stats = await client.stats()
    return Counter({int(chat): count for chat, count in stats["messages_per_chat"].items()})


async def test_sigkill_mid_broadcast_loses_nothing(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'crash.db'}"
    await upgrade_to_head_async(url)
    db = Database(url)
    await seed(db)
    server = LocalBotApiServer(limits=Limits(per_second=400, chat_per_second=1))
    server.register_bot(TOKEN, username="crash_bot")
    await server.start()
    client = LocalBotApiClient(server.control_url, TOKEN)
    await client.register_users(
        [{"id": FIRST_CHAT + i, "first_name": "Ouder"} for i in range(PARENTS)]
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(
        DATABASE_URL=url,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=server.api_base_url,
        TELEGRAM_FILE_BASE_URL=server.file_base_url,
        SCHOOLPOORT_SEND_RATE="300",
        SCHOOLPOORT_DELIVERY_LEASE="3",
        SCHOOLPOORT_HEALTH_PORT="0",
    )
    try:
        service = await start_service(env)
        for _ in range(600):
            await asyncio.sleep(0.05)
            if sum((await delivered(client)).values()) >= PARENTS // 3:
                break
        service.send_signal(signal.SIGKILL)
        await service.wait()
        async with db.transaction() as session:
            in_flight = await session.scalar(
                select(func.count())
                .select_from(Delivery)
                .where(Delivery.state == DeliveryState.SENDING)
            )
        before_restart = sum((await delivered(client)).values())
        assert 0 < before_restart < PARENTS, "the kill must land mid-broadcast"
        service = await start_service(env)
        for _ in range(1200):
            await asyncio.sleep(0.05)
            open_count = await queue_depth(db)
            if open_count == 0:
                break
        service.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(service.wait(), 30) == 0
        counts = await delivered(client)
        duplicates = sum(n - 1 for n in counts.values() if n > 1)
        print(
            f"\ncrash test: {before_restart} sent before SIGKILL, {in_flight} in flight, "
            f"{duplicates} duplicates after restart"
        )
        assert open_count == 0
        assert all(counts[FIRST_CHAT + i] >= 1 for i in range(PARENTS)), "a parent was missed"
        assert duplicates <= (in_flight or 0)
    finally:
        await client.aclose()
        await server.stop()
        await db.dispose()
