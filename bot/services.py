"""What every handler needs: settings, database, clock, translator; kept in bot_data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from berichten.clock import Clock
from berichten.db import Database
from berichten.settings import Settings
from berichten.translation import Translator

SERVICES_KEY = "schoolpoort.services"


class DeliveryWaker(Protocol):
    """The delivery worker, as far as handlers need it: wake it when a message is queued."""

    def wake(self) -> None:
        """Look for work now."""
        ...


class PlannerPoker(Protocol):
    """The planner service, as far as handlers need it: run soon after a schedule changed."""

    def poke(self) -> None:
        """Run the planner soon."""
        ...


@dataclass(slots=True)
class Services:
    """Shared, process-wide objects of the bot."""

    settings: Settings
    db: Database
    clock: Clock
    translator: Translator = field(default_factory=lambda: Translator("none"))
    worker: DeliveryWaker | None = None
    planner: PlannerPoker | None = None


def get_services(bot_data: dict[Any, Any]) -> Services:
    """The Services stored in an application's bot_data."""
    services = bot_data[SERVICES_KEY]
    assert isinstance(services, Services)
    return services
