"""HTTP health check (`/healthz`) and Prometheus metrics (`/metrics`) for operations."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select, text

from berichten.db import Database
from berichten.models import Delivery, DeliveryState

if TYPE_CHECKING:
    from bot.delivery import WorkerStats

logger = logging.getLogger(__name__)

DB_TIMEOUT = 2.0
QUEUED_STATES = (DeliveryState.PENDING, DeliveryState.SENDING)

StatsSource = Callable[[], "WorkerStats | None"]
LeaderSource = Callable[[], bool]


async def database_answers(db: Database, timeout: float = DB_TIMEOUT) -> bool:
    """True when the database answers `SELECT 1` within `timeout` seconds."""
    try:
        async with asyncio.timeout(timeout), db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure means "not healthy"; log the type only
        logger.warning("health: database check failed (%s)", type(error).__name__)
        return False
    return True


async def queue_depth(db: Database, timeout: float = DB_TIMEOUT) -> int | None:
    """Deliveries waiting or being sent, or None when the database does not answer in time."""
    query = select(func.count(Delivery.id)).where(Delivery.state.in_(QUEUED_STATES))
    try:
        async with asyncio.timeout(timeout), db.sessions() as session:
            return int(await session.scalar(query) or 0)
    except Exception as error:
        logger.warning("health: queue depth query failed (%s)", type(error).__name__)
        return None


class ServiceCollector(Collector):
    """Reads worker counters and the leader flag at scrape time; the depth is set per scrape."""

    def __init__(self, stats: StatsSource, is_leader: LeaderSource) -> None:
        self.stats = stats
        self.is_leader = is_leader
        self.queue_depth: int | None = None

    def collect(self) -> Iterator[Metric]:
        """Yield one sample per metric (the queue depth only when the database answered)."""
        if self.queue_depth is not None:
            yield GaugeMetricFamily(
                "schoolpoort_outbox_queue_depth",
                "Deliveries in state pending or sending.",
                value=self.queue_depth,
            )
        yield from _worker_counters(self.stats())
        yield GaugeMetricFamily(
            "schoolpoort_scheduler_leader",
            "1 when this process is the planner leader, else 0.",
            value=1 if self.is_leader() else 0,
        )


def _worker_counters(stats: WorkerStats | None) -> Iterator[Metric]:
    """The delivery worker's counters; zero before the worker exists."""
    counters = (
        ("schoolpoort_deliveries_sent", "Deliveries sent by this process.", "sent"),
        ("schoolpoort_deliveries_failed", "Deliveries given up as failed.", "failed"),
        ("schoolpoort_deliveries_blocked", "Deliveries to chats that blocked the bot.", "blocked"),
        ("schoolpoort_deliveries_retried", "Delivery attempts scheduled for retry.", "retried"),
        ("schoolpoort_telegram_429", "Telegram 429 (flood control) answers.", "rate_limited"),
    )
    for name, documentation, field in counters:
        value = getattr(stats, field) if stats is not None else 0
        yield CounterMetricFamily(name, documentation, value=value)


def build_app(
    db: Database, collector: ServiceCollector, registry: CollectorRegistry, timeout: float
) -> web.Application:
    """The aiohttp application with `/healthz` and `/metrics`."""

    async def healthz(_request: web.Request) -> web.Response:
        if await database_answers(db, timeout):
            return web.json_response({"status": "ok"})
        return web.json_response({"status": "unavailable", "database": False}, status=503)

    async def metrics(_request: web.Request) -> web.Response:
        depth = await queue_depth(db, timeout)
        # No await between setting the depth and rendering: concurrent scrapes cannot mix.
        collector.queue_depth = depth
        body = generate_latest(registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    return app


@dataclass(slots=True)
class HealthServer:
    """A running health and metrics server; `port` is the bound port."""

    runner: web.AppRunner
    host: str
    port: int

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        await self.runner.cleanup()


async def start_health_server(
    db: Database,
    host: str,
    port: int,
    stats: StatsSource,
    is_leader: LeaderSource,
    *,
    timeout: float = DB_TIMEOUT,
) -> HealthServer:
    """Serve `/healthz` and `/metrics` on host:port (0: a free port) until `stop()`.

    Wiring in `bot.service.serve`, after the worker and planner exist::

        health = await start_health_server(
            db, settings.health_host, settings.health_port,
            stats=lambda: worker.stats, is_leader=lambda: planner.is_leader,
        )
        ...
        await health.stop()  # in the shutdown path, before `db.dispose()`

    `stats` and `is_leader` are called at every scrape, so they always show current values.
    Each server has its own Prometheus registry; access logging is off.
    """
    collector = ServiceCollector(stats, is_leader)
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    runner = web.AppRunner(build_app(db, collector, registry, timeout), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    bound = int(runner.addresses[0][1]) if runner.addresses else port
    logger.info("health: listening on %s:%d", host, bound)
    return HealthServer(runner=runner, host=host, port=bound)
