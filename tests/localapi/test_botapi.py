"""The local Bot API server answered through the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.localapi import ControlError, Limits, LocalBotApiClient, LocalBotApiServer
from bot.localapi.spec import find_spec_file

TOKEN = "777:local-api-test"
USER = 4242


@pytest.fixture
async def server() -> AsyncIterator[LocalBotApiServer]:
    running = LocalBotApiServer(
        port=0, limits=Limits(per_second=5, chat_per_second=1, chat_burst=2)
    )
    running.register_bot(TOKEN, username="test_bot", first_name="Test")
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def client(server: LocalBotApiServer) -> AsyncIterator[LocalBotApiClient]:
    control = LocalBotApiClient(server.control_url, TOKEN)
    await control.send_text(USER, "hallo")  # the user has started the bot
    yield control
    await control.aclose()


def bot_for(server: LocalBotApiServer, token: str = TOKEN) -> Bot:
    return Bot(token, base_url=server.api_base_url, base_file_url=server.file_base_url)


def require_spec() -> None:
    if find_spec_file() is None:
        pytest.skip("the Bot API spec (../shared/telegram) is not on this machine")


async def test_get_me_and_bad_token(server: LocalBotApiServer) -> None:
    async with bot_for(server) as bot:
        assert bot.username == "test_bot"
    with pytest.raises(InvalidToken):
        async with bot_for(server, "1:wrong"):
            pass


async def test_spec_checks_methods_and_fields(
    server: LocalBotApiServer, client: LocalBotApiClient
) -> None:
    require_spec()
    base = f"{server.api_base_url}{TOKEN}"
    async with httpx.AsyncClient() as http:
        unknown = await http.post(f"{base}/sendTelepathy", json={"chat_id": USER})
        assert unknown.status_code == 404
        assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        missing = await http.post(f"{base}/sendMessage", json={"chat_id": USER})
        assert missing.status_code == 400 and "text" in missing.json()["description"]
        mistyped = await http.post(
            f"{base}/sendMessage",
            json={"chat_id": USER, "text": "x", "disable_notification": "maybe"},
        )
        assert (
            mistyped.status_code == 400 and "disable_notification" in mistyped.json()["description"]
        )
        case_insensitive = await http.post(
            f"{base}/SENDMESSAGE", json={"chat_id": USER, "text": "x"}
        )
        assert case_insensitive.json()["ok"] is True
    async with bot_for(server) as bot:
        with pytest.raises(BadRequest, match="text"):
            await bot.send_message(USER, "")


async def test_limits_on_size_and_buttons(
    server: LocalBotApiServer, client: LocalBotApiClient
) -> None:
    async with bot_for(server) as bot:
        await bot.send_message(USER, "x" * 4096)
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(USER, "x" * 4097)
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="x" * 65)]])
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot.send_message(USER, "buttons", reply_markup=markup)


async def test_rate_limit_answers_retry_after(
    server: LocalBotApiServer, client: LocalBotApiClient
) -> None:
    async with bot_for(server) as bot:
        await bot.send_message(USER, "1")
        await bot.send_message(USER, "2")  # burst of 2 per chat
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(USER, "3")
    retry = caught.value.retry_after
    assert (retry if isinstance(retry, int) else retry.total_seconds()) >= 1
    assert (await client.stats())["too_many_requests"] == 1


async def test_blocked_user_and_unknown_chat(
    server: LocalBotApiServer, client: LocalBotApiClient
) -> None:
    await client.block(USER)
    async with bot_for(server) as bot:
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(USER, "hallo")
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(999_999, "hallo")


async def test_html_is_parsed_like_telegram(
    server: LocalBotApiServer, client: LocalBotApiClient
) -> None:
    async with bot_for(server) as bot:
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(USER, "<script>alert(1)</script>", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(USER, "<b>open", parse_mode=ParseMode.HTML)
        sent = await bot.send_message(
            USER, "&lt;script&gt; <b>vet</b> 😀 <i>x</i>", parse_mode=ParseMode.HTML
        )
    assert sent.text == "<script> vet 😀 x"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 9, 3),
        ("italic", 16, 1),
    ]


async def test_conversation_through_ptb_application(
    server: LocalBotApiServer, client: LocalBotApiClient
) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="ja")]])
        await update.effective_message.reply_text(f"args={context.args}", reply_markup=keyboard)

    async def pressed(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("dank")
        await update.callback_query.edit_message_text("gekozen: " + str(update.callback_query.data))

    app = Application.builder().token(TOKEN).base_url(server.api_base_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await client.send_text(USER, "/start ABC-123")
        [question] = await client.wait_for_messages(USER, 1, timeout=5)
        assert question["text"] == "args=['ABC-123']"
        await client.press_button(USER, question["message_id"], text="Ja")
        for _ in range(50):
            if (await client.messages(USER))[0]["text"] == "gekozen: ja":
                break
            await asyncio.sleep(0.05)
        assert (await client.messages(USER))[0]["text"] == "gekozen: ja"
        assert (await client.callback_answers(USER))[-1]["text"] == "dank"
        with pytest.raises(ControlError, match="no such button"):
            await client.press_button(USER, question["message_id"], data="nee")
        await app.updater.stop()
        await app.stop()


async def test_updates_stay_until_confirmed(
    server: LocalBotApiServer, client: LocalBotApiClient
) -> None:
    async with bot_for(server) as bot:
        first = await bot.get_updates(timeout=0)
        assert [u.message.text for u in first if u.message] == ["hallo"]
        again = await bot.get_updates(timeout=0)  # not confirmed: a restarted bot sees it again
        assert [u.update_id for u in again] == [u.update_id for u in first]
        confirmed = await bot.get_updates(offset=first[-1].update_id + 1, timeout=0)
        assert confirmed == ()
        waiting = asyncio.create_task(bot.get_updates(offset=first[-1].update_id + 1, timeout=5))
        await asyncio.sleep(0.1)
        await client.send_text(USER, "later")
        late = await asyncio.wait_for(waiting, 3)
        assert [u.message.text for u in late if u.message] == ["later"]


async def test_second_poller_gets_conflict(
    server: LocalBotApiServer, client: LocalBotApiClient
) -> None:
    async with bot_for(server) as first, bot_for(server) as second:
        offset = (await first.get_updates(timeout=0))[-1].update_id + 1
        polling = asyncio.create_task(first.get_updates(offset=offset, timeout=5))
        await asyncio.sleep(0.1)
        other = asyncio.create_task(second.get_updates(offset=offset, timeout=1))
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await asyncio.wait_for(polling, 3)
        assert await other == ()


async def test_webhook_delivery_with_secret(
    server: LocalBotApiServer, client: LocalBotApiClient
) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with bot_for(server) as bot:
            await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
            with pytest.raises(Conflict, match="webhook is active"):
                await bot.get_updates(timeout=0)
            await client.send_text(USER, "via webhook")
            for _ in range(100):
                if len(received) >= 2:
                    break
                await asyncio.sleep(0.05)
            assert [secret for secret, _ in received] == ["s3cret", "s3cret"]
            assert received[-1][1]["message"]["text"] == "via webhook"  # type: ignore[index]
            assert (await bot.get_webhook_info()).pending_update_count == 0
            await bot.delete_webhook()
            assert await bot.get_updates(timeout=0) == ()
    finally:
        await runner.cleanup()


async def test_files_round_trip(
    server: LocalBotApiServer, client: LocalBotApiClient, tmp_path: Path
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    async with bot_for(server) as bot:
        photo = await bot.send_photo(USER, png, caption="<b>grafiek</b>", parse_mode=ParseMode.HTML)
        document = await bot.send_document(USER, b"a;b\n1;2\n", filename="gegevens.csv")
        assert photo.caption == "grafiek" and document.document is not None
        assert document.document.file_name == "gegevens.csv"
        downloaded = await (await bot.get_file(document.document.file_id)).download_as_bytearray()
        assert bytes(downloaded) == b"a;b\n1;2\n"
        await client.send_text(USER + 1, "ik ook")
        again = await bot.send_photo(USER + 1, photo.photo[-1].file_id)
        assert again.photo[-1].file_id == photo.photo[-1].file_id
    kinds = [
        "photo" if "photo" in m else "document" if "document" in m else "text"
        for m in await client.messages(USER)
    ]
    assert kinds == ["photo", "document"]
    assert "photo" in (await client.messages(USER + 1))[0]


async def test_commands_per_language_and_scope(
    server: LocalBotApiServer, client: LocalBotApiClient
) -> None:
    from telegram import BotCommand, BotCommandScopeChat

    async with bot_for(server) as bot:
        await bot.set_my_commands([BotCommand("help", "Hulp")], language_code="nl")
        await bot.set_my_commands([BotCommand("help", "مساعدة")], scope=BotCommandScopeChat(USER))
        assert [c.description for c in await bot.get_my_commands(language_code="nl")] == ["Hulp"]
        with pytest.raises(BadRequest):
            await bot.set_my_commands([BotCommand("Bad Name", "x")])
    assert (await client.commands(language_code="nl"))[0]["description"] == "Hulp"
    scoped = await client.commands(scope={"type": "chat", "chat_id": USER})
    assert scoped[0]["description"] == "مساعدة"


async def test_injected_faults_and_latency(
    server: LocalBotApiServer, client: LocalBotApiClient
) -> None:
    await client.inject_faults(method="sendMessage", status=500, count=1)
    await client.inject_faults(method="sendMessage", status=429, count=1, retry_after=7)
    async with bot_for(server) as bot:
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "a")
        with pytest.raises(RetryAfter):
            await bot.send_message(USER, "b")
        await client.set_latency("sendMessage", 0.5)
        with pytest.raises(NetworkError):  # TimedOut is a NetworkError
            await bot.send_message(USER, "c", read_timeout=0.1)
        await client.clear_faults()
        assert (await bot.send_message(USER, "d")).text == "d"
