"""Telegram's limits shared by every instance of one bot: the send budget lives in PostgreSQL.

Each send reserves a slot in two lanes, its chat's and the bot's, with one atomic
upsert per lane on the `send_pace` table: the lane's `next_at` moves on by the lane's
spacing, and the reserved slot is the old `next_at` (or now, if that has passed). The
database clock is the only clock, so instances on different machines agree. A 429
moves the bot lane past `retry_after`, which pauses every instance.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import text

from berichten.db import Database

logger = logging.getLogger(__name__)
BOT_LANE = "bot"
LATE = 0.1  # seconds past its slot after which a send takes a new slot
MAX_RESERVATIONS = 5

_RESERVE = text(
    """
    INSERT INTO send_pace (key, next_at)
    VALUES (:key, GREATEST(clock_timestamp(), :earliest) + make_interval(secs => :step))
    ON CONFLICT (key) DO UPDATE
    SET next_at = GREATEST(send_pace.next_at, clock_timestamp(), :earliest)
        + make_interval(secs => :step)
    RETURNING next_at - make_interval(secs => :step) AS slot, clock_timestamp() AS db_now
    """
)
_PAUSE = text(
    """
    INSERT INTO send_pace (key, next_at)
    VALUES (:key, clock_timestamp() + make_interval(secs => :seconds))
    ON CONFLICT (key) DO UPDATE
    SET next_at = GREATEST(send_pace.next_at, clock_timestamp() + make_interval(secs => :seconds))
    """
)


class SharedSendPacer:
    """The SendPacer interface with its state in PostgreSQL, for several instances."""

    def __init__(
        self,
        db: Database,
        per_second: float = 30.0,
        chat_interval: float = 1.0,
        group_interval: float = 3.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self._db = db
        self._spacing = 1.0 / per_second
        self._chat_interval = chat_interval
        self._group_interval = group_interval
        self._sleep = sleep
        self._tasks: set[asyncio.Task[None]] = set()
        self.pauses = 0

    async def _reserve(
        self, key: str, step: float, earliest: datetime | None
    ) -> tuple[datetime, datetime]:
        async with self._db.engine.begin() as connection:
            row = (
                await connection.execute(_RESERVE, {"key": key, "step": step, "earliest": earliest})
            ).one()
        return row.slot, row.db_now

    async def acquire(self, chat_id: int) -> None:
        """Wait for this send's slot: after the chat's previous send and in the bot's budget."""
        interval = self._group_interval if chat_id < 0 else self._chat_interval
        chat_slot, _ = await self._reserve(f"chat:{chat_id}", interval, None)
        for _ in range(MAX_RESERVATIONS):
            asked = time.monotonic()
            slot, db_now = await self._reserve(BOT_LANE, self._spacing, chat_slot)
            delay = max((slot - db_now).total_seconds(), 0.0)
            if delay > 0:
                await self._sleep(delay)
            # Woken (or answered) much later than the slot: sending now would bunch with
            # the sends of later slots, so take a fresh slot instead.
            if time.monotonic() - asked - delay <= LATE:
                return

    def pause(self, seconds: float) -> None:
        """Telegram answered 429: move the shared bot lane past `retry_after`."""
        self.pauses += 1
        task = asyncio.get_running_loop().create_task(self._pause(seconds))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _pause(self, seconds: float) -> None:
        try:
            async with self._db.engine.begin() as connection:
                await connection.execute(_PAUSE, {"key": BOT_LANE, "seconds": float(seconds)})
        except Exception as error:
            logger.warning("could not share a 429 pause: %s", type(error).__name__)
