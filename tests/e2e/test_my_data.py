"""/mijngegevens also sends the person's own data as a JSON file; /stop deletes their answers."""

from __future__ import annotations

import json
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import select

from berichten import outbox
from berichten.models import (
    Event,
    EventKind,
    FeedbackInvite,
    Group,
    Parent,
    Rsvp,
    RsvpAnswer,
    School,
)
from tests.e2e.harness import Harness, join_parent, join_staff

AMIRA, PIET, JUF = 8701, 8702, 8703
CSV = "groep,ouder,kind,taal\n5b,Amira Haddad,Yasmin,ar\n7a,Amira Haddad,Omar,ar\n5b,Piet Bakker,Daan,\n"
RLM = "\u200f"


async def _download(harness: Harness, message: dict[str, Any]) -> dict[str, Any]:
    """Fetch the sent file back from the local Bot API server: getFile, then the download."""
    assert harness.application is not None
    document = message["document"]
    assert document["file_name"] == "mijngegevens.json"
    assert document["mime_type"] == "application/json"
    file = await harness.application.bot.get_file(document["file_id"])
    raw = bytes(await file.download_as_bytearray())
    exported: dict[str, Any] = json.loads(raw.decode("utf-8"))
    exported["_raw"] = raw.decode("utf-8")
    return exported


async def _answers(harness: Harness) -> int:
    """An activity both parents answered; a message to group 5b, delivered. Returns the event id."""
    now = harness.clock.now()
    async with harness.db.transaction() as session:
        school = await session.scalar(select(School))
        assert school is not None
        starts = now - timedelta(days=2)
        event = Event(
            school_id=school.id,
            kind=EventKind.KOFFIE,
            place="het schoolplein",
            starts_at=starts,
            ends_at=starts + timedelta(minutes=45),
            invite_at=starts - timedelta(days=5),
            reminder_at=starts - timedelta(hours=1),
            feedback_at=starts + timedelta(hours=2),
            created_at=starts - timedelta(days=10),
        )
        session.add(event)
        await session.flush()
        parents = {p.name: p.id for p in await session.scalars(select(Parent))}
        for name, answer, answered in (
            ("Amira Haddad", RsvpAnswer.YES, False),
            ("Piet Bakker", RsvpAnswer.NO, True),
        ):
            session.add(
                Rsvp(
                    event_id=event.id,
                    parent_id=parents[name],
                    answer=answer,
                    answered_at=starts - timedelta(days=1),
                )
            )
            session.add(
                FeedbackInvite(event_id=event.id, parent_id=parents[name], answered=answered)
            )
        group = await session.scalar(select(Group).where(Group.name == "5b"))
        assert group is not None
        await outbox.enqueue(
            session,
            school_id=school.id,
            template_key="gym",
            fields={"date": "2026-12-01"},
            group_ids=[group.id],
            now=now,
            urgent=True,
        )
        event_id = event.id
    await harness.drain()
    return event_id


async def test_parent_gets_own_data_as_a_file(harness: Harness) -> None:
    codes = await harness.import_parents(CSV)
    await join_parent(harness, AMIRA, codes["Amira Haddad"], "ar")
    await join_parent(harness, PIET, codes["Piet Bakker"], "nl")
    await _answers(harness)

    [text, document] = await harness.say(AMIRA, "/mijngegevens")
    assert "Amira Haddad" in text["text"]  # the message stays as it was
    assert document["caption"].startswith(RLM)  # Arabic: right to left
    exported = await _download(harness, document)
    assert exported["role"] == "ouder" and exported["name"] == "Amira Haddad"
    assert exported["school"] == "OBS De Linde"
    assert exported["language"] == "ar" and exported["chat_status"] == "active"
    assert exported["consent_at"] == harness.clock.now().astimezone(UTC).isoformat()
    assert sorted((g["group"], g["child_first_name"]) for g in exported["groups"]) == [
        ("5b", "Yasmin"),
        ("7a", "Omar"),
    ]
    [rsvp] = exported["rsvps"]
    assert (rsvp["activity"], rsvp["answer"]) == ("koffie", "yes")
    [feedback] = exported["feedback"]
    assert feedback == {
        "activity": "koffie",
        "title": None,
        "starts_at": rsvp["starts_at"],
        "answered": False,
    }
    assert exported["messages"] == {"delivered": 1, "waiting": 0, "not_delivered": 0}
    for other in ("Piet", "Bakker", "Daan", str(PIET)):  # nothing of the other parent
        assert other not in exported["_raw"]


async def test_stop_deletes_the_parents_rsvps_and_feedback_invitations(harness: Harness) -> None:
    codes = await harness.import_parents(CSV)
    await join_parent(harness, AMIRA, codes["Amira Haddad"], "ar")
    await join_parent(harness, PIET, codes["Piet Bakker"], "nl")
    event_id = await _answers(harness)
    [question] = await harness.say(AMIRA, "/stop")
    await harness.press(AMIRA, question, data="stop:yes")
    async with harness.db.transaction() as session:
        piet = await session.scalar(select(Parent.id).where(Parent.name == "Piet Bakker"))
        rsvps = list(await session.execute(select(Rsvp.event_id, Rsvp.parent_id)))
        invites = list(await session.scalars(select(FeedbackInvite.parent_id)))
    assert [tuple(row) for row in rsvps] == [(event_id, piet)]
    assert invites == [piet]


async def test_staff_member_gets_own_data_as_a_file(harness: Harness) -> None:
    codes = await harness.import_parents(CSV)
    await join_parent(harness, PIET, codes["Piet Bakker"], "nl")
    await join_staff(harness, JUF, await harness.add_teacher("Juf Sanne", ["5b"]))
    [_text, document] = await harness.say(JUF, "/mijngegevens")
    exported = await _download(harness, document)
    assert exported["role"] == "leerkracht" and exported["name"] == "Juf Sanne"
    assert exported["groups"] == [{"group": "5b"}]
    assert "rsvps" not in exported
    assert "Piet" not in exported["_raw"] and "Daan" not in exported["_raw"]
