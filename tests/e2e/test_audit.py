"""The audit log records who did what and when, pointing at records by id, never their content."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from berichten import audit
from berichten.models import AuditEntry, Message, Staff
from tests.e2e.harness import TZ, Harness, buttons, join_parent, join_staff

JUF, OUDER = 8601, 8611
CSV = "groep,ouder,kind,taal\n5b,Amira Haddad,Yasmin,ar\n"
LETTER = "Beste ouders,\nMorgen gaan we naar het bos. Geef uw kind laarzen mee.\nGroet, juf Sanne"
MOMENT = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)


@pytest.fixture
async def school(database_url: str) -> AsyncIterator[Harness]:
    harness = Harness(database_url)
    await harness.start()
    harness.clock.set(MOMENT)
    codes = await harness.import_parents(CSV)
    await join_parent(harness, OUDER, codes["Amira Haddad"], "ar")
    await join_staff(harness, JUF, await harness.add_teacher("Juf Sanne", ["5b"]))
    yield harness
    await harness.stop()


async def _entries(harness: Harness) -> list[AuditEntry]:
    async with harness.db.transaction() as session:
        return list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


async def test_letter_is_logged_with_who_what_when_and_not_its_text(school: Harness) -> None:
    await school.say(JUF, "/brief")
    [report] = await school.say(JUF, LETTER)
    [groups] = await school.press(JUF, report, data="brief:send")
    group_5b = next(b["callback_data"] for b in buttons(groups) if "5b" in b["text"])
    [ticked] = await school.press(JUF, groups, data=group_5b)
    [preview] = await school.press(JUF, ticked, data="brief:done")
    await school.press(JUF, preview, data="brief:now")
    async with school.db.transaction() as session:
        message = await session.scalar(select(Message))
        teacher = await session.scalar(select(Staff).where(Staff.name == "Juf Sanne"))
    assert message is not None and teacher is not None
    [entry] = await _entries(school)
    assert entry.staff_id == teacher.id  # who
    assert entry.school_id == teacher.school_id
    assert (entry.action, entry.target) == ("letter.send", f"message:{message.id}")  # what
    assert entry.created_at == MOMENT.astimezone(UTC)  # when
    async with school.db.transaction() as session:
        [row] = (await session.execute(select(AuditEntry.__table__))).all()
    stored = " ".join(str(value) for value in row)  # every column, as stored
    for secret in ("bos", "laarzen", "Beste ouders", "Juf Sanne", "Amira", "Yasmin"):
        assert secret not in stored


async def test_reminder_create_pause_and_delete_are_logged(school: Harness) -> None:
    [choose] = await school.say(JUF, "/herinnering")
    [often] = await school.press(JUF, choose, data="rem:tgym")
    [weekday] = await school.press(JUF, often, data="rem:week")
    await school.press(JUF, weekday, data="rem:wthu")
    [item] = await school.say(JUF, "/herinneringen")
    pause = next(
        b["callback_data"] for b in buttons(item) if b["callback_data"].startswith("rem:p")
    )
    await school.press(JUF, item, data=pause)
    [paused] = await school.say(JUF, "/herinneringen")
    delete = next(
        b["callback_data"] for b in buttons(paused) if b["callback_data"].startswith("rem:d")
    )
    await school.press(JUF, paused, data=delete)
    entries = await _entries(school)
    reminder_id = pause.removeprefix("rem:p")
    assert [(e.action, e.target) for e in entries] == [
        ("reminder.create", f"reminder:{reminder_id}"),
        ("reminder.pause", f"reminder:{reminder_id}"),
        ("reminder.delete", f"reminder:{reminder_id}"),
    ]
    assert len({e.staff_id for e in entries}) == 1 and entries[0].staff_id is not None


async def test_free_text_cannot_be_logged(school: Harness) -> None:
    async with school.db.transaction() as session:
        for action, target in (
            ("letter.send", "Morgen gaan we naar het bos"),
            ("letter.send", "message:12 laarzen"),
            ("Brief versturen", "message:12"),
        ):
            with pytest.raises(audit.AuditError):
                await audit.record(
                    session,
                    school_id=1,
                    staff_id=None,
                    action=action,
                    target=target,
                    now=MOMENT,
                )
