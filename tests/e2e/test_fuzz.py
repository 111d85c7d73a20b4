"""Random texts and random button data, through the real bot, in many conversation steps.

Hypothesis draws a role (parent, teacher, director), a step of a conversation (idle, in the
middle of /brief, a /koffie draft, a reminder, an activity, the open feedback answer, ...) and a
few inputs: texts full of Unicode, right-to-left script, emoji, control characters, zero-width
joiners, HTML- and Markdown-looking text, 4096-character texts; or callback data, random or
valid-looking. Each example walks the real flow to its step, sends the inputs, then drains the
outbox. The bot must handle every update (the harness waits for each one), log nothing at
WARNING or above (a crashing handler logs "handler failed"), and escape what users typed: the
local server parses HTML like Telegram, so an unescaped "<" is a 400 and thus a logged failure,
and a school message that cannot be delivered ends up "failed" in the outbox.

The async test bodies run with pytest-asyncio's Hypothesis support: one bot per test, on one
event loop, and each example resets the chats before it walks to its step.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from berichten.events import Timing, create_event, create_series
from berichten.models import (
    Chat,
    Delivery,
    DeliveryState,
    EventKind,
    EventSeries,
    FeedbackAnswer,
    Group,
    Reminder,
    School,
    SeriesStatus,
    Staff,
    StaffRole,
)
from berichten.reminders import create_reminder
from berichten.translation import Translator
from tests.e2e.harness import TZ, Harness, buttons, join_parent, join_staff
from tests.translation.fake_libretranslate import FakeLibreTranslate

PARENT, TEACHER, DIRECTOR = 8701, 8702, 8703
USERS = {"parent": PARENT, "teacher": TEACHER, "director": DIRECTOR}
LANGUAGES = {PARENT: "ar", TEACHER: "nl", DIRECTOR: "nl"}
CSV = "groep,ouder,kind,taal\n5b,Amira Haddad,Yasmin,ar\n"
PLAIN = "Beste ouders,\nMorgen gaan we naar het bos. Geef uw kind laarzen mee.\nGroet, juf Sanne"

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class FuzzSchool:
    harness: Harness
    ids: dict[str, int] = field(default_factory=dict)

    async def reset(self) -> None:
        """Every chat idle in its own language; series and reminders as they were made."""
        async with self.harness.db.transaction() as session:
            for user, language in LANGUAGES.items():
                await session.execute(
                    update(Chat)
                    .where(Chat.telegram_chat_id == user)
                    .values(state=None, state_data=None, language=language)
                )
            await session.execute(update(EventSeries).values(status=SeriesStatus.ACTIVE))
            await session.execute(update(Reminder).values(status=SeriesStatus.ACTIVE))


@pytest.fixture
async def school(database_url: str) -> AsyncIterator[FuzzSchool]:
    libre = FakeLibreTranslate()
    await libre.start()
    harness = Harness(database_url, translator=Translator("libre", url=libre.url, timeout=5))
    await harness.start()
    try:
        yield await _build(harness)
    finally:
        await harness.stop()
        await libre.stop()


async def _build(harness: Harness) -> FuzzSchool:
    harness.clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=TZ))
    codes = await harness.import_parents(CSV)
    await join_parent(harness, PARENT, codes["Amira Haddad"], "ar")
    await join_staff(harness, TEACHER, await harness.add_teacher("Juf Sanne", ["5b"]))
    director = await harness.add_staff("Directeur Els", StaffRole.DIRECTEUR, [])
    await join_staff(harness, DIRECTOR, director)
    ids: dict[str, int] = {}
    now = harness.clock.now()
    async with harness.db.transaction() as session:
        school_id = await session.scalar(select(School.id))
        director_id = await session.scalar(select(Staff.id).where(Staff.name == "Directeur Els"))
        teacher_id = await session.scalar(select(Staff.id).where(Staff.name == "Juf Sanne"))
        group_id = await session.scalar(select(Group.id).where(Group.name == "5b"))
        assert school_id and director_id and teacher_id and group_id
        ids.update(group=group_id)
        for key, start, hours in (
            ("ev_past", datetime(2026, 12, 3, 8, 30, tzinfo=TZ), 1.5),
            ("ev_future", datetime(2026, 12, 17, 14, 0, tzinfo=TZ), 1.0),
        ):
            event = await create_event(
                session,
                school_id=school_id,
                organiser_staff_id=director_id,
                kind=EventKind.INLOOPOCHTEND,
                starts_at=start,
                ends_at=start + timedelta(hours=hours),
                place="de aula",
                group_ids=[group_id],
                now=now,
                tz=TZ,
                timing=Timing(),
            )
            ids[key] = event.id
    for moment in (
        datetime(2026, 11, 28, 15, 0, tzinfo=TZ),
        datetime(2026, 12, 3, 7, 30, tzinfo=TZ),
        datetime(2026, 12, 3, 11, 0, tzinfo=TZ),
        datetime(2026, 12, 12, 15, 0, tzinfo=TZ),
    ):
        await harness.tick(moment)
    # The parent taps a face on the feedback question: the open answer can follow.
    question = next(
        m
        for m in reversed(await harness.messages(PARENT))
        if any(b["callback_data"].startswith(f"fb:{ids['ev_past']}s") for b in buttons(m))
    )
    await harness.press(PARENT, question, data=f"fb:{ids['ev_past']}s4")
    async with harness.db.transaction() as session:
        answer_id = await session.scalar(select(FeedbackAnswer.id))
        assert answer_id is not None
        ids["answer"] = answer_id
        series = await create_series(
            session, school_id=school_id, organiser_staff_id=director_id, now=harness.clock.now()
        )
        ids["series"] = series.id
        reminder = await create_reminder(
            session,
            school_id=school_id,
            staff_id=teacher_id,
            sender_chat_id=TEACHER,
            template_key="gym",
            fields={},
            group_ids=[group_id],
            now=harness.clock.now(),
            weekday="wed",
        )
        ids["reminder"] = reminder.id
    fuzz = FuzzSchool(harness, ids)
    await fuzz.reset()
    return fuzz


# ---------------------------------------------------------------------------------------------
# Walking to a step through the real flows
# ---------------------------------------------------------------------------------------------


async def _press(harness: Harness, user: int, data: str) -> list[dict[str, Any]]:
    """Press the newest button with this data (a real press: the button must be there)."""
    for message in reversed(await harness.messages(user)):
        if any(b.get("callback_data") == data for b in buttons(message)):
            return await harness.press(user, message, data=data)
    raise AssertionError(f"no button {data} in chat {user}")


async def _set_state(school: FuzzSchool, user: int, state: str, data: dict[str, Any]) -> None:
    async with school.harness.db.transaction() as session:
        await session.execute(
            update(Chat).where(Chat.telegram_chat_id == user).values(state=state, state_data=data)
        )


Walk = Callable[[FuzzSchool], Awaitable[None]]


async def idle(_school: FuzzSchool) -> None:
    return None


async def feedback_open(school: FuzzSchool) -> None:
    # As the face button leaves it (a parent can tap a face only once, so it is set here).
    state = {"answer": school.ids["answer"], "event": school.ids["ev_past"]}
    await _set_state(school, PARENT, "feedback_open", state)


async def confirm_stop(school: FuzzSchool) -> None:
    await school.harness.say(PARENT, "/stop", language_code="ar")


async def brief_draft(school: FuzzSchool) -> None:
    await school.harness.say(TEACHER, "/brief")


async def brief_checked(school: FuzzSchool) -> None:
    await brief_draft(school)
    await school.harness.say(TEACHER, PLAIN)


async def brief_groups(school: FuzzSchool) -> None:
    await brief_checked(school)
    await _press(school.harness, TEACHER, "brief:send")


async def brief_time(school: FuzzSchool) -> None:
    await brief_groups(school)
    for data in ("grp:all", "brief:done", "brief:later"):
        await _press(school.harness, TEACHER, data)


async def reminder_field(school: FuzzSchool) -> None:
    await school.harness.say(TEACHER, "/herinnering")
    await _press(school.harness, TEACHER, "rem:tmeenemen")


async def reminder_date(school: FuzzSchool) -> None:
    await school.harness.say(TEACHER, "/herinnering")
    await _press(school.harness, TEACHER, "rem:tgym")
    await _press(school.harness, TEACHER, "rem:once")


async def koffie_draft_time(school: FuzzSchool) -> None:
    await school.harness.say(DIRECTOR, "/koffie")
    await _press(school.harness, DIRECTOR, "ks:new")
    await _press(school.harness, DIRECTOR, "ks:time")


async def koffie_draft_place(school: FuzzSchool) -> None:
    await school.harness.say(DIRECTOR, "/koffie")
    await _press(school.harness, DIRECTOR, "ks:new")
    await _press(school.harness, DIRECTOR, "ks:place")


async def koffie_series_place(school: FuzzSchool) -> None:
    await school.harness.say(DIRECTOR, "/koffie")
    await _press(school.harness, DIRECTOR, f"ks:l{school.ids['series']}")


async def event_end(school: FuzzSchool) -> None:
    await school.harness.say(DIRECTOR, "/activiteit")
    await _press(school.harness, DIRECTOR, "ev:ouderavond")
    await school.harness.say(DIRECTOR, "donderdag 17 december 19:00")


async def event_groups(school: FuzzSchool) -> None:
    await event_end(school)
    await school.harness.say(DIRECTOR, "20:30")
    await school.harness.say(DIRECTOR, "de aula")


async def results_reply(school: FuzzSchool) -> None:
    await school.harness.say(DIRECTOR, "/resultaten")
    await _press(school.harness, DIRECTOR, f"res:e{school.ids['ev_past']}")
    await _press(school.harness, DIRECTOR, f"res:s{school.ids['ev_past']}")


STEPS: dict[str, list[Walk]] = {
    "parent": [idle, feedback_open, confirm_stop],
    "teacher": [
        idle,
        brief_draft,
        brief_checked,
        brief_groups,
        brief_time,
        reminder_field,
        reminder_date,
    ],
    "director": [
        idle,
        koffie_draft_time,
        koffie_draft_place,
        koffie_series_place,
        event_end,
        event_groups,
        results_reply,
    ],
}
STEPS_WITHOUT_STOP = {
    role: [w for w in walks if w is not confirm_stop] for role, walks in STEPS.items()
}


def where(steps: dict[str, list[Walk]]) -> st.SearchStrategy[tuple[str, Walk]]:
    """A role and one of its steps."""
    return st.sampled_from([(role, walk) for role, walks in steps.items() for walk in walks])


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------

NASTY = [
    "<b>",
    "</b>",
    "<i>x</i>",
    "<a href='javascript:alert(1)'>x</a>",
    "<script>",
    "&amp;",
    "&lt;",
    "&",
    "&#0;",
    "<",
    ">",
    "*vet*",
    "_schuin_",
    "`code`",
    "```",
    "[link](http://x.invalid)",
    "~~",
    "||spoiler||",
    "\\",
    "{what}",
    "{0}",
    "%s",
    "\u200d",  # zero-width joiner
    "\u200b",  # zero-width space
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u2066",
    "\ufeff",
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈",
    "مرحبا بالمدرسة",
    "שלום",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\r\n",
    "\t",
    " ",
    "\n\n",
    "/",
    "morgen 8:00",
    "vrijdag 18 december",
    "15:00-15:45",
    "20:30",
    "ABCD-EFGH",
]
piece = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20),
)
short_text = st.lists(piece, min_size=1, max_size=8).map("".join)
long_text = st.lists(piece, min_size=1, max_size=4).map(
    lambda parts: ("".join(parts) * 4096)[:4096]
)
texts = st.one_of(short_text, short_text, long_text)
# Letters up to the longest a teacher may send (3500), so that escaping can make them long.
letters = st.one_of(
    short_text,
    st.tuples(st.lists(piece, min_size=1, max_size=4), st.integers(500, 3500)).map(
        lambda drawn: ("".join(drawn[0]) * 3500)[: drawn[1]]
    ),
)

ids = st.one_of(
    st.integers(1, 12).map(str),
    st.sampled_from(
        [
            "0",
            "-1",
            "01",
            "999999",
            "2147483647",
            "2147483648",
            "99999999999",
            "999999999999999999",
            "9223372036854775807",
            "9223372036854775808",
        ]
    ),
)
KNOWN = [
    f"{action}:{value}"
    for action, values in {
        "lang": ["nl", "ar", "en", "xx", "NL"],
        "consent": ["yes"],
        "stop": ["no"],
        "brief": ["send", "force", "again", "cancel", "now", "later", "done"],
        "grp": ["all"],
        "when": [
            "back",
            "d20261214",
            "d20261399",
            "d00000000",
            "t20261214T0800",
            "t20261214T2500",
            "t20261214T0801",
            "d20301214",
        ],
        "ks": ["new", "make", "cancel", "day", "time", "place", "wmon", "wfri", "wsun"],
        "ev": ["ouderavond", "inloopochtend", "viering", "all", "grp", "go", "cancel"],
        "rem": ["once", "week", "skip", "cancel", "wsat", "wsun", "tgym", "tmeenemen", "tvrij"],
    }.items()
    for value in values
]
callback_data = st.one_of(
    st.text(max_size=64).filter(lambda data: len(data.encode()) <= 64),
    st.sampled_from(KNOWN),
    st.builds("{}:{}".format, st.sampled_from(["rsvp", "fb", "ks"]), st.text(max_size=20)),
    st.builds("rsvp:{}{}".format, ids, st.sampled_from("ymnx")),
    st.builds("fb:{}s{}".format, ids, st.sampled_from("0123456789")),
    st.builds("fb:{}skip".format, ids),
    st.builds("{}:{}".format, st.sampled_from(["grp", "orig", "read"]), ids),
    st.builds("ks:{}{}".format, st.sampled_from("prxtlw"), ids),
    st.builds("ev:g{}".format, ids),
    st.builds("rem:{}{}".format, st.sampled_from("prdw"), ids),
    st.builds("res:{}{}".format, st.sampled_from("esx"), ids),
).filter(lambda data: data not in ("stop:yes", "consent:no"))


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


def problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.levelname} {r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.WARNING
    ]


async def settle(school: FuzzSchool, caplog: pytest.LogCaptureFixture) -> None:
    """Deliver what the inputs queued; nothing may fail or be logged as a problem."""
    await school.harness.drain()
    async with school.harness.db.transaction() as session:
        failed = await session.scalar(
            select(func.count()).where(Delivery.state == DeliveryState.FAILED)
        )
    assert failed == 0, "a school message could not be delivered"
    assert problems(caplog) == []


async def forge(harness: Harness, user_id: int, message_id: int, data: str) -> list[dict[str, Any]]:
    """Press `data` on a message as a modified client could; return the bot's new messages."""
    assert harness.client is not None
    before = len(await harness.messages(user_id))
    update_ = await harness.client.forge_callback(user_id, message_id, data)
    return await harness._handled(update_, before, user_id)


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------


