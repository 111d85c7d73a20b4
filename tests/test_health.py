"""The health and metrics server, its settings, and JSON log lines without tokens."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import shutil
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select, update

from berichten.db import Database
from berichten.models import Delivery, DeliveryState
from berichten.settings import SettingsError, load_settings
from bot.delivery import WorkerStats
from bot.health import HealthServer, start_health_server
from bot.logsetup import JsonLineFormatter, RedactTokens, configure_logging
from tests.seeding import seed_broadcast

UNREACHABLE_PG = "postgresql+asyncpg://postgres@127.0.0.1:1/x"
TOKEN = "bot123456:ABCdef"


async def _get(server: HealthServer, path: str) -> tuple[int, str, str]:
    async with (
        aiohttp.ClientSession() as client,
        client.get(f"http://127.0.0.1:{server.port}{path}") as answer,
    ):
        return answer.status, answer.headers["Content-Type"], await answer.text()


def _samples(body: str) -> dict[str, float]:
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


@pytest.fixture
async def dead_db(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Database]:
    """A Database that cannot answer: SQLite in a deleted folder, or a closed PostgreSQL port."""
    kind = getattr(request, "param", "sqlite")
    if kind == "sqlite":
        folder = tmp_path / "gone"
        folder.mkdir()
        url = f"sqlite+aiosqlite:///{folder / 'schoolpoort.db'}"
        shutil.rmtree(folder)
    else:
        url = UNREACHABLE_PG
    database = Database(url)
    try:
        yield database
    finally:
        await database.dispose()
        await _join_aiosqlite_threads()


async def _join_aiosqlite_threads() -> None:
    """Let aiosqlite's threads of failed connects finish while the event loop still runs.

    After a failed connect aiosqlite stops its worker thread with a future on this loop; if the
    loop closes first, the thread raises "Event loop is closed" into a later test.
    """
    for thread in threading.enumerate():
        if "_connection_worker_thread" in thread.name:
            await asyncio.to_thread(thread.join, 2)


async def test_healthz_ok_on_working_database(db: Database) -> None:
    server = await start_health_server(db, "127.0.0.1", 0, lambda: None, lambda: False)
    try:
        assert server.port > 0
        status, content_type, body = await _get(server, "/healthz")
    finally:
        await server.stop()
    assert status == 200
    assert content_type.startswith("application/json")
    assert json.loads(body) == {"status": "ok"}


@pytest.mark.parametrize("dead_db", ["sqlite", "postgresql"], indirect=True)
async def test_healthz_503_when_database_is_gone(dead_db: Database) -> None:
    server = await start_health_server(dead_db, "127.0.0.1", 0, lambda: None, lambda: False)
    try:
        status, _, body = await _get(server, "/healthz")
        metrics_status, _, metrics = await _get(server, "/metrics")
    finally:
        await server.stop()
    assert status == 503
    assert json.loads(body) == {"status": "unavailable", "database": False}
    # Metrics still answer; the queue depth is left out rather than reported wrong.
    assert metrics_status == 200
    assert "schoolpoort_outbox_queue_depth" not in metrics
    assert "schoolpoort_scheduler_leader 0.0" in metrics


async def test_healthz_503_when_database_hangs() -> None:
    """A server that accepts connections but never answers must not hang the check."""
    silent: list[asyncio.StreamWriter] = []

    async def accept(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        silent.append(writer)

    listener = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    database = Database(f"postgresql+asyncpg://postgres@127.0.0.1:{port}/x")
    server = await start_health_server(
        database, "127.0.0.1", 0, lambda: None, lambda: True, timeout=0.3
    )
    try:
        status, _, body = await asyncio.wait_for(_get(server, "/healthz"), 5)
    finally:
        await server.stop()
        await database.dispose()
        for writer in silent:
            writer.close()
        listener.close()
        await listener.wait_closed()
    assert status == 503
    assert json.loads(body)["database"] is False


async def test_metrics_report_queue_worker_and_leader(db: Database) -> None:
    message_id = await seed_broadcast(
        db,
        school="Metriekschool",
        parents=6,
        first_chat=9_100_000,
        languages=("nl", "en"),
        template_key="gym",
        fields={"date": "2026-12-01"},
    )
    async with db.transaction() as session:
        ids = list(
            await session.scalars(
                select(Delivery.id).where(Delivery.message_id == message_id).order_by(Delivery.id)
            )
        )
        states = [
            DeliveryState.PENDING,
            DeliveryState.PENDING,
            DeliveryState.SENDING,
            DeliveryState.SENT,
            DeliveryState.FAILED,
            DeliveryState.BLOCKED,
        ]
        for delivery_id, state in zip(ids, states, strict=True):
            await session.execute(
                update(Delivery).where(Delivery.id == delivery_id).values(state=state)
            )
    stats = WorkerStats()
    leader = {"now": True}
    server = await start_health_server(db, "127.0.0.1", 0, lambda: stats, lambda: leader["now"])
    try:
        stats.sent, stats.failed, stats.blocked = 7, 2, 1
        stats.retried, stats.rate_limited = 4, 3
        status, content_type, body = await _get(server, "/metrics")
        leader["now"] = False
        stats.sent = 8
        _, _, later = await _get(server, "/metrics")
    finally:
        await server.stop()
    assert status == 200
    assert content_type.startswith("text/plain")
    assert _samples(body) == {
        "schoolpoort_outbox_queue_depth": 3,
        "schoolpoort_deliveries_sent_total": 7,
        "schoolpoort_deliveries_failed_total": 2,
        "schoolpoort_deliveries_blocked_total": 1,
        "schoolpoort_deliveries_retried_total": 4,
        "schoolpoort_telegram_429_total": 3,
        "schoolpoort_scheduler_leader": 1,
    }
    assert "# TYPE schoolpoort_deliveries_sent_total counter" in body
    assert "# TYPE schoolpoort_outbox_queue_depth gauge" in body
    again = _samples(later)
    assert again["schoolpoort_scheduler_leader"] == 0
    assert again["schoolpoort_deliveries_sent_total"] == 8


async def test_metrics_before_the_worker_exists_and_two_servers(db: Database) -> None:
    first = await start_health_server(db, "127.0.0.1", 0, lambda: None, lambda: False)
    second = await start_health_server(db, "127.0.0.1", 0, lambda: WorkerStats(sent=5), bool)
    try:
        _, _, body = await _get(first, "/metrics")
        _, _, other = await _get(second, "/metrics")
    finally:
        await first.stop()
        await second.stop()
    assert first.port != second.port
    assert _samples(body)["schoolpoort_deliveries_sent_total"] == 0
    assert _samples(body)["schoolpoort_outbox_queue_depth"] == 0
    assert _samples(other)["schoolpoort_deliveries_sent_total"] == 5


async def test_stop_frees_the_port(db: Database) -> None:
    server = await start_health_server(db, "127.0.0.1", 0, lambda: None, lambda: False)
    await server.stop()
    with pytest.raises(aiohttp.ClientConnectionError):
        await _get(server, "/healthz")


def test_health_and_log_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("SCHOOLPOORT_HEALTH_PORT", "SCHOOLPOORT_HEALTH_HOST", "SCHOOLPOORT_LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert (settings.health_host, settings.health_port, settings.log_format) == (
        "0.0.0.0",
        8080,
        "text",
    )
    monkeypatch.setenv("SCHOOLPOORT_LOG_FORMAT", "JSON")
    monkeypatch.setenv("SCHOOLPOORT_HEALTH_PORT", "9100")
    settings = load_settings()
    assert (settings.log_format, settings.health_port) == ("json", 9100)


@pytest.mark.parametrize(
    ("name", "value"),
    [("SCHOOLPOORT_LOG_FORMAT", "xml"), ("SCHOOLPOORT_HEALTH_PORT", "70000")],
)
def test_bad_health_or_log_setting_names_itself(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert name in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def test_json_log_lines_are_parseable_and_redacted(
    restore_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", "json")
    log = logging.getLogger("schoolpoort.test")
    log.info("calling https://api.telegram.org/%s/getMe", TOKEN)
    log.warning("line one\nline two")
    try:
        raise ValueError(f"secret detail {TOKEN} Zeynep")
    except ValueError:
        log.exception("sending failed")
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 3
    entries = [json.loads(line) for line in lines]
    assert all(set(e) >= {"time", "level", "logger", "message"} for e in entries)
    assert entries[0]["message"] == "calling https://api.telegram.org/bot<redacted>/getMe"
    assert entries[0]["level"] == "INFO" and entries[0]["logger"] == "schoolpoort.test"
    assert entries[0]["time"].endswith("+00:00")
    assert entries[1]["message"] == "line one\nline two"
    assert entries[2]["exception"] == "ValueError"
    for secret in (TOKEN, "ABCdef", "secret detail", "Zeynep", "Traceback"):
        assert secret not in err


def test_json_formatter_names_exception_module() -> None:
    try:
        raise asyncio.InvalidStateError("x")
    except asyncio.InvalidStateError as error:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "boom", None, (type(error), error, None)
        )
    assert json.loads(JsonLineFormatter().format(record))["exception"] == (
        "asyncio.exceptions.InvalidStateError"
    )


def test_text_format_unchanged_and_unknown_format_refused(restore_logging: None) -> None:
    configure_logging("INFO")
    handler = logging.getLogger().handlers[0]
    assert any(isinstance(f, RedactTokens) for f in handler.filters)
    assert not isinstance(handler.formatter, JsonLineFormatter)
    assert logging.getLogger("sqlalchemy").level == logging.WARNING
    assert logging.getLogger("apscheduler.executors").level == logging.WARNING
    with pytest.raises(ValueError, match="text or json"):
        configure_logging("INFO", "xml")
    stream = io.StringIO()
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    logging.getLogger("x").info("token %s", TOKEN)
    assert TOKEN not in stream.getvalue()
