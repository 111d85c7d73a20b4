"""The local Bot API server: Telegram's HTTP API for python-telegram-bot, plus a control API."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

import aiohttp
from aiohttp import web

from bot.localapi import control
from bot.localapi.limits import Limits
from bot.localapi.methods import HARMLESS, METHODS
from bot.localapi.spec import BotApiSpec, RequestError, UploadedFile
from bot.localapi.state import BotState

logger = logging.getLogger(__name__)


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)


async def _params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.body_exists:
        return params
    kind = request.content_type
    if kind == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
    elif kind == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                continue
            if part.filename:
                data = await part.read()
                upload = UploadedFile(
                    part.filename,
                    part.headers.get("Content-Type", "application/octet-stream"),
                    bytes(data),
                )
                params[part.name] = upload
            else:
                params[part.name] = await part.text()
    else:
        params.update(await request.post())
    # Multipart uploads may be referenced as attach://name.
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.get(value.removeprefix("attach://"), value)
    return params


class LocalBotApiServer:
    """Serves the Bot API for registered bots on 127.0.0.1, checked against the official spec."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        limits: Limits | None = None,
        spec_path: Any = None,
    ) -> None:
        self.host = host
        self.port = port
        self.limits = limits or Limits()
        self.spec = BotApiSpec.load(spec_path)
        self.bots: dict[str, BotState] = {}
        self._runner: web.AppRunner | None = None
        self._webhooks: asyncio.Task[None] | None = None
        self._next_bot_id = 7_000_000_001

    def register_bot(self, token: str, username: str = "local_bot", first_name: str = "Bot") -> int:
        """Make a token known; returns the bot's user id."""
        if token not in self.bots:
            self.bots[token] = BotState(token, self._next_bot_id, username, first_name, self.limits)
            self._next_bot_id += 1
        return self.bots[token].bot_id

    @property
    def api_base_url(self) -> str:
        """Base URL for python-telegram-bot's `base_url`."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def file_base_url(self) -> str:
        """Base URL for python-telegram-bot's `base_file_url`."""
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def control_url(self) -> str:
        """Base URL of the control API."""
        return f"http://{self.host}:{self.port}/control"

    def app(self) -> web.Application:
        """The aiohttp application."""
        application = web.Application(client_max_size=60 * 1024 * 1024)
        application.router.add_route("*", r"/bot{token}/{method}", self._bot_api)
        application.router.add_get(r"/file/bot{token}/{path:.+}", self._file)
        control.add_routes(application, self)
        return application

    async def start(self) -> None:
        """Listen; with port 0 a free port is chosen and stored in `port`."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        if self.port == 0 and server is not None:
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self._webhooks = asyncio.create_task(self._deliver_webhooks())
        logger.info(
            "local Bot API server on %s:%s (spec %s)",
            self.host,
            self.port,
            self.spec.version if self.spec.enabled else "not loaded",
        )

    async def stop(self) -> None:
        """Stop listening and end long polls."""
        if self._webhooks:
            self._webhooks.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhooks
        if self._runner:
            await self._runner.cleanup()

    def state(self, token: str) -> BotState:
        """The state of a registered bot (KeyError if unknown)."""
        return self.bots[token]

    async def _bot_api(self, request: web.Request) -> web.StreamResponse:
        state = self.bots.get(request.match_info["token"])
        if state is None:
            return _error(401, "Unauthorized")
        method = request.match_info["method"].lower()
        if not self.spec.knows(method):
            return _error(404, "Not Found")
        try:
            params = self.spec.check(method, await _params(request))
            state.calls[self.spec.canonical(method)] += 1
            await self._faults(state, method)
            handler = METHODS.get(method)
            if handler is not None:
                result = await handler(state, params)
            elif method in HARMLESS:
                result = True
            else:
                raise RequestError(400, "Bad Request: method not supported by the local server")
        except RequestError as error:
            return _error(error.status, error.description, error.retry_after)
        except (ValueError, json.JSONDecodeError):
            return _error(400, "Bad Request: can't parse request")
        return web.json_response({"ok": True, "result": result})

    async def _faults(self, state: BotState, method: str) -> None:
        delay = state.latency.get(method, 0.0)
        if delay:
            await asyncio.sleep(delay)
        queue = state.faults.get(method)
        if queue:
            fault = queue[0]
            fault.count -= 1
            if fault.count <= 0:
                queue.pop(0)
            if fault.status == 429:
                state.too_many_requests += 1
                raise RequestError(
                    429, f"Too Many Requests: retry after {fault.retry_after}", fault.retry_after
                )
            descriptions = {
                403: "Forbidden: bot was blocked by the user",
                400: "Bad Request: injected fault",
                502: "Bad Gateway",
                500: "Internal Server Error",
            }
            raise RequestError(fault.status, descriptions.get(fault.status, "Injected fault"))

    async def _file(self, request: web.Request) -> web.StreamResponse:
        state = self.bots.get(request.match_info["token"])
        if state is None:
            return _error(401, "Unauthorized")
        stored = state.files.get(request.match_info["path"])
        if stored is None:
            return _error(404, "Not Found")
        return web.Response(body=stored.data, content_type=stored.mime_type)

    async def _deliver_webhooks(self) -> None:
        async with aiohttp.ClientSession() as session:
            while True:
                sent_any = False
                for state in self.bots.values():
                    if not state.webhook_url or not state.updates:
                        continue
                    update = state.updates[0]
                    headers = {}
                    if state.webhook_secret:
                        headers["X-Telegram-Bot-Api-Secret-Token"] = state.webhook_secret
                    try:
                        async with session.post(
                            state.webhook_url,
                            json=update,
                            headers=headers,
                            timeout=aiohttp.ClientTimeout(total=10),
                        ) as response:
                            if (
                                200 <= response.status < 300
                                and state.updates
                                and state.updates[0] is update
                            ):
                                state.updates.pop(0)
                                sent_any = True
                    except (aiohttp.ClientError, TimeoutError):
                        pass
                if not sent_any:
                    await asyncio.sleep(0.05)
