"""Broadcast benchmark: N parents in 12 languages through the local Bot API server, limits on.

Prints elapsed time, messages per second, the ratio to Telegram's 30/s ceiling, lost and
duplicated messages, 429s, translation calls against distinct (text, language) pairs, and
peak RSS, on SQLite and on PostgreSQL.  Usage: python benchmarks/broadcast.py [--parents N]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg
from telegram import Bot
from telegram.request import HTTPXRequest

from berichten import outbox
from berichten.clock import SystemClock
from berichten.db import Database
from berichten.migrate import upgrade_to_head_async
from berichten.pacing import SendPacer
from berichten.translation import Translator
from bot.delivery import DeliverySettings, DeliveryWorker
from bot.localapi import Limits, LocalBotApiClient, LocalBotApiServer
from tests.seeding import seed_broadcast
from tests.translation.fake_libretranslate import FakeLibreTranslate

LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk", "fr", "es", "de", "ru", "so", "fa")
TOKEN = "6161:benchmark"
FIRST_CHAT = 1_000_000
CEILING = 30.0
TZ = ZoneInfo("Europe/Amsterdam")
TEXT = "Vrijdag is er een feest op het plein. Kinderen mogen verkleed komen."


async def seed(db: Database, parents: int) -> int:
    return await seed_broadcast(
        db,
        school="Benchmarkschool",
        parents=parents,
        first_chat=FIRST_CHAT,
        languages=LANGUAGES,
        template_key="vrij",
        fields={"what": TEXT},
    )


async def run_once(url: str, parents: int, rate: float) -> dict[str, float | int | str]:
    await upgrade_to_head_async(url)
    db = Database(url)
    message_id = await seed(db, parents)
    server = LocalBotApiServer(limits=Limits())
    server.register_bot(TOKEN, username="bench_bot")
    await server.start()
    client = LocalBotApiClient(server.control_url, TOKEN)
    await client.register_users([{"id": FIRST_CHAT + i} for i in range(parents)])
    libre = FakeLibreTranslate()
    await libre.start()
    translator = Translator("libre", url=libre.url, timeout=10, db=db)
    bot = Bot(TOKEN, base_url=server.api_base_url, request=HTTPXRequest(connection_pool_size=16))
    worker = DeliveryWorker(
        bot,
        db,
        SystemClock(),
        TZ,
        translator,
        SendPacer(rate),
        DeliverySettings(concurrency=8, batch=60),
    )
    stop = asyncio.Event()
    async with bot:
        started = time.monotonic()
        task = asyncio.create_task(worker.run(stop))
        while True:
            await asyncio.sleep(0.5)
            async with db.transaction() as session:
                state = await outbox.report(session, message_id)
            if state.finished:
                break
        elapsed = time.monotonic() - started
        stop.set()
        await task
    stats = await client.stats()
    counts = Counter({int(c): n for c, n in stats["messages_per_chat"].items()})
    lost = sum(1 for i in range(parents) if counts[FIRST_CHAT + i] == 0)
    duplicated = sum(n - 1 for n in counts.values() if n > 1)
    result: dict[str, float | int | str] = {
        "parents": parents,
        "elapsed_s": round(elapsed, 1),
        "messages_per_s": round(parents / elapsed, 2),
        "ratio_to_30_per_s": round(parents / elapsed / CEILING, 3),
        "lost": lost,
        "duplicated": duplicated,
        "429s_received": worker.stats.rate_limited,
        "server_peak_per_s": stats["peak_per_second"],
        "translation_calls": libre.calls,
        "distinct_text_language_pairs": len(LANGUAGES) - 1,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    await client.aclose()
    await libre.stop()
    await server.stop()
    await db.dispose()
    return result


async def pg_database() -> tuple[str, str]:
    name = f"sp_bench_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(host="127.0.0.1", user="postgres", database="postgres")
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return name, f"postgresql+asyncpg://postgres@127.0.0.1/{name}"


async def drop_pg(name: str) -> None:
    connection = await asyncpg.connect(host="127.0.0.1", user="postgres", database="postgres")
    await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await connection.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parents", type=int, default=10_000)
    parser.add_argument(
        "--rate", type=float, default=29.0, help="the worker's send rate per second"
    )
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    for kind in kinds:
        if kind == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                result = await run_once(
                    f"sqlite+aiosqlite:///{folder}/bench.db", args.parents, args.rate
                )
        else:
            name, url = await pg_database()
            try:
                result = await run_once(url, args.parents, args.rate)
            finally:
                await drop_pg(name)
        print(
            f"[{kind}] " + "  ".join(f"{key}={value}" for key, value in result.items()), flush=True
        )


if __name__ == "__main__":
    asyncio.run(main())
