"""End-to-end harness: the local Bot API server, the real PTB application, a controllable clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from berichten.clock import ManualClock
from berichten.db import Database
from berichten.holidays import Holiday
from berichten.importer import import_rows, parse_csv
from berichten.models import StaffRole
from berichten.pacing import SendPacer
from berichten.planner import PlannerConfig, PlanRun
from berichten.settings import load_settings
from berichten.staffing import add_staff
from berichten.translation import Translator
from bot.application import ALLOWED_UPDATES, build_application, on_startup
from bot.delivery import DeliverySettings, DeliveryWorker
from bot.localapi import Limits, LocalBotApiClient, LocalBotApiServer
from bot.scheduling import PlannerService
from bot.services import Services

TOKEN = "4242:e2e-test-token"
START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Amsterdam")
PROCESSED_GROUP = 99


class Harness:
    """Plays users against the real bot and waits until each update is fully handled."""

    def __init__(
        self,
        database_url: str,
        *,
        limits: Limits | None = None,
        translator: Translator | None = None,
    ) -> None:
        self.database_url = database_url
        self.clock = ManualClock(START)
        self.db = Database(database_url)
        self.server = LocalBotApiServer(port=0, limits=limits or Limits(enabled=False))
        self.server.register_bot(TOKEN, username="schoolpoort_test_bot", first_name="Schoolpoort")
        self.client: LocalBotApiClient | None = None
        self.application: Application | None = None
        self._processed: dict[int, asyncio.Event] = {}
        self.translator = translator or Translator("none")
        self.holidays: tuple[Holiday, ...] = ()
        self.planner: PlannerService | None = None
        self.worker: DeliveryWorker | None = None

    async def start(self) -> None:
        """Start the server and the bot; polling runs until stop()."""
        await self.server.start()
        self.client = LocalBotApiClient(self.server.control_url, TOKEN)
        await self._start_bot()

    async def _start_bot(self) -> None:
        settings = load_settings(DATABASE_URL=self.database_url)
        services = Services(settings, self.db, self.clock, self.translator)
        application = build_application(
            services, TOKEN, self.server.api_base_url, self.server.file_base_url
        )
        application.add_handler(TypeHandler(Update, self._mark_processed), group=PROCESSED_GROUP)
        self.application = application
        await application.initialize()
        await application.start()
        await on_startup(application)
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES
        )
        self.worker = DeliveryWorker(
            application.bot,
            self.db,
            self.clock,
            TZ,
            self.translator,
            SendPacer(per_second=500, chat_interval=0.0),
            DeliverySettings(backoff_base=0.01, idle_poll=0.05, outage_cap=0.05),
        )
        self.planner = PlannerService(
            self.db, self.clock, PlannerConfig(tz=TZ, holidays=self.holidays), self.worker
        )

    async def _stop_bot(self) -> None:
        if self.application is not None:
            assert self.application.updater is not None
            await self.application.updater.stop()
            await self.application.stop()
            await self.application.shutdown()
            self.application = None

    async def restart(self) -> None:
        """Stop the bot, planner and worker and start fresh ones on the same database and
        Bot API server: everything held in memory is gone, as after a process restart."""
        await self._stop_bot()
        await self.db.dispose()
        self.db = Database(self.database_url)
        self.planner = None
        self.worker = None
        await self._start_bot()

    async def tick(self, at: datetime | None = None) -> PlanRun:
        """Move the clock (if given), run the planner, then deliver until the outbox is empty."""
        if at is not None:
            self.clock.set(at)
        assert self.planner is not None
        run = await self.planner.tick()
        await self.drain()
        return run

    async def drain(self, rounds: int = 50) -> None:
        """Let the delivery worker send everything that is due now."""
        assert self.worker is not None
        for _ in range(rounds):
            if await self.worker.step() == 0:
                return
        raise AssertionError("the outbox did not empty")

    async def stop(self) -> None:
        """Stop polling, the bot, the server and the database pool."""
        await self._stop_bot()
        if self.client is not None:
            await self.client.aclose()
        await self.server.stop()
        await self.db.dispose()

    async def _mark_processed(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        self._processed.setdefault(update.update_id, asyncio.Event()).set()

    async def _handled(
        self, update: dict[str, Any], before: int, chat_id: int
    ) -> list[dict[str, Any]]:
        event = self._processed.setdefault(update["update_id"], asyncio.Event())
        await asyncio.wait_for(event.wait(), timeout=15)
        assert self.client is not None
        return (await self.client.messages(chat_id))[before:]

    async def say(
        self,
        user_id: int,
        text: str,
        *,
        language_code: str = "nl",
        first_name: str = "Ouder",
        username: str | None = None,
        reply_to: int | None = None,
    ) -> list[dict[str, Any]]:
        """Send a text as a user; return the messages the bot sent in answer."""
        assert self.client is not None
        before = len(await self.client.messages(user_id))
        update = await self.client.send_text(
            user_id,
            text,
            first_name=first_name,
            language_code=language_code,
            username=username,
            reply_to=reply_to,
        )
        return await self._handled(update, before, user_id)

    async def press(
        self,
        user_id: int,
        message: dict[str, Any],
        *,
        data: str | None = None,
        text: str | None = None,
    ) -> list[dict[str, Any]]:
        """Press a button of a message the bot sent; return the new messages."""
        assert self.client is not None
        before = len(await self.client.messages(user_id))
        update = await self.client.press_button(
            user_id, message["message_id"], data=data, text=text
        )
        return await self._handled(update, before, user_id)

    async def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """Everything the bot sent to a chat, as it stands now."""
        assert self.client is not None
        return await self.client.messages(chat_id)

    async def import_parents(self, csv_text: str) -> dict[str, str]:
        """Import a school's CSV; return the new codes by parent name."""
        async with self.db.transaction() as session:
            summary = await import_rows(
                session,
                parse_csv(csv_text.encode()),
                "OBS De Linde",
                self.clock.now(),
                TZ,
                timedelta(days=30),
            )
        return {invite.parent: invite.code for invite in summary.invites}

    async def add_teacher(self, name: str, groups: list[str]) -> str:
        """Add a teacher of the groups; return their code."""
        return await self.add_staff(name, StaffRole.LEERKRACHT, groups)

    async def add_staff(self, name: str, role: StaffRole, groups: list[str]) -> str:
        """Add a staff member with a role; return their code."""
        async with self.db.transaction() as session:
            new = await add_staff(
                session,
                school_name="OBS De Linde",
                name=name,
                role=role,
                group_names=groups,
                now=self.clock.now(),
                tz=TZ,
                valid_for=timedelta(days=30),
            )
        return new.code


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline buttons of a message, flattened."""
    markup = message.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


async def join_staff(harness: Harness, user_id: int, code: str) -> None:
    """A staff member joins: code, then consent."""
    [consent] = await harness.say(user_id, f"/start {code}")
    await harness.press(user_id, consent, data="consent:yes")


async def join_parent(harness: Harness, user_id: int, code: str, language: str) -> None:
    """Walk a parent through the real join flow: code, language, consent."""
    [picker] = await harness.say(user_id, f"/start {code}", language_code=language)
    [consent] = await harness.press(user_id, picker, data=f"lang:{language}")
    await harness.press(user_id, consent, data="consent:yes")
