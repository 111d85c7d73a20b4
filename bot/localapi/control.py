"""The control API: play a user (send text, press a button) and read what chats received."""

from __future__ import annotations

import asyncio
import json
import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.localapi.htmltext import utf16_len
from bot.localapi.state import BotState, Fault

if TYPE_CHECKING:
    from bot.localapi.server import LocalBotApiServer


def _user(user_id: int, body: dict[str, Any]) -> dict[str, Any]:
    user: dict[str, Any] = {
        "id": user_id,
        "is_bot": False,
        "first_name": body.get("first_name") or "User",
        "language_code": body.get("language_code") or "nl",
    }
    for key in ("last_name", "username"):
        if body.get(key):
            user[key] = body[key]
    return user


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    markup = message.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def _problem(text: str, status: int = 400) -> web.Response:
    return web.json_response({"error": text}, status=status)


async def _callback_query(
    state: BotState,
    user_id: int,
    chat_id: int,
    message: dict[str, Any],
    data: str,
    body: dict[str, Any],
) -> dict[str, Any]:
    """Queue a callback_query update of `user_id` pressing `data` on `message`."""
    user = state.users.get(user_id) or _user(user_id, body)
    query_id = secrets.token_hex(8)
    state.open_callbacks[query_id] = user_id
    return await state.add_update(
        {
            "callback_query": {
                "id": query_id,
                "from": user,
                "message": message,
                "chat_instance": str(chat_id),
                "data": data,
            }
        }
    )


