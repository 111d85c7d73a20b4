"""A teacher's reminders (weekly and once) and a director's activity, through the real bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlalchemy import select

from berichten.models import Event, EventKind, Message, Reminder, SeriesStatus, StaffRole
from tests.e2e.harness import TZ, Harness, buttons, join_parent, join_staff

JUF, DIRECTEUR, OUDER_5B, OUDER_6A = 8501, 8502, 8511, 8512
CSV = "groep,ouder,kind,taal\n5b,Amira Haddad,Yasmin,ar\n6a,Piet Bakker,Daan,nl\n"


@pytest.fixture
async def school(database_url: str) -> AsyncIterator[Harness]:
    harness = Harness(database_url)
    await harness.start()
    harness.clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=TZ))  # a Tuesday
    codes = await harness.import_parents(CSV)
    await join_parent(harness, OUDER_5B, codes["Amira Haddad"], "ar")
    await join_parent(harness, OUDER_6A, codes["Piet Bakker"], "nl")
    await join_staff(harness, JUF, await harness.add_teacher("Juf Sanne", ["5b"]))
    director = await harness.add_staff("Directeur Els", StaffRole.DIRECTEUR, [])
    await join_staff(harness, DIRECTEUR, director)
    yield harness
    await harness.stop()


async def weekly_gym(school: Harness) -> None:
    [choose] = await school.say(JUF, "/herinnering")
    [often] = await school.press(JUF, choose, data="rem:tgym")
    [weekday] = await school.press(JUF, often, data="rem:week")
    [saved] = await school.press(JUF, weekday, data="rem:wthu")
    assert "18:00" in saved["text"] and "woensdag" in saved["text"] and "5b" in saved["text"]


async def test_weekly_gym_reminder_goes_out_every_wednesday_once(school: Harness) -> None:
    await weekly_gym(school)
    before = len(await school.messages(OUDER_5B))
    assert (await school.tick(datetime(2026, 11, 25, 17, 59, tzinfo=TZ))).sent == []
    run = await school.tick(datetime(2026, 11, 25, 18, 0, tzinfo=TZ))
    assert run.sent == [run.sent[0]] and run.sent[0].endswith("2026-11-25")
    await school.tick(datetime(2026, 11, 25, 18, 5, tzinfo=TZ))  # a second timer: no double
    new = (await school.messages(OUDER_5B))[before:]
    assert len(new) == 1
    assert "26" in new[0]["text"]  # Thursday 26 November, in Arabic date format
    assert len(await school.messages(OUDER_6A)) == 3  # not the teacher's group: nothing new
    await school.tick(datetime(2026, 12, 2, 18, 0, tzinfo=TZ))
    assert len(await school.messages(OUDER_5B)) == before + 2


async def test_pause_and_delete_from_the_list(school: Harness) -> None:
    await weekly_gym(school)
    [item] = await school.say(JUF, "/herinneringen")
    pause = next(
        b["callback_data"] for b in buttons(item) if b["callback_data"].startswith("rem:p")
    )
    await school.press(JUF, item, data=pause)
    before = len(await school.messages(OUDER_5B))
    run = await school.tick(datetime(2026, 11, 25, 18, 0, tzinfo=TZ))
    assert run.sent == [] and len(await school.messages(OUDER_5B)) == before
    [paused] = await school.say(JUF, "/herinneringen")
    resume = next(
        b["callback_data"] for b in buttons(paused) if b["callback_data"].startswith("rem:r")
    )
    delete = next(
        b["callback_data"] for b in buttons(paused) if b["callback_data"].startswith("rem:d")
    )
    await school.press(JUF, paused, data=resume)
    [again] = await school.say(JUF, "/herinneringen")
    await school.press(JUF, again, data=delete.replace("rem:d", "rem:d"))
    async with school.db.transaction() as session:
        assert await session.scalar(select(Reminder.status)) is SeriesStatus.STOPPED
    [empty] = await school.say(JUF, "/herinneringen")
    assert "/herinnering" in empty["text"]


async def test_once_reminder_with_a_field_goes_the_evening_before(school: Harness) -> None:
    [choose] = await school.say(JUF, "/herinnering")
    [ask_bring] = await school.press(JUF, choose, data="rem:tmeenemen")
    [often] = await school.say(JUF, "laarzen")
    [ask_day] = await school.press(JUF, often, data="rem:once")
    [wrong] = await school.say(JUF, "gisteren")
    [saved] = await school.say(JUF, "vrijdag 27 november")
    assert "laarzen" in saved["text"] and "donderdag 26 november" in saved["text"]
    run = await school.tick(datetime(2026, 11, 26, 18, 0, tzinfo=TZ))
    assert len(run.sent) == 1
    async with school.db.transaction() as session:
        message = await session.scalar(select(Message))
        reminder = await session.scalar(select(Reminder))
    assert message is not None and message.fields == {"bring": "laarzen", "date": "2026-11-27"}
    assert reminder is not None and reminder.status is SeriesStatus.STOPPED
    del ask_bring, ask_day, wrong


async def test_reminder_too_late_to_be_useful_is_dropped(school: Harness) -> None:
    await weekly_gym(school)
    # The service was down from Wednesday 17:00 until Thursday 09:00: gym has begun.
    run = await school.tick(datetime(2026, 11, 26, 9, 0, tzinfo=TZ))
    assert run.sent == [] and len(run.dropped) == 1


async def test_parent_cannot_make_reminders(school: Harness) -> None:
    [answer] = await school.say(OUDER_6A, "/herinnering")
    assert not buttons(answer)


async def test_director_invites_group_to_parents_evening(school: Harness) -> None:
    [kinds] = await school.say(DIRECTEUR, "/activiteit")
    [ask_when] = await school.press(DIRECTEUR, kinds, data="ev:ouderavond")
    [ask_end] = await school.say(DIRECTEUR, "donderdag 10 december 19:00")
    [ask_place] = await school.say(DIRECTEUR, "20:30")
    [groups] = await school.say(DIRECTEUR, "de aula")
    group_6a = next(b["callback_data"] for b in buttons(groups) if "6a" in b["text"])
    [ticked] = await school.press(DIRECTEUR, groups, data=group_6a)
    [planned] = await school.press(DIRECTEUR, ticked, data="ev:go")
    assert "/resultaten" in planned["text"]
    async with school.db.transaction() as session:
        event = await session.scalar(select(Event))
    assert event is not None and event.kind is EventKind.OUDERAVOND
    assert event.starts_at == datetime(2026, 12, 10, 19, 0, tzinfo=TZ)
    assert event.ends_at == datetime(2026, 12, 10, 20, 30, tzinfo=TZ)
    before_5b = len(await school.messages(OUDER_5B))
    before_6a = len(await school.messages(OUDER_6A))
    await school.tick(datetime(2026, 12, 5, 15, 0, tzinfo=TZ))
    assert len(await school.messages(OUDER_5B)) == before_5b  # 5b was not invited
    [invite] = (await school.messages(OUDER_6A))[before_6a:]
    assert "de aula" in invite["text"] and "19:00" in invite["text"] and len(buttons(invite)) == 3
    del ask_when, ask_end, ask_place
