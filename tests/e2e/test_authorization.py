"""Who may do what: every command and every button action, for every role, through the real bot.

Two tables drive the tests. COMMANDS says per role whether a command starts its flow (ok), is
refused (no: an answer without buttons, nothing stored) or only informs (info: an answer without
buttons and without a flow). BUTTONS lists callback data that is valid in format but belongs to
someone else, or to a step the role may never reach; "no" means the press must be refused: the
bot answers with the "no longer works" toast, sends nothing and changes nothing in the database.
Before a forged press the chat is put in the step where the button would be valid for its
rightful owner, so the role and ownership checks are tested, not only the step check. Presses
are forged with the local server's test-only `forge_callback` (Telegram, like `press`, only
lets users press buttons that are on the message). "-" marks the role's own buttons; a few of
those are pressed the same way in test_forged_own_button_is_accepted, to show that the forged
presses really reach the bot.

Setting up the school takes a while, so one school is built per database kind and shared by
the tests of this module; each test first resets the chats and undoes what the positive
controls changed.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import delete, select, update
from telegram.ext import ApplicationBuilder, CommandHandler

from berichten.events import KOFFIE_DEFAULTS, Timing, create_event, create_series
from berichten.i18n import translations
from berichten.importer import import_rows, parse_csv
from berichten.models import (
    Base,
    Chat,
    Delivery,
    EventKind,
    EventSeries,
    Group,
    Message,
    Reminder,
    Rsvp,
    School,
    SeriesStatus,
    Staff,
    StaffRole,
)
from berichten.reminders import create_reminder
from berichten.staffing import add_staff
from bot.application import add_handlers
from bot.callbacks import _VALIDATORS
from bot.localapi.client import ControlError
from tests.dbfixtures import fresh_database
from tests.e2e.harness import TOKEN, TZ, Harness, buttons, join_parent, join_staff

pytestmark = pytest.mark.asyncio(loop_scope="module")

PARENT, PARENT_6A, TEACHER, OTHER_TEACHER = 8601, 8602, 8603, 8604
DIRECTOR, BEHEERDER, UNKNOWN, OTHER_SCHOOL = 8605, 8606, 8607, 8608
USERS = {
    "parent": PARENT,  # group 5b
    "teacher": TEACHER,  # leerkracht of 5b
    "other_teacher": OTHER_TEACHER,  # leerkracht of 6a
    "director": DIRECTOR,
    "beheerder": BEHEERDER,
    "unknown": UNKNOWN,  # never joined
    "other_school": OTHER_SCHOOL,  # director of another school
    "parent_6a": PARENT_6A,  # the owner of 6a's invitations (positive controls only)
}
SCHOOL = "OBS De Linde"
OTHER = "Basisschool De Eik"
CSV = "groep,ouder,kind,taal\n5b,Anna de Vries,Sem,nl\n6a,Piet Bakker,Daan,nl\n"
OTHER_CSV = b"groep,ouder,kind,taal\n7a,Eva Jansen,Lot,nl\n"
PLAIN = "Beste ouders,\nMorgen gaan we naar het bos. Geef uw kind laarzen mee.\nGroet, juf Sanne"
NO_LONGER_WORKS = translations("nl").gettext("This button no longer works.")

OK, NO, INFO, OWN = "ok", "no", "info", "-"

# ---------------------------------------------------------------------------------------------
# Commands: does the role get the staff flow?
# ---------------------------------------------------------------------------------------------

# Columns: the parent (group 5b), the teacher of 5b, the teacher of 6a, the director, the
# beheerder and a chat that never joined.
COMMAND_ROLES = ("parent", "teacher", "other_teacher", "director", "beheerder", "unknown")
# fmt: off
COMMANDS = {
    #                   parent 5b      6a    director beheerder unknown
    "/start":           "info   info    info  info     info      info",
    "/help":            "info   info    info  info     info      info",
    "/taal":            "ok     ok      ok    ok       ok        info",
    "/mijngegevens":    "info   info    info  info     info      info",
    "/stop":            "ok     ok      ok    ok       ok        info",
    "/brief":           "no     ok      ok    ok       no        no",
    "/koffie":          "no     no      no    ok       ok        no",
    "/activiteit":      "no     no      no    ok       ok        no",
    "/herinnering":     "no     ok      ok    ok       no        no",
    "/herinneringen":   "no     ok      ok    ok       no        no",
    "/resultaten":      "no     ok      ok    ok       ok        no",
    "text":             "info   info    info  info     info      info",
}
# fmt: on
PLAIN_TEXT = "Hallo, ik heb een vraag over morgen."


@dataclass(frozen=True)
class Probe:
    """How an allowed command shows itself: buttons with this action, and/or this chat step."""

    action: str | None = None
    state: str | None = None


PROBES = {
    "/taal": Probe(action="lang"),
    "/stop": Probe(action="stop", state="confirm_stop"),
    "/brief": Probe(state="brief_draft"),
    "/koffie": Probe(action="ks"),
    "/activiteit": Probe(action="ev", state="event_kind"),
    "/herinnering": Probe(action="rem", state="rem_template"),
    "/herinneringen": Probe(action="rem"),
    "/resultaten": Probe(action="res"),
}


def _command_cases() -> list[Any]:
    cases = []
    for command, row in COMMANDS.items():
        marks = row.split()
        assert len(marks) == len(COMMAND_ROLES), command
        for role, expected in zip(COMMAND_ROLES, marks, strict=True):
            assert expected in (OK, NO, INFO)
            assert expected != OK or command in PROBES, command
            cases.append(pytest.param(role, command, expected, id=f"{role}-{command}-{expected}"))
    return cases


# ---------------------------------------------------------------------------------------------
# Buttons: forged callback data that is valid in format but not the role's.
# ---------------------------------------------------------------------------------------------

BUTTON_ROLES = (
    "parent",
    "teacher",
    "other_teacher",
    "director",
    "beheerder",
    "unknown",
    "other_school",
)
# Columns: the parent (group 5b), the teacher of 5b, the teacher of 6a, the director, the
# beheerder, an unknown chat and the director of a second school. {names} are filled in with
# the ids of the school built below; the step is the chat state in which the button is valid
# for its rightful owner (the chat is put there before the press).
# fmt: off
BUTTONS: list[tuple[str, str | None, str]] = [
    # data                  step                parent 5b     6a    dir beh unknown school2
    ("lang:en",             None,               "-      -       -     -   -   no      -"),
    ("consent:yes",         None,               "no     no      no    no  no  no      no"),
    ("consent:no",          None,               "no     no      no    no  no  no      no"),
    ("stop:yes",            None,               "no     no      no    no  no  no      no"),
    ("orig:{msg_6a}",       None,               "no     no      no    no  no  no      no"),
    ("read:{delivery_6a}",  None,               "no     no      no    no  no  no      no"),
    ("brief:send",          "brief_checked",    "no     -       -     -   no  no      -"),
    ("brief:now",           "brief_when",       "no     -       -     -   no  no      -"),
    ("grp:{g5b}",           "brief_groups",     "no     -       no    -   no  no      no"),
    ("grp:{g6a}",           "brief_groups",     "no     no      -     -   no  no      no"),
    ("grp:{g7a}",           "brief_groups",     "no     no      no    no  no  no      -"),
    ("grp:all",             "brief_groups",     "no     -       -     -   no  no      -"),
    ("when:d20261214",      "brief_time",       "no     -       -     -   no  no      -"),
    ("rsvp:{ev_future}y",   None,               "no     no      no    no  no  no      no"),
    ("rsvp:{ev_past}m",     None,               "no     no      no    no  no  no      no"),
    ("fb:{ev_past}s5",      None,               "no     no      no    no  no  no      no"),
    ("fb:{ev_past}skip",    None,               "no     no      no    no  no  no      no"),
    ("ks:new",              None,               "no     no      no    -   -   no      -"),
    ("ks:make",             "koffie_new",       "no     no      no    -   -   no      -"),
    ("ks:p{series}",        None,               "no     no      no    -   -   no      no"),
    ("ks:x{series}",        None,               "no     no      no    -   -   no      no"),
    ("ks:t{series}",        None,               "no     no      no    -   -   no      no"),
    ("ev:ouderavond",       "event_kind",       "no     no      no    -   -   no      -"),
    ("ev:all",              "event_groups",     "no     no      no    -   -   no      -"),
    ("ev:go",               "event_groups_5b",  "no     no      no    -   -   no      -"),
    ("ev:g{g5b}",           "event_groups",     "no     no      no    -   -   no      no"),
    ("ev:g{g7a}",           "event_groups",     "no     no      no    no  no  no      -"),
    ("rem:tgym",            "rem_template",     "no     -       -     -   no  no      -"),
    ("rem:wthu",            "rem_weekday",      "no     -       -     -   no  no      -"),
    ("rem:p{rem_teacher}",  None,               "no     -       no    no  no  no      no"),
    ("rem:d{rem_teacher}",  None,               "no     -       no    no  no  no      no"),
    ("rem:r{rem_other}",    None,               "no     no      -     no  no  no      no"),
    ("res:e{ev_past}",      None,               "no     no      no    -   -   no      no"),
    ("res:s{ev_past}",      None,               "no     no      no    -   -   no      no"),
    ("res:e{ev_teacher}",   None,               "no     -       no    -   -   no      no"),
]
# fmt: on


def _button_cases() -> list[Any]:
    cases = []
    for data, step, row in BUTTONS:
        marks = row.split()
        assert len(marks) == len(BUTTON_ROLES), data
        for role, expected in zip(BUTTON_ROLES, marks, strict=True):
            assert expected in (NO, OWN), data
            if expected == NO:
                cases.append(pytest.param(role, data, step, id=f"{role}-{data}"))
    return cases


def _steps(ids: dict[str, int]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Chat states as the real flows leave them, just before the button is pressed."""
    letter = {"draft": PLAIN, "verdict": "ok"}
    event = {
        "kind": "ouderavond",
        "start": datetime(2026, 12, 22, 19, 0, tzinfo=TZ).isoformat(),
        "end": datetime(2026, 12, 22, 20, 30, tzinfo=TZ).isoformat(),
        "place": "de aula",
    }
    return {
        "brief_checked": ("brief_checked", dict(letter)),
        "brief_groups": ("brief_groups", {**letter, "groups": []}),
        "brief_when": ("brief_when", {**letter, "groups": [ids["g5b"]]}),
        "brief_time": ("brief_time", {**letter, "groups": [ids["g5b"]]}),
        "koffie_new": ("koffie_new", {"draft": dict(KOFFIE_DEFAULTS)}),
        "event_kind": ("event_kind", {}),
        "event_groups": ("event_groups", {**event, "groups": []}),
        "event_groups_5b": ("event_groups", {**event, "groups": [ids["g5b"]]}),
        "rem_template": ("rem_template", {}),
        "rem_weekday": ("rem_weekday", {"template": "gym", "fields": {}, "todo": []}),
    }