@FUZZ
@given(step=where(STEPS), typed=st.lists(texts, min_size=1, max_size=3))
async def test_random_texts_in_any_step(
    school: FuzzSchool,
    caplog: pytest.LogCaptureFixture,
    step: tuple[str, Walk],
    typed: list[str],
) -> None:
    caplog.set_level(logging.WARNING)
    caplog.clear()
    role, walk = step
    user = USERS[role]
    await school.reset()
    await walk(school)
    for text in typed:
        answers = await school.harness.say(user, text, language_code=LANGUAGES[user])
        assert answers, "every text gets an answer"
        if role == "parent" and walk is idle and not text.startswith("/") and len(text) < 1000:
            # Passed on to the teacher, shown exactly as typed (escaped, not interpreted);
            # the bot drops NUL characters on arrival (PostgreSQL cannot store them).
            relayed = (await school.harness.messages(TEACHER))[-1]["text"]
            assert text.replace("\x00", "") in relayed
    await settle(school, caplog)


@FUZZ
@given(
    step=where(STEPS_WITHOUT_STOP),
    presses=st.lists(st.tuples(callback_data, st.integers(0, 4)), min_size=1, max_size=4),
)
async def test_random_button_data_in_any_step(
    school: FuzzSchool,
    caplog: pytest.LogCaptureFixture,
    step: tuple[str, Walk],
    presses: list[tuple[str, int]],
) -> None:
    caplog.set_level(logging.WARNING)
    caplog.clear()
    role, walk = step
    user = USERS[role]
    await school.reset()
    await walk(school)
    for data, back in presses:
        shown = await school.harness.messages(user)
        target = shown[max(0, len(shown) - 1 - back)]
        await forge(school.harness, user, target["message_id"], data)
    await settle(school, caplog)


