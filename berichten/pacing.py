"""Spacing of sends under Telegram's limits: overall rate, per chat, per group chat, 429 pauses."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol


class Pacer(Protocol):
    """What the delivery worker needs: wait for a send slot, and pause everyone on a 429."""

    async def acquire(self, chat_id: int) -> None:
        """Wait until this chat may get its next message."""
        ...

    def pause(self, seconds: float) -> None:
        """Stop all sending for `seconds`."""
        ...


class SendPacer:
    """Hands out send slots: at most `per_second` overall, one per `chat_interval` per chat.

    Slots are spaced evenly (no bursts), so no one-second window ever holds more than the
    limit. A 429 answer pauses every sender until `retry_after` has passed.
    """

    def __init__(
        self,
        per_second: float = 30.0,
        chat_interval: float = 1.0,
        group_interval: float = 3.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self._spacing = 1.0 / per_second
        self._chat_interval = chat_interval
        self._group_interval = group_interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._next_slot = 0.0
        self._chat_next: dict[int, float] = {}
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self.pauses = 0

    def _interval(self, chat_id: int) -> float:
        return self._group_interval if chat_id < 0 else self._chat_interval

    async def acquire(self, chat_id: int) -> None:
        """Wait until this chat may get its next message."""
        while True:
            async with self._lock:
                now = self._monotonic()
                slot = max(
                    now, self._next_slot, self._paused_until, self._chat_next.get(chat_id, 0)
                )
                self._next_slot = slot + self._spacing
                self._chat_next[chat_id] = slot + self._interval(chat_id)
                if len(self._chat_next) > 50_000:
                    self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
            delay = slot - self._monotonic()
            if delay > 0:
                await self._sleep(delay)
            if self._monotonic() >= self._paused_until:
                return

    def pause(self, seconds: float) -> None:
        """Stop all sending for `seconds` (Telegram answered 429)."""
        self.pauses += 1
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)