def add_routes(app: web.Application, server: LocalBotApiServer) -> None:
    """Register the control routes for `server`."""

    def state_of(request: web.Request) -> BotState:
        try:
            return server.state(request.match_info["token"])
        except KeyError:
            raise web.HTTPNotFound(text="unknown bot token") from None

    async def send_text(request: web.Request) -> web.Response:
        state = state_of(request)
        user_id = int(request.match_info["user_id"])
        body = await request.json()
        user = _user(user_id, body)
        state.users[user_id] = user
        chat_id = int(body.get("chat_id") or user_id)
        text = str(body.get("text", ""))
        message: dict[str, Any] = {
            "message_id": 10_000_000 + next(state.counter),
            "from": user,
            "chat": state.chat(chat_id),
            "date": state.now(),
            "text": text,
        }
        if body.get("reply_to"):
            replied = state.find_message(chat_id, int(body["reply_to"]))
            if replied is None:
                return _problem("no such message to reply to")
            message["reply_to_message"] = replied
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        return web.json_response(await state.add_update({"message": message}))

    async def press(request: web.Request) -> web.Response:
        state = state_of(request)
        user_id = int(request.match_info["user_id"])
        body = await request.json()
        chat_id = int(body.get("chat_id") or user_id)
        message = state.find_message(chat_id, int(body.get("message_id", 0)))
        if message is None:
            return _problem("no such message in this chat")
        buttons = _buttons(message)
        chosen = None
        if body.get("data") is not None:
            chosen = next((b for b in buttons if b.get("callback_data") == body["data"]), None)
        elif body.get("text") is not None:
            chosen = next((b for b in buttons if b.get("text") == body["text"]), None)
        elif body.get("index") is not None and 0 <= int(body["index"]) < len(buttons):
            chosen = buttons[int(body["index"])]
        if chosen is None or "callback_data" not in chosen:
            return _problem("that message has no such button")
        update = await _callback_query(
            state, user_id, chat_id, message, chosen["callback_data"], body
        )
        return web.json_response(update)

    async def forge_callback(request: web.Request) -> web.Response:
        """TEST ONLY: a button press with any callback data, on any message of the chat.

        Telegram (and `press` above) only lets a user press buttons that are on the message.
        A modified client may still try other data, so tests use this to check that the bot
        refuses presses that are well-formed but not the user's. Body: `message_id`, `data`
        (any string), optionally `chat_id`. Not for local mode or `schoolpoort chat`.
        """
        state = state_of(request)
        user_id = int(request.match_info["user_id"])
        body = await request.json()
        chat_id = int(body.get("chat_id") or user_id)
        message = state.find_message(chat_id, int(body.get("message_id", 0)))
        if message is None:
            return _problem("no such message in this chat")
        data = body.get("data")
        if not isinstance(data, str):
            return _problem("data must be a string")
        update = await _callback_query(state, user_id, chat_id, message, data, body)
        return web.json_response(update)

    async def messages(request: web.Request) -> web.Response:
        state = state_of(request)
        return web.json_response(state.messages.get(int(request.match_info["chat_id"]), []))

    async def wait(request: web.Request) -> web.Response:
        state = state_of(request)
        chat_id = int(request.match_info["chat_id"])
        count = int(request.query.get("count", "1"))
        timeout = float(request.query.get("timeout", "5"))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with state.changed:
            while len(state.messages.get(chat_id, [])) < count:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return _problem("timed out waiting for messages", 408)
                try:
                    await asyncio.wait_for(state.changed.wait(), remaining)
                except TimeoutError:
                    continue
        return web.json_response(state.messages.get(chat_id, []))

    async def callback_answers(request: web.Request) -> web.Response:
        state = state_of(request)
        user = request.query.get("user_id")
        answers = [a for a in state.callback_answers if user is None or a["user_id"] == int(user)]
        return web.json_response(answers)

    async def commands(request: web.Request) -> web.Response:
        state = state_of(request)
        scope = request.query.get("scope") or '{"type": "default"}'
        key = (
            json.dumps(json.loads(scope), sort_keys=True),
            request.query.get("language_code", ""),
        )
        return web.json_response(state.commands.get(key, []))

    async def register_users(request: web.Request) -> web.Response:
        state = state_of(request)
        body = await request.json()
        for entry in body.get("users", []):
            state.users[int(entry["id"])] = _user(int(entry["id"]), entry)
        return web.json_response({"ok": True, "users": len(state.users)})

    async def block(request: web.Request) -> web.Response:
        state = state_of(request)
        user_id = int(request.match_info["user_id"])
        if request.match_info["action"] == "block":
            state.blocked.add(user_id)
        else:
            state.blocked.discard(user_id)
        return web.json_response({"ok": True})

    async def faults(request: web.Request) -> web.Response:
        state = state_of(request)
        if request.method == "DELETE":
            state.faults.clear()
            state.latency.clear()
            return web.json_response({"ok": True})
        body = await request.json()
        method = str(body["method"]).lower()
        state.faults[method].append(
            Fault(int(body["status"]), int(body.get("count", 1)), int(body.get("retry_after", 1)))
        )
        return web.json_response({"ok": True})

    async def latency(request: web.Request) -> web.Response:
        state = state_of(request)
        body = await request.json()
        state.latency[str(body["method"]).lower()] = float(body.get("seconds", 0))
        return web.json_response({"ok": True})

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(state_of(request).stats())

    async def reset(request: web.Request) -> web.Response:
        state = state_of(request)
        token = state.token
        fresh = BotState(token, state.bot_id, state.username, state.first_name, state.limits)
        server.bots[token] = fresh
        await state.notify()
        return web.json_response({"ok": True})

    base = "/control/{token}"
    app.router.add_post(base + "/users/{user_id}/text", send_text)
    app.router.add_post(base + "/users/{user_id}/press", press)
    app.router.add_post(base + "/users/{user_id}/forge_callback", forge_callback)  # tests only
    app.router.add_post(base + "/users/{user_id}/{action:block|unblock}", block)
    app.router.add_post(base + "/users", register_users)
    app.router.add_get(base + "/chats/{chat_id}/messages", messages)
    app.router.add_get(base + "/chats/{chat_id}/wait", wait)
    app.router.add_get(base + "/callback_answers", callback_answers)
    app.router.add_get(base + "/commands", commands)
    app.router.add_route("*", base + "/faults", faults)
    app.router.add_post(base + "/latency", latency)
    app.router.add_get(base + "/stats", stats)
    app.router.add_post(base + "/reset", reset)