# ---------------------------------------------------------------------------------------------
# The school, shared by the tests of this module (one per database kind).
# ---------------------------------------------------------------------------------------------


@dataclass
class SharedSchool:
    """The running bot and the ids of what the tables above refer to."""

    harness: Harness
    ids: dict[str, int] = field(default_factory=dict)

    async def reset(self) -> None:
        """Every chat idle and Dutch; undo what the positive controls changed."""
        async with self.harness.db.transaction() as session:
            await session.execute(update(Chat).values(state=None, state_data=None, language="nl"))
            await session.execute(update(EventSeries).values(status=SeriesStatus.ACTIVE))
            await session.execute(update(Reminder).values(status=SeriesStatus.ACTIVE))
            await session.execute(delete(Rsvp))

    async def set_state(self, user_id: int, state: str, data: dict[str, Any]) -> None:
        async with self.harness.db.transaction() as session:
            await session.execute(
                update(Chat)
                .where(Chat.telegram_chat_id == user_id)
                .values(state=state, state_data=data)
            )

    async def chat(self, user_id: int) -> Chat | None:
        async with self.harness.db.transaction() as session:
            return await session.scalar(select(Chat).where(Chat.telegram_chat_id == user_id))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Like the `database_url` fixture, but one database for the whole module."""
    yield from fresh_database(request, tmp_path_factory.mktemp("authorization"))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def school(module_database_url: str) -> AsyncIterator[SharedSchool]:
    harness = Harness(module_database_url)
    await harness.start()
    try:
        yield await _build(harness)
    finally:
        await harness.stop()


async def _build(harness: Harness) -> SharedSchool:
    harness.clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=TZ))  # a Tuesday
    codes = await harness.import_parents(CSV)
    await join_parent(harness, PARENT, codes["Anna de Vries"], "nl")
    await join_parent(harness, PARENT_6A, codes["Piet Bakker"], "nl")
    await join_staff(harness, TEACHER, await harness.add_teacher("Juf Sanne", ["5b"]))
    await join_staff(harness, OTHER_TEACHER, await harness.add_teacher("Meester Ali", ["6a"]))
    await join_staff(
        harness, DIRECTOR, await harness.add_staff("Directeur Els", StaffRole.DIRECTEUR, [])
    )
    await join_staff(
        harness, BEHEERDER, await harness.add_staff("Beheerder Kees", StaffRole.BEHEERDER, [])
    )
    now = harness.clock.now()
    async with harness.db.transaction() as session:  # a second school, with its group 7a
        await import_rows(session, parse_csv(OTHER_CSV), OTHER, now, TZ, timedelta(days=30))
        other = await add_staff(
            session,
            school_name=OTHER,
            name="Directeur Bram",
            role=StaffRole.DIRECTEUR,
            group_names=[],
            now=now,
            tz=TZ,
            valid_for=timedelta(days=30),
        )
    await join_staff(harness, OTHER_SCHOOL, other.code)
    await harness.say(UNKNOWN, "hallo")  # the unknown chat has a message to press on

    ids: dict[str, int] = {}
    async with harness.db.transaction() as session:
        schools = {s.name: s.id for s in await session.scalars(select(School))}
        staff = {s.name: s.id for s in await session.scalars(select(Staff))}
        groups = {g.name: g.id for g in await session.scalars(select(Group))}
        ids.update(g5b=groups["5b"], g6a=groups["6a"], g7a=groups["7a"])

        async def event(organiser: str, group: str, start: datetime, hours: float) -> int:
            created = await create_event(
                session,
                school_id=schools[SCHOOL],
                organiser_staff_id=staff[organiser],
                kind=EventKind.INLOOPOCHTEND,
                starts_at=start,
                ends_at=start + timedelta(hours=hours),
                place="de aula",
                group_ids=[groups[group]],
                now=now,
                tz=TZ,
                timing=Timing(),
            )
            return created.id

        morning = datetime(2026, 12, 3, 8, 30, tzinfo=TZ)
        ids["ev_past"] = await event("Directeur Els", "6a", morning, 1.5)
        ids["ev_teacher"] = await event("Juf Sanne", "5b", morning, 1.5)
        ids["ev_other"] = await event("Meester Ali", "6a", morning, 1.5)
        ids["ev_future"] = await event(
            "Directeur Els", "6a", datetime(2026, 12, 17, 14, 0, tzinfo=TZ), 1
        )
    # Invitations, morning reminders and feedback questions of the three past mornings, then
    # the invitation of the future one: only the parent of 6a gets those of 6a.
    for moment in (
        datetime(2026, 11, 28, 15, 0, tzinfo=TZ),
        datetime(2026, 12, 3, 7, 30, tzinfo=TZ),
        datetime(2026, 12, 3, 11, 0, tzinfo=TZ),
        datetime(2026, 12, 12, 15, 0, tzinfo=TZ),
    ):
        await harness.tick(moment)
    now = harness.clock.now()
    async with harness.db.transaction() as session:
        series = await create_series(
            session,
            school_id=schools[SCHOOL],
            organiser_staff_id=staff["Directeur Els"],
            now=now,
        )
        ids["series"] = series.id
        for key, owner, chat, group in (
            ("rem_teacher", "Juf Sanne", TEACHER, "5b"),
            ("rem_other", "Meester Ali", OTHER_TEACHER, "6a"),
            ("rem_director", "Directeur Els", DIRECTOR, "5b"),
        ):
            reminder = await create_reminder(
                session,
                school_id=schools[SCHOOL],
                staff_id=staff[owner],
                sender_chat_id=chat,
                template_key="gym",
                fields={},
                group_ids=[groups[group]],
                now=now,
                weekday="wed",
            )
            ids[key] = reminder.id
        invitation = (
            await session.execute(
                select(Message.id, Delivery.id)
                .join(Delivery, Delivery.message_id == Message.id)
                .where(Message.event_id == ids["ev_future"], Delivery.telegram_chat_id == PARENT_6A)
            )
        ).one()
        ids["msg_6a"], ids["delivery_6a"] = invitation
        received = set(
            await session.scalars(
                select(Delivery.telegram_chat_id)
                .join(Message, Delivery.message_id == Message.id)
                .where(Message.event_id.in_([ids["ev_past"], ids["ev_future"]]))
            )
        )
    assert received == {PARENT_6A}, "only the parent of 6a was invited to 6a's mornings"
    return SharedSchool(harness, ids)


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


async def snapshot(harness: Harness) -> dict[str, list[str]]:
    """Every row of every table, to show that a refused press changed nothing."""
    dump: dict[str, list[str]] = {}
    async with harness.db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(select(table))).all()
            dump[table.name] = sorted(repr(tuple(row)) for row in rows)
    return dump


def changed_tables(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    return [name for name in before if before[name] != after.get(name)]


async def forge(harness: Harness, user_id: int, message_id: int, data: str) -> list[dict[str, Any]]:
    """Press `data` on a message as a modified client could; return the bot's new messages."""
    assert harness.client is not None
    before = len(await harness.messages(user_id))
    update_ = await harness.client.forge_callback(user_id, message_id, data)
    return await harness._handled(update_, before, user_id)


def problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.levelname} {r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.WARNING
    ]


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "command", "expected"), _command_cases())
async def test_command_matrix(
    school: SharedSchool,
    caplog: pytest.LogCaptureFixture,
    role: str,
    command: str,
    expected: str,
) -> None:
    caplog.set_level(logging.WARNING)
    harness = school.harness
    user = USERS[role]
    await school.reset()
    before = await snapshot(harness)
    answers = await harness.say(user, PLAIN_TEXT if command == "text" else command)
    after = await snapshot(harness)
    chat = await school.chat(user)
    state = chat.state if chat is not None else None
    offered = {b["callback_data"].split(":")[0] for m in answers for b in buttons(m)}
    assert answers, "every command gets an answer"
    if expected == OK:
        probe = PROBES[command]
        if probe.action is not None:
            assert probe.action in offered, f"{role} {command}: no {probe.action} buttons"
        if probe.state is not None:
            assert state == probe.state, f"{role} {command}: the flow did not start"
    else:
        assert offered == set(), f"{role} {command} offered buttons {offered}"
        assert state is None, f"{role} {command} entered step {state}"
        if expected == NO:
            assert changed_tables(before, after) == []
    assert problems(caplog) == []


@pytest.mark.parametrize(("role", "data", "step"), _button_cases())
async def test_forged_button_is_refused(
    school: SharedSchool,
    caplog: pytest.LogCaptureFixture,
    role: str,
    data: str,
    step: str | None,
) -> None:
    caplog.set_level(logging.WARNING)
    harness = school.harness
    assert harness.client is not None
    user = USERS[role]
    await school.reset()
    if step is not None and role != "unknown":
        await school.set_state(user, *_steps(school.ids)[step])
    forged = data.format(**school.ids)
    chat_before = await harness.messages(user)
    answered = len(await harness.client.callback_answers(user))
    before = await snapshot(harness)

    new = await forge(harness, user, chat_before[-1]["message_id"], forged)

    after = await snapshot(harness)
    answers = (await harness.client.callback_answers(user))[answered:]
    assert [a["text"] for a in answers] == [NO_LONGER_WORKS], f"{role} pressed {forged}"
    assert new == [], f"{role} pressed {forged} and got messages"
    assert await harness.messages(user) == chat_before, "the pressed message was edited"
    assert changed_tables(before, after) == [], f"{role} pressed {forged}"
    assert problems(caplog) == []


