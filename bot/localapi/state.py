"""What the local server remembers per bot: users, chats, messages, updates, commands, faults."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from bot.localapi.limits import Limits, SendLimiter


@dataclass(slots=True)
class Fault:
    """The next `count` calls of a method fail with `status`."""

    status: int
    count: int
    retry_after: int = 1


@dataclass(slots=True)
class StoredFile:
    """An uploaded file."""

    file_id: str
    unique_id: str
    name: str
    mime_type: str
    data: bytes


@dataclass
class BotState:
    """Everything one registered bot has on the local server."""

    token: str
    bot_id: int
    username: str
    first_name: str
    limits: Limits
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    updates: list[dict[str, Any]] = field(default_factory=list)
    next_update_id: int = 1
    messages: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    commands: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    open_callbacks: dict[str, int] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    faults: dict[str, list[Fault]] = field(default_factory=lambda: defaultdict(list))
    latency: dict[str, float] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    webhook_url: str = ""
    webhook_secret: str | None = None
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    too_many_requests: int = 0
    poll_generation: int = 0
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.limiter = SendLimiter(self.limits)

    def me(self) -> dict[str, Any]:
        """The bot as a User object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def chat(self, chat_id: int) -> dict[str, Any]:
        """The Chat object of a chat id (private chats are the user's own id)."""
        if chat_id < 0:
            return {"id": chat_id, "type": "group", "title": f"Group {-chat_id}"}
        user = self.users.get(chat_id, {"first_name": "User"})
        chat = {"id": chat_id, "type": "private", "first_name": user.get("first_name", "User")}
        if user.get("username"):
            chat["username"] = user["username"]
        return chat

    def next_message_id(self, chat_id: int) -> int:
        """Message ids count up per chat, as in Telegram."""
        return len(self.messages[chat_id]) + 1

    def find_message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """A message the bot sent, if it exists and is not deleted."""
        stored = self.messages.get(chat_id, [])
        if 1 <= message_id <= len(stored) and not stored[message_id - 1].get("deleted"):
            return stored[message_id - 1]
        return None

    async def add_update(self, body: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for the bot and wake long polls."""
        update = {"update_id": self.next_update_id, **body}
        self.next_update_id += 1
        async with self.changed:
            self.updates.append(update)
            self.changed.notify_all()
        return update

    async def notify(self) -> None:
        """Wake everyone waiting for a change (new messages, updates)."""
        async with self.changed:
            self.changed.notify_all()

    def stats(self) -> dict[str, Any]:
        """Counters for tests and benchmarks."""
        return {
            "calls": dict(self.calls),
            "too_many_requests": self.too_many_requests,
            "messages_per_chat": {str(k): len(v) for k, v in self.messages.items()},
            "peak_per_second": self.limiter.overall.peak,
            "peak_per_chat_per_second": self.limiter.peak_per_chat(),
            "pending_updates": len(self.updates),
        }

    @staticmethod
    def now() -> int:
        """Unix time, as Telegram stamps messages."""
        return int(time.time())
