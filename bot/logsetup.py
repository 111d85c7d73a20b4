"""Logging set-up: one line per event, no personal data, the token never printed."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

_TOKEN_IN_TEXT = re.compile(r"bot\d+:[A-Za-z0-9_-]+")


class RedactTokens(logging.Filter):
    """Last line of defence: blank out anything shaped like a bot token in a log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN_IN_TEXT.search(message):
            record.msg = _TOKEN_IN_TEXT.sub("bot<redacted>", message)
            record.args = None
        return True


class JsonLineFormatter(logging.Formatter):
    """One JSON object per record: UTC time, level, logger, message and the exception type.

    The exception's text and traceback are left out: they can carry names, texts or SQL values.
    """

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = _type_name(record.exc_info[0])
        return json.dumps(entry)


def _type_name(kind: type[BaseException]) -> str:
    """`module.Name` of an exception class (just `Name` for built-ins)."""
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonLineFormatter()
    if log_format == "text":
        return logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    raise ValueError(f"unknown log format {log_format!r}: use text or json")


def configure_logging(level: str, log_format: str = "text") -> None:
    """Log to stderr at `level` as text or JSON lines, with token redaction and quiet HTTP logs."""
    handler = logging.StreamHandler()
    handler.setFormatter(_formatter(log_format))
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
    # Two lines every 10 seconds for the planner sweep; failures are still logged as errors.
    logging.getLogger("apscheduler.executors").setLevel(max(logging.WARNING, floor))
