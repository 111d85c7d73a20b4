"""Multi-instance benchmark on PostgreSQL: 1 and 3 `schoolpoort run --webhook` processes.

Each run seeds a broadcast to N parents, starts the instances behind a small round-robin
proxy (the "load balancer") with the local Bot API server enforcing Telegram's limits
(30 messages/s per bot, 1/s per chat), and meanwhile sends one /help per second from a
joined parent, timing each answer. Prints messages per second of the broadcast and the
p50/p95 handler latency (update in, answer out) per number of instances.
Usage: python benchmarks/instances.py [--parents N] [--instances 1 3]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg
import httpx
from aiohttp import web
from sqlalchemy import func, select

from berichten.db import Database
from berichten.migrate import upgrade_to_head_async
from berichten.models import Delivery
from bot.health import queue_depth
from bot.localapi import Limits, LocalBotApiClient, LocalBotApiServer
from tests.seeding import seed_broadcast

TOKEN = "7171:instances-benchmark"
FIRST_CHAT = 2_000_000
SEND_RATE = 27.0  # of Telegram's 30/s, leaving room for the answers to /help
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def round_robin_proxy(targets: list[str]) -> tuple[web.AppRunner, int]:
    """The load balancer: forwards each webhook post to the next instance."""
    turn = itertools.cycle(targets)
    client = httpx.AsyncClient(timeout=30)

    async def forward(request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("x-telegram")}
        headers["Content-Type"] = "application/json"
        answer = await client.post(next(turn), content=body, headers=headers)
        return web.Response(status=answer.status_code, body=answer.content)

    app = web.Application()
    app.router.add_post("/telegram", forward)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, port


async def run(url: str, parents: int, instances: int, folder: Path) -> dict[str, float | int]:
    await upgrade_to_head_async(url)
    db = Database(url)
    await seed_broadcast(
        db,
        school="Stichting Benchmark",
        parents=parents,
        first_chat=FIRST_CHAT,
        languages=("nl", "ar", "tr", "pl"),
        template_key="gym",
        fields={"date": "2026-12-02"},
    )
    server = LocalBotApiServer(limits=Limits())
    server.register_bot(TOKEN, username="bench_bot")
    await server.start()
    client = LocalBotApiClient(server.control_url, TOKEN)
    await client.register_users([{"id": FIRST_CHAT + i} for i in range(parents)])
    ports = [free_port() for _ in range(instances)]
    proxy, proxy_port = await round_robin_proxy([f"http://127.0.0.1:{p}/telegram" for p in ports])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(
        DATABASE_URL=url,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=server.api_base_url,
        TELEGRAM_FILE_BASE_URL=server.file_base_url,
        SCHOOLPOORT_SEND_RATE=str(SEND_RATE),
        SCHOOLPOORT_WEBHOOK_SECRET="benchmark-secret",
        SCHOOLPOORT_HEALTH_PORT="0",
        SCHOOLPOORT_LOG_LEVEL="WARNING",
    )
    public = f"http://127.0.0.1:{proxy_port}/telegram"
    processes = []
    for n, port in enumerate(ports):
        log = (folder / f"instance{instances}-{n}.log").open("w")
        processes.append(
            await asyncio.create_subprocess_exec(
                str(BIN / "schoolpoort"),
                "run",
                "--webhook",
                "--listen",
                "127.0.0.1",
                "--port",
                str(port),
                "--url",
                public,
                env=env,
                stdout=log,
                stderr=log,
            )
        )
    latencies: list[float] = []
    try:
        started = time.monotonic()
        probe = itertools.count()
        while await queue_depth(db) != 0:
            user = FIRST_CHAT + next(probe) % parents
            before = len(await client.messages(user))
            sent = time.monotonic()
            await client.send_text(user, "/help", first_name="Ouder", language_code="nl")
            try:
                await client.wait_for_messages(user, before + 1, timeout=30)
                latencies.append(time.monotonic() - sent)
            except TimeoutError:
                latencies.append(30.0)
            await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - sent)))
        elapsed = time.monotonic() - started
        stats = await client.stats()
        async with db.transaction() as session:
            first, last = (
                await session.execute(
                    select(func.min(Delivery.sent_at), func.max(Delivery.sent_at))
                )
            ).one()
        assert first is not None and last is not None
        sending = (last - first).total_seconds()
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            await process.wait()
        await proxy.cleanup()
        await client.aclose()
        await server.stop()
        await db.dispose()
    latencies.sort()
    return {
        "instances": instances,
        "parents": parents,
        "elapsed_s": round(elapsed, 1),
        "sending_s": round(sending, 1),
        "messages_per_s": round((parents - 1) / sending, 2),  # first to last send
        "handler_p50_ms": round(statistics.median(latencies) * 1000),
        "handler_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000),
        "probes": len(latencies),
        "429s": stats["too_many_requests"],
        "server_peak_per_s": stats["peak_per_second"],
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parents", type=int, default=3000)
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 3])
    args = parser.parse_args()
    for instances in args.instances:
        name = f"sp_inst_{uuid.uuid4().hex[:10]}"
        admin = await asyncpg.connect(host="127.0.0.1", user="postgres", database="postgres")
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        try:
            with tempfile.TemporaryDirectory() as folder:
                result = await run(
                    f"postgresql+asyncpg://postgres@127.0.0.1/{name}",
                    args.parents,
                    instances,
                    Path(folder),
                )
        finally:
            admin = await asyncpg.connect(host="127.0.0.1", user="postgres", database="postgres")
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()
        print("[postgresql] " + "  ".join(f"{k}={v}" for k, v in result.items()), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
