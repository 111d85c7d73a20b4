"""Fixtures of the end-to-end tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.harness import Harness


@pytest.fixture
async def harness(database_url: str) -> AsyncIterator[Harness]:
    """A running bot against the local Bot API server, on SQLite and on PostgreSQL."""
    running = Harness(database_url)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()
