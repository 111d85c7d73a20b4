"""Telegram's limits: message sizes and send rates, with 429 answers and measured peak rates."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits the local server enforces; the defaults are Telegram's."""

    enabled: bool = True
    per_second: int = 30
    chat_per_second: float = 1.0
    chat_burst: int = 3
    group_per_minute: int = 20
    max_text: int = 4096
    max_caption: int = 1024
    max_callback_data: int = 64


class SlidingWindow:
    """Counts events in the last `span` seconds and remembers the highest count seen."""

    def __init__(self, span: float) -> None:
        self.span = span
        self.events: deque[float] = deque()
        self.peak = 0

    def _trim(self, now: float) -> None:
        while self.events and self.events[0] <= now - self.span:
            self.events.popleft()

    def count(self, now: float) -> int:
        """Events in the window ending now."""
        self._trim(now)
        return len(self.events)

    def wait_time(self, now: float, allowed: int) -> float:
        """Seconds until one more event fits under `allowed`."""
        self._trim(now)
        if len(self.events) < allowed:
            return 0.0
        return self.events[len(self.events) - allowed] + self.span - now

    def add(self, now: float) -> None:
        """Record an event."""
        self._trim(now)
        self.events.append(now)
        self.peak = max(self.peak, len(self.events))


class TokenBucket:
    """Allows bursts of `capacity`, refilled at `rate` per second."""

    def __init__(self, rate: float, capacity: int, now: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = float(capacity)
        self.stamp = now

    def wait_time(self, now: float) -> float:
        """Seconds until a token is available."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        """Use one token (after wait_time said 0)."""
        self.tokens -= 1


class SendLimiter:
    """Decides whether a send may go now; measures the peak rate overall and per chat."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.overall = SlidingWindow(1.0)
        self.chat_windows: dict[int, SlidingWindow] = {}
        self.buckets: dict[int, TokenBucket] = {}
        self.groups: dict[int, SlidingWindow] = {}

    def retry_after(self, chat_id: int) -> int | None:
        """None if the send may go now (and it is counted), else whole seconds to wait."""
        now = self.clock()
        if self.limits.enabled:
            waits = [self.overall.wait_time(now, self.limits.per_second)]
            if chat_id < 0:
                group = self.groups.setdefault(chat_id, SlidingWindow(60.0))
                waits.append(group.wait_time(now, self.limits.group_per_minute))
            else:
                bucket = self.buckets.get(chat_id)
                if bucket is None:
                    bucket = TokenBucket(self.limits.chat_per_second, self.limits.chat_burst, now)
                    self.buckets[chat_id] = bucket
                waits.append(bucket.wait_time(now))
            wait = max(waits)
            if wait > 0:
                return max(1, math.ceil(wait))
            if chat_id >= 0:
                self.buckets[chat_id].take()
            else:
                self.groups[chat_id].add(now)
        self.overall.add(now)
        self.chat_windows.setdefault(chat_id, SlidingWindow(1.0)).add(now)
        return None

    def peak_per_chat(self) -> int:
        """The most messages one chat got in any one-second window."""
        return max((window.peak for window in self.chat_windows.values()), default=0)
