"""The Bot API methods the local server carries out, on one bot's state."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from bot.localapi.htmltext import ParsedText, check_markdown_v2, parse_html, utf16_len
from bot.localapi.spec import RequestError, UploadedFile
from bot.localapi.state import BotState, StoredFile

Method = Callable[[BotState, dict[str, Any]], Awaitable[Any]]
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


def _int(params: dict[str, Any], name: str) -> int:
    try:
        return int(params[name])
    except (KeyError, TypeError, ValueError):
        raise RequestError(400, f"Bad Request: {name} is empty or invalid") from None


def _chat_id(state: BotState, params: dict[str, Any]) -> int:
    chat_id = _int(params, "chat_id")
    if chat_id > 0 and chat_id not in state.users:
        raise RequestError(400, "Bad Request: chat not found")
    return chat_id


def _formatted(
    state: BotState, text: str, parse_mode: str | None, limit: int, what: str
) -> ParsedText:
    mode = (parse_mode or "").lower()
    if mode == "html":
        parsed = parse_html(text)
    elif mode == "markdownv2":
        parsed = check_markdown_v2(text)
    else:
        parsed = ParsedText(text)
    if not parsed.text.strip():
        raise RequestError(400, f"Bad Request: {what} is empty")
    if state.limits.enabled and utf16_len(parsed.text) > limit:
        raise RequestError(400, f"Bad Request: {what} is too long")
    return parsed


def _markup(state: BotState, params: dict[str, Any]) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    if not markup:
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if (
                data is not None
                and not 1 <= len(str(data).encode()) <= state.limits.max_callback_data
            ):
                raise RequestError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not str(button.get("text", "")).strip():
                raise RequestError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
    return dict(markup)


def _check_send(state: BotState, chat_id: int) -> None:
    if chat_id in state.blocked:
        raise RequestError(403, "Forbidden: bot was blocked by the user")
    wait = state.limiter.retry_after(chat_id)
    if wait is not None:
        state.too_many_requests += 1
        raise RequestError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)


async def _store(state: BotState, chat_id: int, message: dict[str, Any]) -> dict[str, Any]:
    state.messages[chat_id].append(message)
    await state.notify()
    return message


def _base(state: BotState, chat_id: int) -> dict[str, Any]:
    return {
        "message_id": state.next_message_id(chat_id),
        "from": state.me(),
        "chat": state.chat(chat_id),
        "date": state.now(),
    }


async def send_message(state: BotState, params: dict[str, Any]) -> dict[str, Any]:
    chat_id = _chat_id(state, params)
    text = str(params.get("text", ""))
    parsed = _formatted(
        state, text, params.get("parse_mode"), state.limits.max_text, "message text"
    )
    markup = _markup(state, params)
    _check_send(state, chat_id)
    message = {**_base(state, chat_id), "text": parsed.text}
    if parsed.entities:
        message["entities"] = parsed.entities
    if markup:
        message["reply_markup"] = markup
    return await _store(state, chat_id, message)


def _file(state: BotState, value: Any, kind: str) -> StoredFile:
    if isinstance(value, UploadedFile):
        file_id = f"{kind}-{secrets.token_hex(8)}"
        stored = StoredFile(
            file_id, secrets.token_hex(4), value.filename, value.content_type, value.data
        )
        state.files[file_id] = stored
        return stored
    if isinstance(value, str) and value in state.files:
        return state.files[value]
    raise RequestError(400, "Bad Request: wrong file identifier/HTTP URL specified")


async def _send_file(state: BotState, params: dict[str, Any], kind: str) -> dict[str, Any]:
    chat_id = _chat_id(state, params)
    stored = _file(state, params.get(kind), kind)
    caption = params.get("caption")
    parsed = (
        _formatted(
            state, str(caption), params.get("parse_mode"), state.limits.max_caption, "caption"
        )
        if caption
        else None
    )
    markup = _markup(state, params)
    _check_send(state, chat_id)
    message = _base(state, chat_id)
    size = len(stored.data)
    if kind == "photo":
        message["photo"] = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.unique_id,
                "width": 800,
                "height": 600,
                "file_size": size,
            }
        ]
    else:
        message["document"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_name": stored.name,
            "mime_type": stored.mime_type,
            "file_size": size,
        }
    if parsed:
        message["caption"] = parsed.text
        if parsed.entities:
            message["caption_entities"] = parsed.entities
    if markup:
        message["reply_markup"] = markup
    return await _store(state, chat_id, message)


async def send_photo(state: BotState, params: dict[str, Any]) -> dict[str, Any]:
    return await _send_file(state, params, "photo")


async def send_document(state: BotState, params: dict[str, Any]) -> dict[str, Any]:
    return await _send_file(state, params, "document")


def _target(state: BotState, params: dict[str, Any]) -> dict[str, Any]:
    if "inline_message_id" in params:
        raise RequestError(
            400, "Bad Request: inline messages are not supported by the local server"
        )
    message = state.find_message(_int(params, "chat_id"), _int(params, "message_id"))
    if message is None:
        raise RequestError(400, "Bad Request: message to edit not found")
    return message


async def edit_message_text(state: BotState, params: dict[str, Any]) -> dict[str, Any]:
    message = _target(state, params)
    parsed = _formatted(
        state,
        str(params.get("text", "")),
        params.get("parse_mode"),
        state.limits.max_text,
        "message text",
    )
    markup = _markup(state, params)
    if (
        parsed.text == message.get("text")
        and markup == message.get("reply_markup")
        and parsed.entities == message.get("entities", [])
    ):
        raise RequestError(
            400,
            NOT_MODIFIED,
        )
    message["text"] = parsed.text
    message["entities"] = parsed.entities
    if not parsed.entities:
        message.pop("entities")
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)
    message["edit_date"] = state.now()
    await state.notify()
    return message


async def edit_message_reply_markup(state: BotState, params: dict[str, Any]) -> dict[str, Any]:
    message = _target(state, params)
    markup = _markup(state, params)
    if markup == message.get("reply_markup"):
        raise RequestError(
            400,
            NOT_MODIFIED,
        )
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)
    message["edit_date"] = state.now()
    await state.notify()
    return message


async def delete_message(state: BotState, params: dict[str, Any]) -> bool:
    message = _target(state, params)
    message["deleted"] = True
    await state.notify()
    return True


async def answer_callback_query(state: BotState, params: dict[str, Any]) -> bool:
    query_id = str(params.get("callback_query_id", ""))
    user_id = state.open_callbacks.pop(query_id, None)
    if user_id is None:
        raise RequestError(
            400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
        )
    state.callback_answers.append(
        {
            "user_id": user_id,
            "text": params.get("text"),
            "show_alert": bool(params.get("show_alert", False)),
        }
    )
    await state.notify()
    return True


def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    if isinstance(scope, str):
        scope = json.loads(scope)
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


async def set_my_commands(state: BotState, params: dict[str, Any]) -> bool:
    commands = params.get("commands")
    if isinstance(commands, str):
        commands = json.loads(commands)
    if not isinstance(commands, list) or len(commands) > 100:
        raise RequestError(400, "Bad Request: commands must be a list of at most 100 commands")
    for command in commands:
        name = str(command.get("command", ""))
        if (
            not (1 <= len(name) <= 32)
            or not name.replace("_", "").isalnum()
            or name.lower() != name
        ):
            raise RequestError(400, "Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise RequestError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
    state.commands[_scope_key(params)] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


async def get_my_commands(state: BotState, params: dict[str, Any]) -> list[dict[str, Any]]:
    return state.commands.get(_scope_key(params), [])


async def delete_my_commands(state: BotState, params: dict[str, Any]) -> bool:
    state.commands.pop(_scope_key(params), None)
    return True


async def get_me(state: BotState, params: dict[str, Any]) -> dict[str, Any]:
    return state.me()


async def get_chat(state: BotState, params: dict[str, Any]) -> dict[str, Any]:
    return {**state.chat(_chat_id(state, params)), "accent_color_id": 0, "max_reaction_count": 11}


async def send_chat_action(state: BotState, params: dict[str, Any]) -> bool:
    _chat_id(state, params)
    return True


async def get_file(state: BotState, params: dict[str, Any]) -> dict[str, Any]:
    stored = state.files.get(str(params.get("file_id", "")))
    if stored is None:
        raise RequestError(400, "Bad Request: invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_id,
    }


async def get_updates(state: BotState, params: dict[str, Any]) -> list[dict[str, Any]]:
    if state.webhook_url:
        raise RequestError(
            409,
            WEBHOOK_ACTIVE,
        )
    offset = int(params.get("offset") or 0)
    limit = max(1, min(100, int(params.get("limit") or 100)))
    timeout = max(0.0, min(50.0, float(params.get("timeout") or 0)))
    allowed = params.get("allowed_updates")
    if offset < 0:
        state.updates = state.updates[offset:]
    elif offset:
        state.updates = [u for u in state.updates if u["update_id"] >= offset]

    def ready() -> list[dict[str, Any]]:
        found = state.updates
        if allowed:
            found = [u for u in found if any(key in u for key in allowed)]
        return found[:limit]

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with state.changed:
        state.poll_generation += 1
        generation = state.poll_generation
        state.changed.notify_all()  # an earlier poll of this bot now ends with 409
        while True:
            if state.poll_generation != generation:
                raise RequestError(
                    409,
                    OTHER_POLL,
                )
            found = ready()
            remaining = deadline - loop.time()
            if found or remaining <= 0:
                return found
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(state.changed.wait(), remaining)


async def set_webhook(state: BotState, params: dict[str, Any]) -> bool:
    url = str(params.get("url", ""))
    if url and not url.startswith(("http://", "https://")):
        raise RequestError(400, "Bad Request: bad webhook: invalid URL")
    if params.get("drop_pending_updates"):
        state.updates.clear()
    state.webhook_url = url
    state.webhook_secret = params.get("secret_token")
    state.poll_generation += 1
    await state.notify()
    return True


async def delete_webhook(state: BotState, params: dict[str, Any]) -> bool:
    state.webhook_url = ""
    state.webhook_secret = None
    if params.get("drop_pending_updates"):
        state.updates.clear()
    await state.notify()
    return True


async def get_webhook_info(state: BotState, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": state.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }


METHODS: dict[str, Method] = {
    "getme": get_me,
    "getupdates": get_updates,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": get_webhook_info,
    "sendmessage": send_message,
    "sendphoto": send_photo,
    "senddocument": send_document,
    "editmessagetext": edit_message_text,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "answercallbackquery": answer_callback_query,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "getchat": get_chat,
    "sendchataction": send_chat_action,
    "getfile": get_file,
}
HARMLESS = {
    "close",
    "logout",
    "setmydescription",
    "setmyshortdescription",
    "setmyname",
    "setchatmenubutton",
}