@FUZZ
@given(letter=letters)
async def test_random_letter_through_preview_to_the_parent(
    school: FuzzSchool, caplog: pytest.LogCaptureFixture, letter: str
) -> None:
    """Any letter a teacher pastes: check, groups, preview, sent now, delivered translated."""
    caplog.set_level(logging.WARNING)
    caplog.clear()
    harness = school.harness
    await school.reset()
    await harness.say(TEACHER, "/brief")
    [report] = await harness.say(TEACHER, letter)
    offered = [b["callback_data"] for b in buttons(report)]
    if not offered:  # too long for a chat message, or nothing to check: said so, no flow
        await settle(school, caplog)
        return
    step = await harness.press(TEACHER, report, data=offered[0])
    if offered[0] == "brief:force":
        step = await harness.press(TEACHER, step[-1], data="brief:force")
    [ticked] = await harness.press(TEACHER, step[-1], data="grp:all")
    [preview] = await harness.press(TEACHER, ticked, data="brief:done")
    await harness.press(TEACHER, preview, data="brief:now")
    before = len(await harness.messages(PARENT))
    await settle(school, caplog)
    assert len(await harness.messages(PARENT)) == before + 1


@FUZZ
@given(words=texts)
@example(words=("ab😀" * 1400)[:4096])
async def test_random_feedback_words_in_the_results(
    school: FuzzSchool, caplog: pytest.LogCaptureFixture, words: str
) -> None:
    """A parent's open answer, whatever it holds, then the director's /resultaten."""
    caplog.set_level(logging.WARNING)
    caplog.clear()
    harness = school.harness
    await school.reset()
    async with harness.db.transaction() as session:  # as if it were the parent's first answer
        await session.execute(update(FeedbackAnswer).values(open_text=None, open_text_nl=None))
    await feedback_open(school)
    await harness.say(PARENT, words, language_code="ar")
    [menu] = await harness.say(DIRECTOR, "/resultaten")
    shown = await _press(harness, DIRECTOR, f"res:e{school.ids['ev_past']}")
    assert len(shown) == 2 and shown[1].get("photo"), "the summary and the chart"
    del menu
    await settle(school, caplog)


async def test_every_shown_button_twice(
    school: FuzzSchool, caplog: pytest.LogCaptureFixture
) -> None:
    """Double taps: each button the parent was shown, pressed twice in a row."""
    caplog.set_level(logging.WARNING)
    harness = school.harness
    for message in await harness.messages(PARENT):
        for button in buttons(message):
            if button["callback_data"].startswith(("stop:", "consent:", "lang:")):
                continue
            current = next(
                m
                for m in await harness.messages(PARENT)
                if m["message_id"] == message["message_id"]
            )
            await forge(harness, PARENT, current["message_id"], button["callback_data"])
            await forge(harness, PARENT, current["message_id"], button["callback_data"])
    await settle(school, caplog)