async def _paused(school: SharedSchool, _new: list[dict[str, Any]], _user: int) -> bool:
    async with school.harness.db.transaction() as session:
        series = await session.get(EventSeries, school.ids["series"])
        return series is not None and series.status is SeriesStatus.PAUSED


async def _reminder_paused(school: SharedSchool, _new: list[dict[str, Any]], _user: int) -> bool:
    async with school.harness.db.transaction() as session:
        reminder = await session.get(Reminder, school.ids["rem_teacher"])
        return reminder is not None and reminder.status is SeriesStatus.PAUSED


async def _rsvp_stored(school: SharedSchool, _new: list[dict[str, Any]], _user: int) -> bool:
    async with school.harness.db.transaction() as session:
        found = await session.scalar(select(Rsvp).where(Rsvp.event_id == school.ids["ev_future"]))
        return found is not None


async def _english(school: SharedSchool, _new: list[dict[str, Any]], user: int) -> bool:
    chat = await school.chat(user)
    return chat is not None and chat.language == "en"


async def _picked_6a(school: SharedSchool, _new: list[dict[str, Any]], user: int) -> bool:
    chat = await school.chat(user)
    return chat is not None and (chat.state_data or {}).get("groups") == [school.ids["g6a"]]


async def _chart(school: SharedSchool, new: list[dict[str, Any]], _user: int) -> bool:
    return any(message.get("photo") for message in new)


