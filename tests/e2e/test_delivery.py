"""Broadcasts through the outbox and the real PTB client: languages, faults, quiet hours, reads."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from babel.dates import format_date
from sqlalchemy import select

from berichten import outbox
from berichten.models import Chat, ChatStatus, Delivery, DeliveryState, Message, School
from berichten.pacing import SendPacer
from berichten.translation import Translator
from bot.delivery import DeliverySettings, DeliveryWorker
from bot.messages_cli import confirmed_by
from tests.e2e.harness import TZ, Harness, buttons, join_parent

FAMILIES = {
    1001: ("Ouder NL", "nl"),
    1002: ("Ouder AR", "ar"),
    1003: ("Ouder TR", "tr"),
    1004: ("Ouder PL", "pl"),
}
TRIP = {
    "date": "2026-12-11",
    "what": "naar de kinderboerderij",
    "time": "08:30",
    "end_time": "14:00",
    "place": "Kinderboerderij De Wei",
    "contact": "juf Sanne",
}


def make_worker(harness: Harness, **tuning: Any) -> DeliveryWorker:
    assert harness.application is not None
    settings = DeliverySettings(backoff_base=0.01, idle_poll=0.05, **tuning)
    return DeliveryWorker(
        harness.application.bot,
        harness.db,
        harness.clock,
        TZ,
        Translator("none"),
        SendPacer(per_second=500, chat_interval=0.0),
        settings,
    )


async def school_with_families(harness: Harness) -> int:
    csv = "groep,ouder\n" + "".join(f"5b,{name}\n" for name, _ in FAMILIES.values())
    codes = await harness.import_parents(csv)
    for user_id, (name, language) in FAMILIES.items():
        await join_parent(harness, user_id, codes[name], language)
    async with harness.db.transaction() as session:
        school_id = await session.scalar(select(School.id))
    assert school_id is not None
    return school_id


async def queue(harness: Harness, school_id: int, **kwargs: Any) -> int:
    async with harness.db.transaction() as session:
        message = await outbox.enqueue(
            session, school_id=school_id, group_ids=None, now=harness.clock.now(), **kwargs
        )
    return message.id


async def run_until_done(
    harness: Harness, worker: DeliveryWorker, message_id: int, rounds: int = 60
) -> outbox.DeliveryReport:
    for _ in range(rounds):
        await worker.step()
        async with harness.db.transaction() as session:
            state = await outbox.report(session, message_id)
        if state.finished:
            return state
        harness.clock.advance(timedelta(seconds=5))
    raise AssertionError(f"not finished: {state}")


async def last_text(harness: Harness, user_id: int) -> str:
    return str((await harness.messages(user_id))[-1]["text"])


async def test_class_message_arrives_in_four_languages(harness: Harness) -> None:
    school_id = await school_with_families(harness)
    message_id = await queue(harness, school_id, template_key="uitje", fields=TRIP)
    state = await run_until_done(harness, make_worker(harness), message_id)
    assert (state.total, state.sent) == (4, 4)
    nl = await last_text(harness, 1001)
    assert nl.startswith(
        "Uitstapje\nOp vrijdag 11 december 2026 gaat de groep op uitstapje: naar de kinderboerderij."
    )
    assert "vrijdag 11 december 2026" in nl and "Vragen? Vraag het juf Sanne." in nl
    for user_id, (_, language) in FAMILIES.items():
        text = await last_text(harness, user_id)
        assert format_date(datetime(2026, 12, 11).date(), "full", locale=language) in text
        assert "📍 Kinderboerderij De Wei" in text and "🕗" in text
        if language != "nl":
            # Translation is off: the free words stay Dutch, with a note in the parent's language.
            assert "naar de kinderboerderij" in text
    arabic = await last_text(harness, 1002)
    assert all(line.startswith("\u200f") for line in arabic.split("\n") if line)
    assert "رحلة" in arabic


async def test_storm_of_429_pauses_and_then_delivers(harness: Harness) -> None:
    school_id = await school_with_families(harness)
    assert harness.client is not None
    await harness.client.inject_faults(method="sendMessage", status=429, count=3, retry_after=1)
    message_id = await queue(harness, school_id, template_key="gym", fields={"date": "2026-12-01"})
    worker = make_worker(harness)
    state = await run_until_done(harness, worker, message_id)
    assert isinstance(worker.pacer, SendPacer)
    assert state.sent == 4 and worker.stats.rate_limited == 3 and worker.pacer.pauses == 3
    stats = await harness.client.stats()
    assert stats["too_many_requests"] >= 3


async def test_server_errors_retry_with_backoff_then_fail(harness: Harness) -> None:
    school_id = await school_with_families(harness)
    assert harness.client is not None
    await harness.client.inject_faults(method="sendMessage", status=500, count=2)
    first = await queue(harness, school_id, template_key="gym", fields={"date": "2026-12-01"})
    worker = make_worker(harness, max_attempts=3)
    state = await run_until_done(harness, worker, first)
    assert state.sent == 4 and worker.stats.retried == 2
    await harness.client.inject_faults(method="sendMessage", status=502, count=100)
    second = await queue(harness, school_id, template_key="gym", fields={"date": "2026-12-08"})
    state = await run_until_done(harness, worker, second)
    assert (state.sent, state.failed) == (0, 4)
    async with harness.db.transaction() as session:
        errors = set(
            await session.scalars(select(Delivery.error).where(Delivery.message_id == second))
        )
    assert errors and all(error and error.startswith("gave up after 3 tries") for error in errors)
    await harness.client.clear_faults()


async def test_timeouts_are_retried(harness: Harness) -> None:
    school_id = await school_with_families(harness)
    assert harness.client is not None
    await harness.client.set_latency("sendMessage", 1.5)
    message_id = await queue(harness, school_id, template_key="gym", fields={"date": "2026-12-01"})
    worker = make_worker(harness, read_timeout=0.3)
    await worker.step()
    async with harness.db.transaction() as session:
        attempts = list(
            await session.scalars(
                select(Delivery.attempts).where(Delivery.message_id == message_id)
            )
        )
    assert attempts == [1, 1, 1, 1] and worker.stats.retried == 4
    await harness.client.set_latency("sendMessage", 0)
    state = await run_until_done(harness, worker, message_id)
    assert state.sent == 4


async def test_blocked_parent_is_marked_and_reported(harness: Harness) -> None:
    school_id = await school_with_families(harness)
    assert harness.client is not None
    await harness.client.block(1003)
    message_id = await queue(
        harness, school_id, template_key="gym", fields={"date": "2026-12-01"}, sender_chat_id=1001
    )
    state = await run_until_done(harness, make_worker(harness), message_id)
    assert (state.sent, state.blocked) == (3, 1)
    async with harness.db.transaction() as session:
        chat = await session.scalar(select(Chat).where(Chat.telegram_chat_id == 1003))
        finished = await session.scalar(select(Message.finished_at).where(Message.id == message_id))
    assert chat is not None and chat.status is ChatStatus.BLOCKED and finished is not None
    report = await last_text(harness, 1001)
    assert (
        report == "Verstuurd naar 3 van 4 ouders.\n1 is niet bereikbaar (heeft de bot geblokkeerd)."
    )
    second = await queue(harness, school_id, template_key="gym", fields={"date": "2026-12-08"})
    assert (await run_until_done(harness, make_worker(harness), second)).total == 3


async def test_quiet_hours_hold_until_seven(harness: Harness) -> None:
    school_id = await school_with_families(harness)
    harness.clock.set(datetime(2026, 11, 24, 21, 30, tzinfo=TZ))
    message_id = await queue(harness, school_id, template_key="gym", fields={"date": "2026-11-25"})
    urgent_id = await queue(
        harness, school_id, template_key="studiedag", fields={"date": "2026-11-25"}, urgent=True
    )
    worker = make_worker(harness)
    assert await worker.step() == 4  # only the urgent one goes out at night
    harness.clock.set(datetime(2026, 11, 25, 6, 59, tzinfo=TZ))
    assert await worker.step() == 0
    harness.clock.set(datetime(2026, 11, 25, 7, 0, tzinfo=TZ))
    assert await worker.step() == 4
    async with harness.db.transaction() as session:
        rows = list(
            await session.execute(select(Delivery.message_id, Delivery.state, Delivery.sent_at))
        )
    assert {(m, s) for m, s, _ in rows} == {
        (message_id, DeliveryState.SENT),
        (urgent_id, DeliveryState.SENT),
    }
    assert all(sent and sent.astimezone(TZ).hour == 7 for m, _, sent in rows if m == message_id)


async def test_read_confirmation_and_dutch_original(harness: Harness) -> None:
    school_id = await school_with_families(harness)
    message_id = await queue(
        harness,
        school_id,
        template_key="studiedag",
        fields={"date": "2026-12-04"},
        needs_confirmation=True,
    )
    await run_until_done(harness, make_worker(harness), message_id)
    notice = (await harness.messages(1004))[-1]
    [read_button] = buttons(notice)
    await harness.press(1004, notice, data=read_button["callback_data"])
    assert harness.client is not None
    assert (await harness.client.callback_answers(1004))[-1]["text"]
    async with harness.db.transaction() as session:
        state = await outbox.report(session, message_id)
    assert state.confirmed == 1
    assert await confirmed_by(harness.database_url, message_id) == ["Ouder PL"]
