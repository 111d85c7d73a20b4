"""Which instance runs the scheduler: the holder of a PostgreSQL advisory lock.

The lock lives on one dedicated connection. When the process dies, PostgreSQL closes
the connection and frees the lock, and the next instance that checks takes over. On
SQLite (one instance by design) this process is always the leader.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from berichten.db import Database

logger = logging.getLogger(__name__)
SCHEDULER_LOCK = 0x5C4001  # an arbitrary, fixed number for "the scheduler of Schoolpoort"


class LeaderLock:
    """Try to be (or stay) the scheduler leader; cheap to call every few seconds."""

    def __init__(self, db: Database, key: int = SCHEDULER_LOCK) -> None:
        self._db = db
        self._key = key
        self._connection: AsyncConnection | None = None
        self._postgres = db.engine.dialect.name == "postgresql"

    @property
    def held(self) -> bool:
        """True while this instance holds the lock (always on SQLite)."""
        return not self._postgres or self._connection is not None

    async def check(self) -> bool:
        """Keep the lock if it is still ours, else try to take it; returns whether we lead."""
        if not self._postgres:
            return True
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                return True
            except Exception as error:
                logger.warning("lost the scheduler lock connection: %s", type(error).__name__)
                await self._drop()
        try:
            connection = await self._db.engine.connect()
        except Exception as error:
            logger.warning("cannot reach the database for the lock: %s", type(error).__name__)
            return False
        try:
            got = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
            )
            await connection.commit()
        except Exception:
            await connection.close()
            return False
        if not got:
            await connection.close()
            return False
        self._connection = connection
        logger.info("this instance is now the scheduler leader")
        return True

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close()
            except Exception:
                await connection.invalidate()

    async def release(self) -> None:
        """Give the lock up (on shutdown), so another instance takes over at once."""
        if self._connection is not None:
            try:
                await self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
                )
                await self._connection.commit()
            except Exception as error:
                logger.warning("could not release the scheduler lock: %s", type(error).__name__)
            await self._drop()