async def _drafting(school: SharedSchool, _new: list[dict[str, Any]], user: int) -> bool:
    chat = await school.chat(user)
    return chat is not None and chat.state == "koffie_new"


Check = Callable[[SharedSchool, list[dict[str, Any]], int], Awaitable[bool]]
OWN_PRESSES: list[tuple[str, str, str | None, Check]] = [
    ("parent", "lang:en", None, _english),
    ("parent_6a", "rsvp:{ev_future}y", None, _rsvp_stored),
    ("teacher", "rem:p{rem_teacher}", None, _reminder_paused),
    ("other_teacher", "grp:{g6a}", "brief_groups", _picked_6a),
    ("director", "ks:p{series}", None, _paused),
    ("beheerder", "ks:p{series}", None, _paused),
    ("director", "res:e{ev_past}", None, _chart),
    ("other_school", "ks:new", None, _drafting),
]


@pytest.mark.parametrize(
    ("role", "data", "step", "check"),
    [pytest.param(*case, id=f"{case[0]}-{case[1]}") for case in OWN_PRESSES],
)
async def test_forged_own_button_is_accepted(
    school: SharedSchool,
    caplog: pytest.LogCaptureFixture,
    role: str,
    data: str,
    step: str | None,
    check: Check,
) -> None:
    """Positive controls: the same forged presses do work for the button's owner."""
    caplog.set_level(logging.WARNING)
    harness = school.harness
    assert harness.client is not None
    user = USERS[role]
    await school.reset()
    if step is not None:
        await school.set_state(user, *_steps(school.ids)[step])
    answered = len(await harness.client.callback_answers(user))
    last = (await harness.messages(user))[-1]
    new = await forge(harness, user, last["message_id"], data.format(**school.ids))
    answers = (await harness.client.callback_answers(user))[answered:]
    assert len(answers) == 1 and answers[0]["text"] != NO_LONGER_WORKS
    assert await check(school, new, user), f"{role} pressed {data}: no effect"
    assert problems(caplog) == []
    await school.reset()


