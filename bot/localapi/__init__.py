"""A local Telegram Bot API server (for local mode and tests) and its control client."""

from bot.localapi.client import ControlError, LocalBotApiClient
from bot.localapi.limits import Limits
from bot.localapi.server import LocalBotApiServer

__all__ = ["ControlError", "Limits", "LocalBotApiClient", "LocalBotApiServer"]
