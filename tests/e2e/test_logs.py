"""No token and no personal data in the logs, even at DEBUG level."""

from __future__ import annotations

import io
import logging
from datetime import datetime

from berichten.models import StaffRole
from bot.logsetup import RedactTokens, configure_logging
from tests.e2e.harness import TOKEN, TZ, Harness, buttons, join_parent, join_staff

SECRET_NAME = "Zeynep Geheimnaam"
SECRET_TEXT = "Mijn kind is ziek vandaag"
SECRET_TEACHER = "Juf Verborgen"
SECRET_FEEDBACK = "De koffie was lauw maar gezellig"
SECRET_LETTER = "Morgen gaan we naar het Geheimbos. Geef laarzen mee."


async def test_flows_log_no_personal_data(database_url: str) -> None:
    stream = io.StringIO()
    configure_logging("DEBUG")
    root = logging.getLogger()
    capture = logging.StreamHandler(stream)
    capture.addFilter(RedactTokens())
    root.addHandler(capture)
    harness = Harness(database_url)
    await harness.start()
    try:
        codes = await harness.import_parents(f"groep,ouder,kind\n5b,{SECRET_NAME},Ayse\n")
        await join_parent(harness, 321, codes[SECRET_NAME], "nl")
        await harness.say(321, SECRET_TEXT)
        await harness.say(321, "/mijngegevens")
        await harness.say(322, "/start FOUT-CODE")
        # Staff flows and the planner: a letter, a reminder, a koffie series with RSVP and
        # feedback; none of the names or texts may reach the log.
        harness.clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=TZ))
        await join_staff(harness, 331, await harness.add_teacher(SECRET_TEACHER, ["5b"]))
        await harness.say(331, "/brief")
        [report] = await harness.say(331, SECRET_LETTER)
        [groups] = await harness.press(331, report, data=buttons(report)[0]["callback_data"])
        [ticked] = await harness.press(331, groups, data="grp:all")
        [preview] = await harness.press(331, ticked, data="brief:done")
        await harness.press(331, preview, data="brief:now")
        await harness.drain()
        [choose] = await harness.say(331, "/herinnering")
        [often] = await harness.press(331, choose, data="rem:tgym")
        [weekday] = await harness.press(331, often, data="rem:week")
        await harness.press(331, weekday, data="rem:wthu")
        director = await harness.add_staff("Directeur Onbekend", StaffRole.DIRECTEUR, [])
        await join_staff(harness, 332, director)
        answers = await harness.say(332, "/koffie")
        [draft] = await harness.press(332, answers[-1], data="ks:new")
        await harness.press(332, draft, data="ks:make")
        await harness.tick(datetime(2026, 12, 2, 15, 0, tzinfo=TZ))
        invite = (await harness.messages(321))[-1]
        await harness.press(321, invite, data=buttons(invite)[0]["callback_data"])
        await harness.tick(datetime(2026, 12, 7, 10, 15, tzinfo=TZ))
        prompt = (await harness.messages(321))[-1]
        await harness.press(321, prompt, data=buttons(prompt)[3]["callback_data"])
        await harness.say(321, SECRET_FEEDBACK)
        [menu] = await harness.say(332, "/resultaten")
        await harness.press(332, menu, data=buttons(menu)[0]["callback_data"])
    finally:
        await harness.stop()
        root.removeHandler(capture)
        configure_logging("INFO")
    output = stream.getvalue()
    assert output, "the flows should log something"
    for secret in (
        TOKEN,
        TOKEN.split(":")[1],
        SECRET_NAME,
        "Ayse",
        SECRET_TEXT,
        codes[SECRET_NAME],
        "FOUT-CODE",
        SECRET_TEACHER,
        "Directeur Onbekend",
        SECRET_FEEDBACK,
        "Geheimbos",
    ):
        assert secret not in output, secret


def test_redaction_filter_blanks_token_shapes() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "GET https://api/bot%s/getMe", ("123:abc-DEF",), None
    )
    RedactTokens().filter(record)
    assert "abc-DEF" not in record.getMessage()