async def test_teacher_cannot_send_a_letter_to_another_teachers_group(
    school: SharedSchool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    harness = school.harness
    assert harness.client is not None
    await school.reset()
    await harness.say(TEACHER, "/brief")
    [report] = await harness.say(TEACHER, PLAIN)
    [groups] = await harness.press(TEACHER, report, data="brief:send")
    offered = {b["callback_data"] for b in buttons(groups)}
    assert f"grp:{school.ids['g5b']}" in offered
    assert f"grp:{school.ids['g6a']}" not in offered and f"grp:{school.ids['g7a']}" not in offered
    for group in ("g6a", "g7a"):
        answered = len(await harness.client.callback_answers(TEACHER))
        assert await forge(harness, TEACHER, groups["message_id"], f"grp:{school.ids[group]}") == []
        answers = (await harness.client.callback_answers(TEACHER))[answered:]
        assert [a["text"] for a in answers] == [NO_LONGER_WORKS]
        chat = await school.chat(TEACHER)
        assert chat is not None and chat.state == "brief_groups"
        assert (chat.state_data or {}).get("groups") == []
    [ticked] = await harness.press(TEACHER, groups, data="grp:all")
    [preview] = await harness.press(TEACHER, ticked, data="brief:done")
    await harness.press(TEACHER, preview, data="brief:now")
    async with harness.db.transaction() as session:
        message = await session.scalar(
            select(Message).where(Message.sender_chat_id == TEACHER).order_by(Message.id.desc())
        )
        assert message is not None
        chats = set(
            await session.scalars(
                select(Delivery.telegram_chat_id).where(Delivery.message_id == message.id)
            )
        )
    assert chats == {PARENT}, "the letter goes to 5b only"
    assert problems(caplog) == []


async def test_other_school_sees_only_its_own_series_and_results(school: SharedSchool) -> None:
    await school.reset()
    harness = school.harness
    own = await harness.say(OTHER_SCHOOL, "/koffie")
    offered = {b["callback_data"] for m in own for b in buttons(m)}
    assert offered == {"ks:new"}, "no series of the other school"
    [results] = await harness.say(OTHER_SCHOOL, "/resultaten")
    assert buttons(results) == []
    leaders = await harness.say(DIRECTOR, "/koffie")
    assert f"ks:p{school.ids['series']}" in {
        b["callback_data"] for m in leaders for b in buttons(m)
    }


async def test_forging_needs_an_existing_message(school: SharedSchool) -> None:
    assert school.harness.client is not None
    with pytest.raises(ControlError):
        await school.harness.client.forge_callback(UNKNOWN, 9999, "rsvp:1y")


async def test_the_tables_cover_every_command_and_button_action() -> None:
    assert {data.split(":")[0] for data, _step, _row in BUTTONS} == set(_VALIDATORS)
    application = ApplicationBuilder().token(TOKEN).build()
    add_handlers(application)
    registered = {
        f"/{command}"
        for handlers in application.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    assert set(COMMANDS) | {"/language"} == registered | {"text"}
