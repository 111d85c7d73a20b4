"""A Python client of the control API, for tests, benchmarks and `schoolpoort chat`."""

from __future__ import annotations

import json
from typing import Any

import httpx


class ControlError(RuntimeError):
    """The control API refused a request (for example: no such button)."""


class LocalBotApiClient:
    """Plays users against the local Bot API server and reads what chats received."""

    def __init__(self, control_url: str, token: str, timeout: float = 30.0) -> None:
        self._base = f"{control_url.rstrip('/')}/{token}"
        self._http = httpx.AsyncClient(timeout=timeout)

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._http.aclose()

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._http.request(method, self._base + path, **kwargs)
        if response.status_code == 408:
            raise TimeoutError(response.json().get("error", "timed out"))
        if response.status_code >= 400:
            try:
                problem = response.json().get("error", response.text)
            except ValueError:
                problem = response.text
            raise ControlError(f"{response.status_code}: {problem}")
        return response.json()

    async def send_text(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str = "Ouder",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str = "nl",
        chat_id: int | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """A user sends a text (a /command gets its entity), optionally as a Reply to a message."""
        body = {
            "text": text,
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "language_code": language_code,
            "chat_id": chat_id,
            "reply_to": reply_to,
        }
        result: dict[str, Any] = await self._call("POST", f"/users/{user_id}/text", json=body)
        return result

    async def press_button(
        self,
        user_id: int,
        message_id: int,
        *,
        data: str | None = None,
        text: str | None = None,
        index: int | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """Press an existing inline button (by data, label or index); returns the update."""
        body = {
            "message_id": message_id,
            "data": data,
            "text": text,
            "index": index,
            "chat_id": chat_id,
        }
        result: dict[str, Any] = await self._call("POST", f"/users/{user_id}/press", json=body)
        return result

    async def forge_callback(
        self, user_id: int, message_id: int, data: str, *, chat_id: int | None = None
    ) -> dict[str, Any]:
        """TEST ONLY: press any callback data on any message of the chat, as a modified client
        could; returns the update. Real users can only press the buttons a message has."""
        body = {"message_id": message_id, "data": data, "chat_id": chat_id}
        result: dict[str, Any] = await self._call(
            "POST", f"/users/{user_id}/forge_callback", json=body
        )
        return result

    async def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """Everything the bot sent to a chat, as it stands now (edits applied)."""
        result: list[dict[str, Any]] = await self._call("GET", f"/chats/{chat_id}/messages")
        return result

    async def wait_for_messages(
        self, chat_id: int, count: int, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Wait until a chat has at least `count` messages; TimeoutError if it does not."""
        params = {"count": count, "timeout": timeout}
        result: list[dict[str, Any]] = await self._call(
            "GET", f"/chats/{chat_id}/wait", params=params, timeout=timeout + 10
        )
        return result

    async def last_message(self, chat_id: int) -> dict[str, Any] | None:
        """The newest message of a chat, if any."""
        found = await self.messages(chat_id)
        return found[-1] if found else None

    async def callback_answers(self, user_id: int | None = None) -> list[dict[str, Any]]:
        """What the bot answered to button presses."""
        params = {} if user_id is None else {"user_id": user_id}
        result: list[dict[str, Any]] = await self._call("GET", "/callback_answers", params=params)
        return result

    async def commands(
        self, language_code: str | None = None, scope: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """The command menu set with setMyCommands for a scope and language."""
        params: dict[str, str] = {}
        if language_code:
            params["language_code"] = language_code
        if scope:
            params["scope"] = json.dumps(scope)
        result: list[dict[str, Any]] = await self._call("GET", "/commands", params=params)
        return result

    async def register_users(self, users: list[dict[str, Any]]) -> None:
        """Make users known, as if they had started the bot before (no updates are made)."""
        await self._call("POST", "/users", json={"users": users})

    async def block(self, user_id: int) -> None:
        """The user blocks the bot: sends to them get 403."""
        await self._call("POST", f"/users/{user_id}/block")

    async def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        await self._call("POST", f"/users/{user_id}/unblock")

    async def inject_faults(
        self, *, method: str, status: int, count: int = 1, retry_after: int = 1
    ) -> None:
        """The next `count` calls of `method` fail with `status` (429 carries retry_after)."""
        body = {"method": method, "status": status, "count": count, "retry_after": retry_after}
        await self._call("POST", "/faults", json=body)

    async def set_latency(self, method: str, seconds: float) -> None:
        """Delay every answer to `method` (0 switches it off)."""
        await self._call("POST", "/latency", json={"method": method, "seconds": seconds})

    async def clear_faults(self) -> None:
        """Remove injected faults and latency."""
        await self._call("DELETE", "/faults")

    async def stats(self) -> dict[str, Any]:
        """Counters: calls per method, 429s, messages per chat, peak send rates."""
        result: dict[str, Any] = await self._call("GET", "/stats")
        return result

    async def reset(self) -> None:
        """Forget chats, updates and counters of this bot."""
        await self._call("POST", "/reset")
