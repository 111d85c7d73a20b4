"""A parent writes to the teacher; the teacher answers with Reply; both read their own language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest

from berichten.translation import Translator
from tests.e2e.harness import TZ, Harness, join_parent, join_staff
from tests.translation.fake_libretranslate import FakeLibreTranslate

AMIRA, PIET, JUF, MEESTER = 8101, 8102, 8201, 8202
CSV = "groep,ouder,kind,taal\n5b,Amira Haddad,Yasmin,ar\n6a,Piet Bakker,Daan,nl\n"


@pytest.fixture
async def school(database_url: str) -> AsyncIterator[Harness]:
    libre = FakeLibreTranslate()
    await libre.start()
    harness = Harness(database_url, translator=Translator("libre", url=libre.url, timeout=5))
    await harness.start()
    harness.clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=TZ))  # a Tuesday morning
    codes = await harness.import_parents(CSV)
    await join_parent(harness, AMIRA, codes["Amira Haddad"], "ar")
    await join_parent(harness, PIET, codes["Piet Bakker"], "nl")
    await join_staff(harness, JUF, await harness.add_teacher("Juf Sanne", ["5b"]))
    await join_staff(harness, MEESTER, await harness.add_teacher("Meester Tom", ["6a"]))
    yield harness
    await harness.stop()
    await libre.stop()


async def test_parent_message_reaches_own_teacher_translated(school: Harness) -> None:
    juf_before = len(await school.messages(JUF))
    meester_before = len(await school.messages(MEESTER))
    [ack] = await school.say(
        AMIRA, "ابني مريض اليوم", username="amira_private", first_name="TgName"
    )
    assert "\u200f" in ack["text"] and any("\u0600" <= ch <= "\u06ff" for ch in ack["text"])
    [relayed] = (await school.messages(JUF))[juf_before:]
    assert len(await school.messages(MEESTER)) == meester_before  # another group's teacher
    text = relayed["text"]
    assert text.startswith("Bericht van Amira Haddad (Yasmin, groep 5b)")
    assert "[nl] ابني مريض اليوم" in text and "ابني مريض اليوم" in text.split("\n")[-3]
    assert "amira_private" not in text and "TgName" not in text and str(AMIRA) not in text

    before = len(await school.messages(AMIRA))
    [confirmation] = await school.say(
        JUF, "Beterschap! Ze mag thuisblijven.", reply_to=relayed["message_id"]
    )
    assert confirmation["text"] == "Verstuurd naar Amira Haddad."
    [answer] = (await school.messages(AMIRA))[before:]
    assert "Juf Sanne" in answer["text"]
    assert "[ar] Beterschap! Ze mag thuisblijven." in answer["text"]
    assert "Beterschap! Ze mag thuisblijven." in answer["text"].split("\n")[-1]


async def test_dutch_parent_needs_no_translation(school: Harness) -> None:
    before = len(await school.messages(MEESTER))
    await school.say(PIET, "Daan komt morgen later, hij heeft een afspraak bij de tandarts.")
    [relayed] = (await school.messages(MEESTER))[before:]
    assert "Daan komt morgen later" in relayed["text"] and "[nl]" not in relayed["text"]
    [reply_ack] = await school.say(
        MEESTER, "Prima, dank voor het laten weten.", reply_to=relayed["message_id"]
    )
    assert "Piet Bakker" in reply_ack["text"]
    assert "Prima, dank voor het laten weten." in (await school.messages(PIET))[-1]["text"]


async def test_outside_office_hours_parent_hears_when(school: Harness) -> None:
    school.clock.set(datetime(2026, 11, 28, 14, 0, tzinfo=TZ))  # Saturday
    [ack] = await school.say(PIET, "Vraagje over de schoolreis")
    assert "maandag 08:00" in ack["text"]


async def test_staff_must_use_reply_and_cannot_answer_others(school: Harness) -> None:
    [hint] = await school.say(JUF, "Hallo allemaal")
    assert "Beantwoorden" in hint["text"]
    welcome = (await school.messages(JUF))[0]
    [refused] = await school.say(JUF, "antwoord", reply_to=welcome["message_id"])
    assert refused["text"].startswith("Op dit bericht kunt u hier niet antwoorden")


async def test_no_teacher_joined_yet(database_url: str) -> None:
    harness = Harness(database_url)
    await harness.start()
    try:
        codes = await harness.import_parents(CSV)
        await join_parent(harness, PIET, codes["Piet Bakker"], "nl")
        [answer] = await harness.say(PIET, "Is er morgen gym?")
        assert answer["text"].startswith("Uw bericht kon niet worden doorgestuurd")
    finally:
        await harness.stop()
