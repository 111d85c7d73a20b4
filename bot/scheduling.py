"""APScheduler in the service: wakes the planner at every planned moment, DST-safe.

The schedule itself lives in our own tables (see berichten.planner); APScheduler only keeps
timers in memory and is rebuilt from the tables at start-up and after every change. Every
timer runs the same idempotent `run_due`, so a double or late timer is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

from berichten.clock import Clock
from berichten.db import Database
from berichten.events import Timing
from berichten.holidays import load_holidays
from berichten.leader import LeaderLock
from berichten.models import Reminder, SeriesStatus
from berichten.planner import PlannerConfig, PlanRun, run_due, upcoming
from berichten.settings import Settings
from bot.services import DeliveryWaker

logger = logging.getLogger(__name__)
SWEEP = timedelta(seconds=10)  # also how fast a survivor takes over the scheduler
LOOKAHEAD = timedelta(days=2)
POKE_DELAY = 1.0


def planner_config(settings: Settings) -> PlannerConfig:
    """The planner's settings: time zone, the holiday list in config/, the feedback delay."""
    return PlannerConfig(
        tz=settings.tz,
        holidays=load_holidays(settings.holidays_file),
        timing=Timing(feedback_delay=timedelta(minutes=settings.feedback_delay_minutes)),
    )


class PlannerService:
    """Runs the planner on time with APScheduler; `poke` after a schedule changed."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        config: PlannerConfig,
        worker: DeliveryWaker | None = None,
        leader: LeaderLock | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.config = config
        self.worker = worker
        self.scheduler = AsyncIOScheduler(timezone=config.tz)
        self._lock = asyncio.Lock()
        self.leader = leader
        self.is_leader = leader is None  # only the leader runs the planner (berichten.leader)
        self._tasks: set[asyncio.Task[None]] = set()

    async def tick(self) -> PlanRun:
        """Handle what is due now, wake the delivery worker, then re-arm the timers.

        Only the leader plans; the others keep checking so one takes over when it dies.
        """
        if self.leader is not None:
            self.is_leader = await self.leader.check()
            if not self.is_leader:
                return PlanRun()
        async with self._lock:
            run = await run_due(self.db, self.clock.now(), self.config)
        if run.sent or run.dropped:
            logger.info("planner: %d sent, %d dropped", len(run.sent), len(run.dropped))
        if run.sent and self.worker is not None:
            self.worker.wake()
        if self.scheduler.running:
            await self.sync()
        return run

    async def _tick_safely(self, delay: float = 0.0) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            await self.tick()
        except Exception as error:
            logger.error("planner run failed: %s", type(error).__name__)

    def poke(self) -> None:
        """Run the planner soon (a series, event or reminder was made or changed).

        Handlers poke from inside their transaction; the short delay lets it commit first.
        """
        task = asyncio.get_running_loop().create_task(self._tick_safely(POKE_DELAY))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def sync(self) -> None:
        """Rebuild the timers from the tables: one per planned moment, one per weekly reminder."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            moments = await upcoming(session, now, self.config.tz, now + LOOKAHEAD)
            weekly = list(
                await session.execute(
                    select(Reminder.id, Reminder.weekday, Reminder.send_time).where(
                        Reminder.status == SeriesStatus.ACTIVE, Reminder.weekday.is_not(None)
                    )
                )
            )
        wanted = {}
        for moment in moments:
            wanted[f"at:{moment.isoformat()}"] = DateTrigger(run_date=moment)
        for reminder_id, weekday, send_time in weekly:
            hour, minute = (int(part) for part in send_time.split(":"))
            wanted[f"weekly:{reminder_id}"] = CronTrigger(
                day_of_week=weekday, hour=hour, minute=minute, timezone=self.config.tz
            )
        for job in self.scheduler.get_jobs():
            if job.id != "sweep" and job.id not in wanted:
                job.remove()
        for job_id, trigger in wanted.items():
            if self.scheduler.get_job(job_id) is None:
                self.scheduler.add_job(
                    self._tick_safely, trigger, id=job_id, misfire_grace_time=None, coalesce=True
                )

    async def start(self) -> None:
        """Start the timers (inside the running loop) and catch up on what was missed."""
        self.scheduler.start()
        self.scheduler.add_job(
            self._tick_safely,
            IntervalTrigger(seconds=SWEEP.total_seconds()),
            id="sweep",
            coalesce=True,
            misfire_grace_time=None,
        )
        await self.tick()

    async def stop(self) -> None:
        """Stop the timers and wait for a running planner pass."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.leader is not None:
            await self.leader.release()

    def next_run_times(self) -> dict[str, str]:
        """Job id and next run time of every timer, for tests and the status command."""
        return {
            job.id: job.next_run_time.isoformat()
            for job in self.scheduler.get_jobs()
            if job.next_run_time is not None
        }
