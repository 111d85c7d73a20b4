"""Koffie aan de schoolpoort end to end: series, invitation, RSVP, reminder, feedback, results."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from berichten.holidays import Holiday
from berichten.models import (
    AuditEntry,
    Event,
    EventSeries,
    FeedbackAnswer,
    Occurrence,
    Rsvp,
    RsvpAnswer,
    SeriesStatus,
    StaffRole,
)
from berichten.translation import Translator
from tests.e2e.harness import TZ, Harness, buttons, join_parent, join_staff
from tests.translation.fake_libretranslate import FakeLibreTranslate

DIRECTEUR, JUF = 8401, 8402
AMIRA, PIET, AYSE = 8411, 8412, 8413
CSV = (
    "groep,ouder,kind,taal\n"
    "5b,Amira Haddad,Yasmin,ar\n"
    "6a,Piet Bakker,Daan,nl\n"
    "6a,Ayse Yilmaz,Emre,tr\n"
)
PARENTS = (AMIRA, PIET, AYSE)
# In these tests the January date (4 January 2027) falls in a holiday, so it is skipped.
WINTER = Holiday("Kerstvakantie (test)", date(2026, 12, 19), date(2027, 1, 8))
INVITE_AT = datetime(2026, 12, 2, 15, 0, tzinfo=TZ)  # Wednesday, 5 days before Monday 7 Dec
REMINDER_AT = datetime(2026, 12, 7, 7, 30, tzinfo=TZ)
FEEDBACK_AT = datetime(2026, 12, 7, 10, 15, tzinfo=TZ)  # 09:15 end + 60 minutes


@pytest.fixture
async def school(database_url: str) -> AsyncIterator[Harness]:
    libre = FakeLibreTranslate()
    await libre.start()
    harness = Harness(database_url, translator=Translator("libre", url=libre.url, timeout=5))
    harness.holidays = (WINTER,)
    await harness.start()
    harness.clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=TZ))  # a Tuesday
    codes = await harness.import_parents(CSV)
    await join_parent(harness, AMIRA, codes["Amira Haddad"], "ar")
    await join_parent(harness, PIET, codes["Piet Bakker"], "nl")
    await join_parent(harness, AYSE, codes["Ayse Yilmaz"], "tr")
    director = await harness.add_staff("Directeur Els", StaffRole.DIRECTEUR, [])
    await join_staff(harness, DIRECTEUR, director)
    await join_staff(harness, JUF, await harness.add_teacher("Juf Sanne", ["5b"]))
    yield harness
    await harness.stop()
    await libre.stop()


def data_of(message: dict[str, Any], fragment: str) -> str:
    return next(b["callback_data"] for b in buttons(message) if fragment in b["text"])


async def new_messages(harness: Harness, chat_id: int, before: int) -> list[dict[str, Any]]:
    return (await harness.messages(chat_id))[before:]


async def create_default_series(harness: Harness) -> None:
    answers = await harness.say(DIRECTEUR, "/koffie")
    [draft] = await harness.press(DIRECTEUR, answers[-1], data="ks:new")
    assert "08:30" in draft["text"] and "09:15" in draft["text"] and "maandag" in draft["text"]
    [done] = await harness.press(DIRECTEUR, draft, data="ks:make")
    assert "/koffie" in done["text"]


async def counts(harness: Harness) -> list[int]:
    return [len(await harness.messages(chat)) for chat in PARENTS]


async def test_series_runs_invite_rsvp_reminder_feedback_and_results(school: Harness) -> None:
    await create_default_series(school)
    run = await school.tick()
    assert run.sent == []
    async with school.db.transaction() as session:
        starts = [
            e.starts_at for e in await session.scalars(select(Event).order_by(Event.starts_at))
        ]
    # First Monday of December; 4 January is in the (test) holiday and skipped.
    assert starts == [datetime(2026, 12, 7, 8, 30, tzinfo=TZ)]

    before = await counts(school)
    run = await school.tick(INVITE_AT)
    assert len(run.sent) == 1 and run.sent[0].endswith(":invite")
    invites = {}
    for chat, old in zip(PARENTS, before, strict=True):
        [invite] = await new_messages(school, chat, old)
        assert len(buttons(invite)) == 3
        invites[chat] = invite
    assert "08:30" in invites[PIET]["text"] and "09:15" in invites[PIET]["text"]
    assert "Nederlands" in invites[PIET]["text"] or "Dutch" in invites[PIET]["text"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in invites[AMIRA]["text"])
    # Everything fixed is in the parent's language: title, body and the RSVP buttons.
    arabic = invites[AMIRA]["text"].split("Koffie aan de schoolpoort")[0]
    first_letter = arabic.strip("\u200f<b>")[0]
    assert "Invitation" not in invites[AMIRA]["text"] and first_letter >= "\u0600"
    assert [b["text"] for b in buttons(invites[AMIRA])] != ["I'm coming", "Maybe", "I can't come"]
    assert "Uitnodiging" in invites[PIET]["text"] and "Ik kom" in buttons(invites[PIET])[0]["text"]
    assert "Nederlands" in invites[PIET]["text"]  # "you do not need to speak Dutch"

    await school.press(AMIRA, invites[AMIRA], data=data_of(invites[AMIRA], ""))  # first: coming
    await school.press(
        PIET,
        invites[PIET],
        data=invites[PIET]["reply_markup"]["inline_keyboard"][0][2]["callback_data"],
    )
    async with school.db.transaction() as session:
        answers = {r.answer for r in await session.scalars(select(Rsvp))}
    assert answers == {RsvpAnswer.YES, RsvpAnswer.NO}
    [edited] = [
        m for m in await school.messages(AMIRA) if m["message_id"] == invites[AMIRA]["message_id"]
    ]
    assert buttons(edited)[0]["text"].startswith("✓")

    listing = await school.say(DIRECTEUR, "/koffie")
    assert "1" in listing[0]["text"] and "7 december" in listing[0]["text"]

    before = await counts(school)
    await school.tick(REMINDER_AT)
    after = await counts(school)
    got_reminder = [
        chat for chat, old, new in zip(PARENTS, before, after, strict=True) if new > old
    ]
    assert got_reminder == [AMIRA, AYSE]  # Piet said he cannot come: no reminder for him

    before = await counts(school)
    await school.tick(FEEDBACK_AT)
    prompts = {}
    for chat, old in zip(PARENTS, before, strict=True):
        [prompt] = await new_messages(school, chat, old)
        assert [b["text"] for b in buttons(prompt)] == ["😞", "🙁", "😐", "🙂", "😄"]
        prompts[chat] = prompt
    [follow_up] = await school.press(
        AMIRA, prompts[AMIRA], data=buttons(prompts[AMIRA])[3]["callback_data"]
    )
    [thanks] = await school.say(AMIRA, "القهوة كانت جيدة")
    assert thanks["text"]
    await school.press(PIET, prompts[PIET], data=buttons(prompts[PIET])[4]["callback_data"])
    # A second tap (on the ticked face that stays) is refused: one answer per parent.
    await school.press(PIET, prompts[PIET], data=buttons(prompts[PIET])[4]["callback_data"])
    async with school.db.transaction() as session:
        scores = sorted(a.score for a in await session.scalars(select(FeedbackAnswer)))
        words = await session.scalar(
            select(FeedbackAnswer.open_text_nl).where(FeedbackAnswer.open_text.is_not(None))
        )
    assert scores == [4, 5]
    assert words is not None and words.startswith("[nl]")  # translated for staff
    del follow_up

    [menu] = await school.say(DIRECTEUR, "/resultaten")
    shown = await school.press(DIRECTEUR, menu, data=buttons(menu)[0]["callback_data"])
    summary, chart = shown
    assert "2 van 3" in summary["text"] or "2 of 3" in summary["text"]
    assert "القهوة كانت جيدة" in summary["text"] and "[nl]" in summary["text"]
    assert "Amira" not in summary["text"] and "Haddad" not in summary["text"]
    assert chart.get("photo")
    [ask] = await school.press(DIRECTEUR, chart, data=buttons(chart)[0]["callback_data"])
    before = await counts(school)
    await school.say(DIRECTEUR, "Bedankt! Volgende keer zetten we ook thee klaar.")
    await school.drain()
    after = await counts(school)
    assert [new - old for old, new in zip(before, after, strict=True)] == [1, 1, 1]
    del ask


async def test_restart_between_invite_and_reminder_loses_and_doubles_nothing(
    school: Harness,
) -> None:
    await create_default_series(school)
    await school.tick(INVITE_AT)
    first = await counts(school)
    await school.restart()
    await school.tick(INVITE_AT)  # the new process catches up: the invitation was sent already
    assert await counts(school) == first
    await school.tick(REMINDER_AT)
    await school.restart()
    await school.tick(REMINDER_AT)
    await school.tick()
    assert [n - f for f, n in zip(first, await counts(school), strict=True)] == [1, 1, 1]
    async with school.db.transaction() as session:
        keys = sorted(o.key.split(":")[-1] for o in await session.scalars(select(Occurrence)))
    assert keys == ["invite", "reminder"]


async def test_missed_moments_while_down(school: Harness) -> None:
    await create_default_series(school)
    await school.tick()
    # The service was down from before the invitation until after the event had ended.
    run = await school.tick(datetime(2026, 12, 7, 10, 30, tzinfo=TZ))
    assert sorted(key.split(":")[-1] for key in run.dropped) == ["feedback", "invite", "reminder"]


async def test_late_invitation_is_still_sent(school: Harness) -> None:
    await create_default_series(school)
    await school.tick()
    before = await counts(school)
    run = await school.tick(datetime(2026, 12, 6, 12, 0, tzinfo=TZ))  # Sunday: late, still useful
    assert [key.split(":")[-1] for key in run.sent] == ["invite"]
    assert [n - b for b, n in zip(before, await counts(school), strict=True)] == [1, 1, 1]


async def test_paused_series_sends_nothing_and_stop_ends_it(school: Harness) -> None:
    await create_default_series(school)
    await school.tick()
    listing = await school.say(DIRECTEUR, "/koffie")
    await school.press(
        DIRECTEUR,
        listing[0],
        data=data_of(listing[0], "Pauze")
        if any("Pauze" in b["text"] for b in buttons(listing[0]))
        else buttons(listing[0])[0]["callback_data"],
    )
    async with school.db.transaction() as session:
        assert await session.scalar(select(EventSeries.status)) is SeriesStatus.PAUSED
    before = await counts(school)
    run = await school.tick(INVITE_AT)
    assert run.sent == [] and await counts(school) == before


async def test_director_changes_time_and_place(school: Harness) -> None:
    answers = await school.say(DIRECTEUR, "/koffie")
    [draft] = await school.press(DIRECTEUR, answers[-1], data="ks:new")
    [ask] = await school.press(DIRECTEUR, draft, data="ks:time")
    [again] = await school.say(DIRECTEUR, "kwart over drie")
    [draft2] = await school.say(DIRECTEUR, "15:00-15:45")
    assert "15:00" in draft2["text"]
    [ask_day] = await school.press(DIRECTEUR, draft2, data="ks:day")
    [draft3] = await school.press(DIRECTEUR, ask_day, data="ks:wthu")
    assert "donderdag" in draft3["text"]
    await school.press(DIRECTEUR, draft3, data="ks:make")
    await school.tick()
    async with school.db.transaction() as session:
        event = await session.scalar(select(Event))
    assert event is not None
    assert event.starts_at == datetime(2026, 12, 3, 15, 0, tzinfo=TZ)  # first Thursday
    del ask, again


async def test_only_directors_make_series(school: Harness) -> None:
    [refused] = await school.say(JUF, "/koffie")
    assert not buttons(refused)
    [refused_parent] = await school.say(PIET, "/koffie")
    assert not buttons(refused_parent)
    [refused_activity] = await school.say(JUF, "/activiteit")
    assert not buttons(refused_activity)
    async with school.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(EventSeries)) == 0


async def test_director_moves_an_existing_series_to_another_day(school: Harness) -> None:
    await create_default_series(school)
    await school.tick()
    listing = await school.say(DIRECTEUR, "/koffie")
    day = next(
        b["callback_data"] for b in buttons(listing[0]) if b["callback_data"].startswith("ks:d")
    )
    [ask] = await school.press(DIRECTEUR, listing[0], data=day)
    [changed] = await school.press(DIRECTEUR, ask, data="ks:wwed")
    assert "woensdag" in changed["text"]
    await school.tick()
    async with school.db.transaction() as session:
        starts = [
            e.starts_at for e in await session.scalars(select(Event).order_by(Event.starts_at))
        ]
    assert starts == [datetime(2026, 12, 2, 8, 30, tzinfo=TZ)]  # first Wednesday of December
    async with school.db.transaction() as session:
        logged = (await session.execute(select(AuditEntry.action, AuditEntry.target))).all()
    assert ("koffie.change", f"series:{day.removeprefix('ks:d')}") in logged
