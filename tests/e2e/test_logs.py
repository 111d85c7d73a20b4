"""No token and no personal data in the logs, even at DEBUG level."""

from __future__ import annotations

import io
import logging

from bot.logsetup import RedactTokens, configure_logging
from tests.e2e.harness import TOKEN, Harness, join_parent

SECRET_NAME = "Zeynep Geheimnaam"
SECRET_TEXT = "Mijn kind is ziek vandaag"


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
    ):
        assert secret not in output, secret


def test_redaction_filter_blanks_token_shapes() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "GET https://api/bot%s/getMe", ("123:abc-DEF",), None
    )
    RedactTokens().filter(record)
    assert "abc-DEF" not in record.getMessage()
