"""Wrong, used and expired codes, throttling, unknown commands, huge and HTML-laden texts."""

from __future__ import annotations

from datetime import timedelta

from berichten.invitecodes import generate_code
from tests.e2e.harness import Harness, buttons, join_staff

CSV = "groep,ouder,kind,taal\n5b,<b>Jan & Piet</b>,Kim,\n5b,Sara,,\n"
WRONG = "Deze code klopt niet"


async def _join(harness: Harness, user_id: int, code: str) -> None:
    [picker] = await harness.say(user_id, f"/start {code}")
    [consent] = await harness.press(user_id, picker, data="lang:nl")
    await harness.press(user_id, consent, data="consent:yes")


async def test_wrong_code_and_throttling(harness: Harness) -> None:
    codes = await harness.import_parents(CSV)
    for _ in range(5):
        [answer] = await harness.say(100, f"/start {generate_code()}")
        assert WRONG in answer["text"]
    [slow_down] = await harness.say(100, f"/start {codes['Sara']}")
    assert slow_down["text"].startswith("U hebt te vaak een verkeerde code gestuurd.")
    assert "Wacht 10 minuten" in slow_down["text"]
    harness.clock.advance(timedelta(minutes=10, seconds=1))
    [picker] = await harness.say(100, f"/start {codes['Sara']}")
    assert buttons(picker)


async def test_garbage_start_argument_and_plain_text(harness: Harness) -> None:
    [answer] = await harness.say(101, "/start <script>alert(1)</script>")
    assert WRONG in answer["text"]
    [hello] = await harness.say(101, "Hallo, hoe werkt dit? <b>&amp;</b>", language_code="ja")
    assert "Stuur de code uit de brief van school" in hello["text"]  # no Japanese: Dutch
    [german] = await harness.say(103, "Hallo", language_code="de-AT")
    assert german["text"].startswith("Hallo! Das ist der Chat der Schule Ihres Kindes.")
    [english] = await harness.say(102, "hi", language_code="en")
    assert english["text"].startswith("Hello! This is the chat of your child's school.")


async def test_used_and_expired_codes(harness: Harness) -> None:
    codes = await harness.import_parents(CSV)
    await _join(harness, 200, codes["Sara"])
    [used] = await harness.say(201, f"/start {codes['Sara']}")
    assert "Deze code is al gebruikt" in used["text"]
    harness.clock.advance(timedelta(days=31))
    [expired] = await harness.say(202, codes["<b>Jan & Piet</b>"])
    assert expired["text"] == "Deze code is te oud. Vraag de school om een nieuwe code."


async def test_unknown_command_is_escaped(harness: Harness) -> None:
    [answer] = await harness.say(300, "/<b>bestaat_niet</b> extra", language_code="nl")
    assert answer["text"] == (
        "Het commando /<b>bestaat_niet</b> ken ik niet. Met /help ziet u wat u kunt doen."
    )
    [plain] = await harness.say(300, "/onbekend")
    assert "Het commando /onbekend ken ik niet" in plain["text"]


async def test_names_with_html_are_shown_literally(harness: Harness) -> None:
    codes = await harness.import_parents(CSV)
    await _join(harness, 400, codes["<b>Jan & Piet</b>"])
    [data, _file] = await harness.say(400, "/mijngegevens")
    assert "Naam: <b>Jan & Piet</b>" in data["text"]
    assert "24 november 2026" in data["text"]


async def test_huge_message_gets_a_normal_answer(harness: Harness) -> None:
    codes = await harness.import_parents(CSV)
    await _join(harness, 500, codes["Sara"])
    teacher = await harness.add_teacher("Juf Mia", ["5b"])
    await join_staff(harness, 509, teacher)
    before = len(await harness.messages(509))
    [answer] = await harness.say(500, "x<>&*_`[" * 1250)  # 10,000 characters
    assert answer["text"]  # acknowledged in the parent's language
    [relayed] = (await harness.messages(509))[before:]
    assert "x<>&*_`[x<>&*_`[" in relayed["text"]  # escaped, shown literally
    assert len(relayed["text"]) <= 4096 and "…" in relayed["text"]
    [unjoined] = await harness.say(501, "é" * 10_000)
    assert "Stuur de code" in unjoined["text"]


async def test_stale_button_is_refused(harness: Harness) -> None:
    codes = await harness.import_parents(CSV)
    await _join(harness, 600, codes["Sara"])
    [first_question] = await harness.say(600, "/stop")
    [second_question] = await harness.say(600, "/stop")
    [stay] = await harness.press(600, second_question, data="stop:no")
    assert stay["text"] == "Goed, u blijft aangemeld."
    # The first question still shows its buttons, but the step is over: nothing is deleted.
    assert await harness.press(600, first_question, data="stop:yes") == []
    assert harness.client is not None
    answers = await harness.client.callback_answers(600)
    assert answers[-1]["text"] == "Deze knop werkt niet meer."
    [data, _file] = await harness.say(600, "/mijngegevens")
    assert "Naam: Sara" in data["text"]
