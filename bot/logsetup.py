"""Logging set-up: one line per event, no personal data, the token never printed."""

from __future__ import annotations

import logging
import re

_TOKEN_IN_TEXT = re.compile(r"bot\d+:[A-Za-z0-9_-]+")


class RedactTokens(logging.Filter):
    """Last line of defence: blank out anything shaped like a bot token in a log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN_IN_TEXT.search(message):
            record.msg = _TOKEN_IN_TEXT.sub("bot<redacted>", message)
            record.args = None
        return True


def configure_logging(level: str) -> None:
    """Log to stderr at `level`, with token redaction and quiet HTTP client logs."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "aiohttp.access", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # These log request parameters, answers or SQL parameters (texts, names) at DEBUG.
    floor = max(logging.INFO, logging.getLevelName(level))
    for chatty in ("telegram", "apscheduler"):
        logging.getLogger(chatty).setLevel(floor)
    # SQLAlchemy echoes SQL with its parameters as soon as its logger allows INFO.
    for database in ("aiosqlite", "sqlalchemy", "asyncpg"):
        logging.getLogger(database).setLevel(logging.WARNING)
