"""The delivery worker: prepares due messages, claims deliveries, sends them at Telegram's pace."""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from berichten import outbox
from berichten.clock import Clock
from berichten.db import Database
from berichten.feedback import FACES
from berichten.i18n import translations
from berichten.models import Message, Rendering
from berichten.pacing import Pacer
from berichten.preparation import TextTranslator, prepare_due
from berichten.templates import RSVP_TEMPLATES
from bot import callbacks
from bot.reply import directed
from bot.reports import delivery_report_text

logger = logging.getLogger(__name__)


def _(message: str) -> str:
    return message


ORIGINAL_BUTTON = _("Dutch original")
READ_BUTTON = _("Read ✓")
RSVP_BUTTONS = (("y", _("I'm coming")), ("m", _("Maybe")), ("n", _("I can't come")))


@dataclass(slots=True)
class WorkerStats:
    """What this worker did, for metrics and benchmarks."""

    sent: int = 0
    failed: int = 0
    blocked: int = 0
    retried: int = 0
    rate_limited: int = 0
    unreachable: int = 0


@dataclass(frozen=True, slots=True)
class _Prepared:
    text: str
    machine_translated: bool
    needs_confirmation: bool
    template_key: str
    event_id: int | None


@dataclass(slots=True)
class DeliverySettings:
    """Tuning of the worker; the defaults suit one bot on Telegram."""

    concurrency: int = 8
    batch: int = 30
    lease: timedelta = timedelta(seconds=30)
    max_attempts: int = 6
    backoff_base: float = 1.0
    backoff_cap: float = 300.0
    outage_cap: float = 30.0  # Telegram unreachable: look again at least this often
    idle_poll: float = 0.5
    read_timeout: float | None = None


def _retry_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def instance_name() -> str:
    """This process, as recorded on the deliveries it leases: host and process id."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def unreachable(error: NetworkError) -> bool:
    """True when the request never reached Telegram (connection refused, DNS, reset),
    as opposed to an answer such as 502 Bad Gateway. PTB names httpx's transport errors."""
    return not isinstance(error, TimedOut) and error.message.startswith("httpx.")


def event_buttons(
    template_key: str, event_id: int | None, language: str
) -> list[list[InlineKeyboardButton]]:
    """One-tap RSVP under an invitation, the faces scale under a feedback prompt."""
    if event_id is None:
        return []
    gettext = translations(language).gettext
    if template_key in RSVP_TEMPLATES:
        return [
            [
                InlineKeyboardButton(
                    gettext(label), callback_data=callbacks.make("rsvp", f"{event_id}{code}")
                )
                for code, label in RSVP_BUTTONS
            ]
        ]
    if template_key == "feedback_vraag":
        return [
            [
                InlineKeyboardButton(
                    face, callback_data=callbacks.make("fb", f"{event_id}s{score}")
                )
                for score, face in FACES.items()
            ]
        ]
    return []


