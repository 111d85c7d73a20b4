"""A teacher's letter: klare-taal check in chat, own groups only, preview, now or later."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlalchemy import select

from berichten.models import Message
from tests.e2e.harness import TZ, Harness, buttons, join_parent, join_staff

JUF, DIRECTEUR, OUDER_5B, OUDER_6A = 8301, 8302, 8311, 8312
CSV = "groep,ouder,kind,taal\n5b,Amira Haddad,Yasmin,ar\n6a,Piet Bakker,Daan,nl\n"
PLAIN = "Beste ouders,\nMorgen gaan we naar het bos. Geef uw kind laarzen mee.\nGroet, juf Sanne"
STIFF = (
    "Geachte ouders, indien uw kind middels de bus wordt vervoerd, dient het formulier "
    "alvorens vrijdag te worden geretourneerd teneinde de planning i.v.m. de studiedag "
    "reeds tijdig te kunnen afronden."
)


@pytest.fixture
async def school(database_url: str) -> AsyncIterator[Harness]:
    harness = Harness(database_url)
    await harness.start()
    harness.clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=TZ))
    codes = await harness.import_parents(CSV)
    await join_parent(harness, OUDER_5B, codes["Amira Haddad"], "ar")
    await join_parent(harness, OUDER_6A, codes["Piet Bakker"], "nl")
    await join_staff(harness, JUF, await harness.add_teacher("Juf Sanne", ["5b"]))
    yield harness
    await harness.stop()


def by_label(message: dict, fragment: str) -> str:
    return next(b["callback_data"] for b in buttons(message) if fragment in b["text"])


async def test_stiff_letter_is_flagged_and_needs_second_confirmation(school: Harness) -> None:
    [ask] = await school.say(JUF, "/brief")
    assert "tekst" in ask["text"].lower() or "text" in ask["text"].lower()
    [report] = await school.say(JUF, STIFF)
    assert "B1" in report["text"]
    for word in ("geachte", "indien", "middels", "alvorens"):
        assert word in report["text"].lower()
    assert [b["callback_data"] for b in buttons(report)] == ["brief:force", "brief:again"]
    [confirm] = await school.press(JUF, report, data="brief:force")
    [groups] = await school.press(JUF, confirm, data="brief:force")
    labels = [b["text"] for b in buttons(groups)]
    assert any("5b" in label for label in labels) and not any("6a" in label for label in labels)


async def test_plain_letter_goes_to_own_group_now(school: Harness) -> None:
    await school.say(JUF, "/brief")
    [report] = await school.say(JUF, PLAIN)
    [groups] = await school.press(JUF, report, data="brief:send")
    group_5b = next(b["callback_data"] for b in buttons(groups) if "5b" in b["text"])
    [groups_ticked] = await school.press(JUF, groups, data=group_5b)
    [preview] = await school.press(JUF, groups_ticked, data="brief:done")
    assert "1" in preview["text"] and "Morgen gaan we naar het bos" in preview["text"]
    [queued] = await school.press(JUF, preview, data="brief:now")
    async with school.db.transaction() as session:
        message = await session.scalar(select(Message))
    assert message is not None and message.report_message_id == queued["message_id"]
    assert message.fields["what"] == PLAIN and message.sender_chat_id == JUF


async def test_forged_group_button_is_refused(school: Harness) -> None:
    await school.say(JUF, "/brief")
    [report] = await school.say(JUF, PLAIN)
    [groups] = await school.press(JUF, report, data="brief:send")
    assert school.client is not None
    # A Telegram client can only press buttons that exist: pressing 6a's id is impossible,
    # and "all my groups" contains only 5b.
    [ticked] = await school.press(JUF, groups, data="grp:all")
    ticked_labels = [b["text"] for b in buttons(ticked) if b["text"].startswith("✓")]
    assert len(ticked_labels) == 1 and "5b" in ticked_labels[0]


async def test_later_with_plain_dutch_time(school: Harness) -> None:
    await school.say(JUF, "/brief")
    [report] = await school.say(JUF, PLAIN)
    [groups] = await school.press(JUF, report, data="brief:send")
    [ticked] = await school.press(JUF, groups, data="grp:all")
    [preview] = await school.press(JUF, ticked, data="brief:done")
    [ask] = await school.press(JUF, preview, data="brief:later")
    [wrong] = await school.say(JUF, "gisteren")
    assert "morgen 8:00" in wrong["text"]
    [planned] = await school.say(JUF, "vrijdag 12 december 8.30")
    assert "12 december" in planned["text"] and "08:30" in planned["text"]
    async with school.db.transaction() as session:
        message = await session.scalar(select(Message))
    assert message is not None
    assert message.send_after == datetime(2026, 12, 12, 8, 30, tzinfo=TZ)
    del ask


async def test_parent_cannot_use_brief(school: Harness) -> None:
    [answer] = await school.say(OUDER_6A, "/brief")
    assert not buttons(answer)


async def _ask_when(school: Harness) -> dict:
    """Walk a plain letter to the step that asks when it should go out."""
    await school.say(JUF, "/brief")
    [report] = await school.say(JUF, PLAIN)
    [groups] = await school.press(JUF, report, data="brief:send")
    [ticked] = await school.press(JUF, groups, data="grp:all")
    [preview] = await school.press(JUF, ticked, data="brief:done")
    [ask] = await school.press(JUF, preview, data="brief:later")
    return ask


async def _current(school: Harness, message: dict) -> dict:
    """A message as it stands now, after edits of its keyboard."""
    return next(m for m in await school.messages(JUF) if m["message_id"] == message["message_id"])


async def test_later_with_day_and_time_buttons(school: Harness) -> None:
    ask = await _ask_when(school)
    days = [b["callback_data"] for b in buttons(ask)]
    # Tuesday 24 November 10:00: today, then six weekdays, the weekend skipped.
    assert days == [
        "when:d20261124",
        "when:d20261125",
        "when:d20261126",
        "when:d20261127",
        "when:d20261130",
        "when:d20261201",
        "when:d20261202",
    ]
    assert buttons(ask)[3]["text"] == "vrijdag 27 november"
    assert "morgen 8:00" in ask["text"]

    assert await school.press(JUF, ask, data="when:d20261124") == []
    today = await _current(school, ask)
    today_times = [b["text"] for b in buttons(today)]
    assert today_times[:5] == ["12:00", "15:00", "16:00", "18:00", "19:00"]
    assert buttons(today)[-1]["callback_data"] == "when:back"

    assert await school.press(JUF, today, data="when:back") == []
    again = await _current(school, ask)
    assert [b["callback_data"] for b in buttons(again)] == days

    await school.press(JUF, again, data="when:d20261127")
    friday = await _current(school, ask)
    assert [b["text"] for b in buttons(friday)][:3] == ["07:30", "08:00", "08:30"]
    [planned] = await school.press(JUF, friday, data="when:t20261127T0830")
    assert "27 november" in planned["text"] and "08:30" in planned["text"]
    assert not buttons(await _current(school, ask))

    async with school.db.transaction() as session:
        message = await session.scalar(select(Message))
    assert message is not None and message.report_message_id == planned["message_id"]
    assert message.send_after == datetime(2026, 11, 27, 8, 30, tzinfo=TZ)
    assert message.fields["what"] == PLAIN and message.sender_chat_id == JUF


async def test_when_button_outside_its_step_is_refused(school: Harness) -> None:
    assert school.client is not None
    ask = await _ask_when(school)
    # Planned by typing: the day buttons stay visible but their step is over.
    [planned] = await school.say(JUF, "morgen 8:00")
    assert "08:00" in planned["text"]
    assert await school.press(JUF, ask, data="when:d20261126") == []
    answers = await school.client.callback_answers(JUF)
    assert answers[-1]["text"] == "Deze knop werkt niet meer."
    assert buttons(await _current(school, ask)) == buttons(ask)

    # A new letter, still at the check: the old keyboard must not move it on.
    await school.say(JUF, "/brief")
    [report] = await school.say(JUF, PLAIN)
    assert await school.press(JUF, ask, data="when:d20261125") == []
    answers = await school.client.callback_answers(JUF)
    assert answers[-1]["text"] == "Deze knop werkt niet meer."
    async with school.db.transaction() as session:
        queued = list(await session.scalars(select(Message)))
    assert len(queued) == 1
    assert queued[0].send_after == datetime(2026, 11, 25, 8, 0, tzinfo=TZ)
    [groups] = await school.press(JUF, report, data="brief:send")
    assert any("5b" in b["text"] for b in buttons(groups))
