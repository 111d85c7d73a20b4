"""The Telegram layer of Schoolpoort: handlers, CLI, local mode and the local Bot API server."""

import os

# Opt in to python-telegram-bot's coming behaviour (durations as timedelta); our code reads both.
os.environ.setdefault("PTB_TIMEDELTA", "1")