class DeliveryWorker:
    """Sends pending deliveries with python-telegram-bot, one scheduler of sends per process."""

    def __init__(
        self,
        bot: Bot,
        db: Database,
        clock: Clock,
        tz: ZoneInfo,
        translator: TextTranslator,
        pacer: Pacer,
        settings: DeliverySettings | None = None,
    ) -> None:
        self.bot = bot
        self.db = db
        self.clock = clock
        self.tz = tz
        self.translator = translator
        self.pacer = pacer
        self.settings = settings or DeliverySettings()
        self.stats = WorkerStats()
        self._wake = asyncio.Event()
        self._renderings: dict[tuple[int, str], _Prepared] = {}
        self._outage = 0
        self.instance = instance_name()

    def wake(self) -> None:
        """Look for work now instead of at the next poll (a message was just queued)."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Work until `stop` is set; errors in one round are logged and the loop goes on."""
        while not stop.is_set():
            try:
                handled = await self.step()
            except Exception as error:
                logger.error("delivery round failed: %s", type(error).__name__)
                handled = 0
            if handled == 0:
                self._wake.clear()
                waiters = [
                    asyncio.ensure_future(stop.wait()),
                    asyncio.ensure_future(self._wake.wait()),
                ]
                await asyncio.wait(
                    waiters, timeout=self.settings.idle_poll, return_when=asyncio.FIRST_COMPLETED
                )
                for waiter in waiters:
                    waiter.cancel()

    async def step(self) -> int:
        """One round: prepare, claim a batch, send it; returns how many deliveries were handled."""
        now = self.clock.now()
        await prepare_due(self.db, self.translator, now)
        async with self.db.transaction() as session:
            claimed = await outbox.claim_due(
                session,
                now,
                self.tz,
                limit=self.settings.batch,
                lease=self.settings.lease,
                owner=self.instance,
            )
        if not claimed:
            return 0
        queue: asyncio.Queue[outbox.ClaimedDelivery] = asyncio.Queue()
        for item in claimed:
            queue.put_nowait(item)
        senders = min(self.settings.concurrency, len(claimed))
        await asyncio.gather(*(self._sender(queue) for _ in range(senders)))
        await self._finish_messages({item.message_id for item in claimed})
        return len(claimed)

    async def _sender(self, queue: asyncio.Queue[outbox.ClaimedDelivery]) -> None:
        while not queue.empty():
            await self._deliver(queue.get_nowait())

    async def _prepared(self, message_id: int, language: str) -> _Prepared:
        key = (message_id, language)
        cached = self._renderings.get(key)
        if cached is not None:
            return cached
        async with self.db.transaction() as session:
            row = (
                await session.execute(
                    select(
                        Rendering.text,
                        Rendering.machine_translated,
                        Message.needs_confirmation,
                        Message.template_key,
                        Message.event_id,
                    )
                    .join(Message, Rendering.message_id == Message.id)
                    .where(Rendering.message_id == message_id, Rendering.language == language)
                )
            ).one()
        prepared = _Prepared(*row)
        if len(self._renderings) > 5000:
            self._renderings.clear()
        self._renderings[key] = prepared
        return prepared

    def _keyboard(
        self, prepared: _Prepared, item: outbox.ClaimedDelivery
    ) -> InlineKeyboardMarkup | None:
        gettext = translations(item.language).gettext
        rows = event_buttons(prepared.template_key, prepared.event_id, item.language)
        row = []
        if prepared.machine_translated:
            row.append(
                InlineKeyboardButton(
                    gettext(ORIGINAL_BUTTON),
                    callback_data=callbacks.make("orig", str(item.message_id)),
                )
            )
        if prepared.needs_confirmation:
            row.append(
                InlineKeyboardButton(
                    gettext(READ_BUTTON), callback_data=callbacks.make("read", str(item.id))
                )
            )
        if row:
            rows.append(row)
        return InlineKeyboardMarkup(rows) if rows else None

    async def _deliver(self, item: outbox.ClaimedDelivery) -> None:
        prepared = await self._prepared(item.message_id, item.language)
        await self.pacer.acquire(item.telegram_chat_id)
        timeouts: dict[str, Any] = {}
        if self.settings.read_timeout is not None:
            timeouts["read_timeout"] = self.settings.read_timeout
        try:
            sent = await self.bot.send_message(
                chat_id=item.telegram_chat_id,
                text=directed(prepared.text, item.language),
                parse_mode=ParseMode.HTML,
                reply_markup=self._keyboard(prepared, item),
                **timeouts,
            )
        except RetryAfter as error:
            seconds = _retry_seconds(error)
            self.pacer.pause(seconds)
            self.stats.rate_limited += 1
            at = self.clock.now() + timedelta(seconds=seconds)
            async with self.db.transaction() as session:
                await outbox.retry_later(session, item.id, at, error="429", count_attempt=False)
            return
        except Forbidden:
            self.stats.blocked += 1
            async with self.db.transaction() as session:
                await outbox.mark_chat_blocked(session, item.telegram_chat_id)
            return
        except BadRequest as error:
            self.stats.failed += 1
            async with self.db.transaction() as session:
                await outbox.mark_failed(session, item.id, error.message)
            return
        except NetworkError as error:
            if unreachable(error):
                await self._unreachable(item)
            else:
                await self._backoff(item, type(error).__name__)
            return
        except TelegramError as error:
            await self._backoff(item, type(error).__name__)
            return
        self._outage = 0
        self.stats.sent += 1
        async with self.db.transaction() as session:
            await outbox.mark_sent(session, item.id, sent.message_id, self.clock.now())

    async def _unreachable(self, item: outbox.ClaimedDelivery) -> None:
        """Telegram cannot be reached at all: not this message's fault, so no attempt is
        counted; every sender pauses (longer while it lasts) and the message waits."""
        self._outage += 1
        self.stats.unreachable += 1
        delay = min(
            self.settings.outage_cap, self.settings.backoff_base * 2 ** min(self._outage, 16)
        )
        self.pacer.pause(delay)
        at = self.clock.now() + timedelta(seconds=delay)
        async with self.db.transaction() as session:
            await outbox.retry_later(session, item.id, at, error="unreachable", count_attempt=False)

    async def _backoff(self, item: outbox.ClaimedDelivery, reason: str) -> None:
        attempts = item.attempts + 1
        async with self.db.transaction() as session:
            if attempts >= self.settings.max_attempts:
                self.stats.failed += 1
                await outbox.mark_failed(
                    session, item.id, f"gave up after {attempts} tries: {reason}"
                )
                return
            self.stats.retried += 1
            delay = min(self.settings.backoff_cap, self.settings.backoff_base * 2 ** (attempts - 1))
            delay *= 0.5 + random.random() / 2
            at = self.clock.now() + timedelta(seconds=delay)
            await outbox.retry_later(session, item.id, at, error=reason, count_attempt=True)

    async def _finish_messages(self, message_ids: set[int]) -> None:
        for message_id in sorted(message_ids):
            async with self.db.transaction() as session:
                state = await outbox.report(session, message_id)
                if not state.finished:
                    continue
                marked = await session.execute(
                    update(Message)
                    .where(Message.id == message_id, Message.finished_at.is_(None))
                    .values(finished_at=self.clock.now())
                    .returning(Message.sender_chat_id, Message.report_message_id)
                )
                row = marked.first()
            if row is not None and row[0] is not None:
                await self._report_to_sender(int(row[0]), row[1], state)

    async def _report_to_sender(
        self, chat_id: int, report_message_id: int | None, state: outbox.DeliveryReport
    ) -> None:
        """Update the sender's "sending..." message, or send the report if there is none."""
        text = delivery_report_text(state)
        try:
            if report_message_id is not None:
                await self.bot.edit_message_text(
                    text, chat_id=chat_id, message_id=report_message_id, parse_mode=ParseMode.HTML
                )
            else:
                await self.bot.send_message(chat_id=chat_id, text=text, parse_mode=ParseMode.HTML)
        except TelegramError as error:
            logger.warning("could not send the delivery report: %s", type(error).__name__)
