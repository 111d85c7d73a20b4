"""`schoolpoort run`: migrate, then serve the bot and the delivery worker (local mode: no token)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import timedelta

from berichten.clock import Clock, SystemClock
from berichten.db import Database
from berichten.demo import DEMO_SCHOOL, seed_demo
from berichten.migrate import upgrade_to_head_async
from berichten.pacing import SendPacer
from berichten.settings import Settings
from berichten.translation import Translator
from bot.application import ALLOWED_UPDATES, build_application, on_startup
from bot.delivery import DeliverySettings, DeliveryWorker
from bot.localapi import LocalBotApiServer
from bot.localstate import LOCAL_BOT_USERNAME, LOCAL_TOKEN, LocalState
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


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run the bot and the delivery worker until SIGINT/SIGTERM (or until `stop` is set)."""
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
        SendPacer(settings.send_rate),
        DeliverySettings(lease=timedelta(seconds=settings.delivery_lease)),
    )
    services.worker = worker
    try:
        async with application:
            await application.start()
            await on_startup(application)
            assert application.updater is not None
            await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            worker_task = asyncio.create_task(worker.run(stop))
            logger.info("bot is polling for updates; delivery worker started")
            await stop.wait()
            await application.updater.stop()
            with contextlib.suppress(asyncio.CancelledError):
                await worker_task
            await application.stop()
    finally:
        translator.close()
        if server is not None:
            await server.stop()
        await db.dispose()
