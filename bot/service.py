"""`schoolpoort run`: migrate, then serve the bot and the delivery worker (local mode: no token)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass
from datetime import timedelta

from telegram.error import Conflict, TelegramError

from berichten.clock import Clock, SystemClock
from berichten.db import Database
from berichten.demo import DEMO_SCHOOL, seed_demo
from berichten.leader import LeaderLock
from berichten.migrate import upgrade_to_head_async
from berichten.pacing import SendPacer
from berichten.settings import Settings
from berichten.sharedpacing import SharedSendPacer
from berichten.translation import Translator
from bot.application import ALLOWED_UPDATES, build_application, on_startup
from bot.delivery import DeliverySettings, DeliveryWorker
from bot.health import HealthServer, start_health_server
from bot.localapi import LocalBotApiServer
from bot.localstate import LOCAL_BOT_USERNAME, LOCAL_TOKEN, LocalState
from bot.scheduling import PlannerService, planner_config
from bot.services import Services

logger = logging.getLogger(__name__)


async def start_local_server(
    settings: Settings, db: Database, clock: Clock
) -> tuple[LocalBotApiServer, LocalState]:
    """Start the local Bot API server and the demo school; write the state for `chat`."""
    server = LocalBotApiServer(host="127.0.0.1", port=settings.local_api_port)
    server.register_bot(LOCAL_TOKEN, username=LOCAL_BOT_USERNAME, first_name="Schoolpoort")
    await server.start()
    async with db.transaction() as session:
        codes = await seed_demo(
            session, clock.now(), settings.tz, timedelta(days=settings.invite_code_days)
        )
    state = LocalState(server.control_url, LOCAL_TOKEN, codes.parents, codes.staff)
    state.save()
    return server, state


def _print_local_help(state: LocalState) -> None:
    print(f"Schoolpoort runs in local mode (no TELEGRAM_BOT_TOKEN): demo school {DEMO_SCHOOL!r}.")
    print("Talk to the bot from another terminal:  .venv/bin/schoolpoort chat")
    for name, code in state.parent_codes.items():
        print(f"  parent code for {name}: {code}")
    for role, code in state.staff_codes.items():
        print(f"  staff code ({role}): {code}")
    print("Stop with Ctrl+C.", flush=True)


@dataclass(frozen=True, slots=True)
class WebhookOptions:
    """Where this instance listens for Telegram's webhook posts, and the shared secret."""

    listen: str
    port: int
    url: str
    secret: str


def make_pacer(settings: Settings, db: Database) -> SendPacer | SharedSendPacer:
    """One process: the budget in memory. PostgreSQL: shared by every instance of the bot."""
    if db.engine.dialect.name == "postgresql":
        return SharedSendPacer(db, settings.send_rate)
    return SendPacer(settings.send_rate)


class _PollingConflict:
    """Stops the service with a clear message when another instance polls the same bot."""

    def __init__(self, stop: asyncio.Event) -> None:
        self.stop = stop
        self.seen = False

    def __call__(self, error: TelegramError) -> None:
        if isinstance(error, Conflict) and not self.seen:
            self.seen = True
            logger.error(
                "another process is already receiving this bot's updates (409 Conflict); "
                "stop it, or run every instance with --webhook behind a load balancer"
            )
            self.stop.set()
        elif not isinstance(error, Conflict):
            logger.warning("polling failed: %s", type(error).__name__)


async def serve(
    settings: Settings,
    stop: asyncio.Event | None = None,
    webhook: WebhookOptions | None = None,
) -> int:
    """Run the bot, the delivery worker and the planner until SIGINT/SIGTERM or `stop`.

    Returns the exit code: 0 after a normal stop, 3 when another instance polls the bot.
    """
    await upgrade_to_head_async(settings.database_url)
    db = Database(settings.database_url)
    clock = SystemClock()
    server: LocalBotApiServer | None = None
    if settings.local_mode:
        server, state = await start_local_server(settings, db, clock)
        token, base_url, file_url = LOCAL_TOKEN, server.api_base_url, server.file_base_url
        _print_local_help(state)
    else:
        assert settings.telegram_bot_token is not None
        token = settings.telegram_bot_token.get_secret_value()
        base_url = settings.telegram_api_base_url
        file_url = settings.telegram_file_base_url or base_url.replace("/bot", "/file/bot")
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    translator = Translator.from_settings(settings, db, clock)
    services = Services(settings, db, clock, translator)
    application = build_application(services, token, base_url, file_url)
    worker = DeliveryWorker(
        application.bot,
        db,
        clock,
        settings.tz,
        translator,
        make_pacer(settings, db),
        DeliverySettings(lease=timedelta(seconds=settings.delivery_lease)),
    )
    services.worker = worker
    planner = PlannerService(db, clock, planner_config(settings), worker, LeaderLock(db))
    services.planner = planner
    conflict = _PollingConflict(stop)
    health: HealthServer | None = None
    try:
        health = await start_health_server(
            db,
            settings.health_host,
            settings.health_port,
            stats=lambda: worker.stats,
            is_leader=lambda: planner.is_leader,
        )
        logger.info("health and metrics on port %d (/healthz, /metrics)", health.port)
    except OSError as error:
        logger.warning(
            "no health endpoint: port %d is not free (%s); set SCHOOLPOORT_HEALTH_PORT",
            settings.health_port,
            type(error).__name__,
        )
    try:
        async with application:
            await application.start()
            await on_startup(application)
            assert application.updater is not None
            if webhook is None:
                await application.updater.start_polling(
                    allowed_updates=ALLOWED_UPDATES, error_callback=conflict
                )
            else:
                await application.updater.start_webhook(
                    listen=webhook.listen,
                    port=webhook.port,
                    url_path="telegram",
                    webhook_url=webhook.url,
                    secret_token=webhook.secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
            worker_task = asyncio.create_task(worker.run(stop))
            await planner.start()
            mode = "polling" if webhook is None else "webhook"
            logger.info("bot started (%s); delivery worker and planner running", mode)
            await stop.wait()
            await planner.stop()
            await application.updater.stop()
            with contextlib.suppress(asyncio.CancelledError):
                await worker_task
            await application.stop()
    finally:
        if health is not None:
            await health.stop()
        translator.close()
        if server is not None:
            await server.stop()
        await db.dispose()
    return 3 if conflict.seen else 0
