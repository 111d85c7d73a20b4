"""Series dates, holidays, DST-safe moments, weekly reminders and the APScheduler timers."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from berichten.clock import SystemClock
from berichten.db import Database
from berichten.events import WEEKDAYS, Timing, local_moment, moments, nth_weekday, series_dates
from berichten.holidays import Holiday, HolidayFileError, load_holidays, parse_holidays
from berichten.models import (
    EventSeries,
    Group,
    Occurrence,
    Reminder,
    School,
    SeriesStatus,
    Staff,
    StaffRole,
)
from berichten.planner import PlannerConfig
from berichten.reminders import create_reminder, latest_due, next_send
from berichten.schoolyear import school_year_of
from berichten.whenparse import WhenError, parse_time_range
from bot.scheduling import PlannerService

TZ = ZoneInfo("Europe/Amsterdam")


def test_first_monday_of_each_month() -> None:
    assert nth_weekday(2026, 12, "mon", 1) == date(2026, 12, 7)
    assert nth_weekday(2027, 2, "mon", 1) == date(2027, 2, 1)
    assert nth_weekday(2027, 3, "wed", 1) == date(2027, 3, 3)
    assert nth_weekday(2027, 2, "mon", 4) == date(2027, 2, 22)


@given(st.integers(2024, 2035), st.integers(1, 12), st.sampled_from(WEEKDAYS))
def test_nth_weekday_is_that_weekday_in_the_first_week(year: int, month: int, day: str) -> None:
    found = nth_weekday(year, month, day, 1)
    assert found is not None and WEEKDAYS[found.weekday()] == day and found.day <= 7


def test_series_skips_holidays() -> None:
    series = EventSeries(weekday="mon", nth=1)
    holidays = parse_holidays('[[vakantie]]\nnaam = "Kerst"\nvan = 2026-12-19\ntot = 2027-01-08\n')
    dates = series_dates(series, date(2026, 11, 24), date(2027, 3, 31), holidays)
    assert dates == [date(2026, 12, 7), date(2027, 2, 1), date(2027, 3, 1)]


def test_holiday_file_errors_name_the_problem(tmp_path: object) -> None:
    with pytest.raises(HolidayFileError, match="van <= tot"):
        parse_holidays("[[vakantie]]\nvan = 2027-01-08\ntot = 2026-12-19\n")
    with pytest.raises(HolidayFileError, match="not valid TOML"):
        parse_holidays("[[vakantie]\n")
    assert load_holidays("/nonexistent/vakanties.toml") == ()


def test_shipped_holiday_list_reads() -> None:
    holidays = load_holidays("config/vakanties.toml")
    assert len(holidays) >= 5
    assert any(h.covers(date(2026, 12, 25)) for h in holidays)


def test_moments_keep_wall_clock_time_across_dst() -> None:
    timing = Timing()
    # 5 April 2027 is after DST starts (28 March); the invitation on 31 March is summer time.
    start = local_moment(date(2027, 4, 5), "08:30", TZ)
    invite, reminder, feedback = moments(start, start + timedelta(minutes=45), TZ, timing)
    assert invite.utcoffset() == timedelta(hours=2) and invite.hour == 15
    assert start.astimezone(UTC).hour == 6
    # 2 November 2026 is after DST ends (25 October): 08:30 is 07:30 UTC.
    winter = local_moment(date(2026, 11, 2), "08:30", TZ)
    assert winter.astimezone(UTC).hour == 7
    assert reminder.hour == 7 and reminder.minute == 30
    assert feedback - (start + timedelta(minutes=45)) == timing.feedback_delay


def test_cron_trigger_uses_weekday_names_and_local_time_across_dst() -> None:
    trigger = CronTrigger(day_of_week="wed", hour=18, minute=0, timezone=TZ)
    before_dst = datetime(2027, 3, 25, 12, 0, tzinfo=TZ)  # Thursday before DST starts
    fired = trigger.get_next_fire_time(None, before_dst)
    assert fired == datetime(2027, 3, 31, 18, 0, tzinfo=TZ)
    assert fired.utcoffset() == timedelta(hours=2)
    assert fired.weekday() == 2  # Wednesday, whatever APScheduler's numbering


def test_time_ranges() -> None:
    assert parse_time_range("8:30-9:15") == ("08:30", "09:15")
    assert parse_time_range("15.00 tot 15.45") == ("15:00", "15:45")
    for bad in ("9:15-8:30", "25:00-26:00", "half negen", ""):
        with pytest.raises(WhenError):
            parse_time_range(bad)


def weekly(created: datetime, weekday: str = "wed", send_time: str = "18:00") -> Reminder:
    return Reminder(
        id=7,
        weekday=weekday,
        send_time=send_time,
        days_ahead=1,
        fields={},
        created_at=created,
        once_at=None,
        status=SeriesStatus.ACTIVE,
    )


def test_weekly_reminder_due_and_useful_window() -> None:
    reminder = weekly(datetime(2026, 11, 24, 10, 0, tzinfo=TZ))
    assert latest_due(reminder, datetime(2026, 11, 25, 17, 59, tzinfo=TZ), TZ) is None
    due = latest_due(reminder, datetime(2026, 11, 25, 18, 0, tzinfo=TZ), TZ)
    assert due is not None and due.key == "reminder:7:2026-11-25"
    assert due.fields["date"] == "2026-11-26"
    assert due.useful(datetime(2026, 11, 26, 7, 59, tzinfo=TZ), TZ)
    assert not due.useful(datetime(2026, 11, 26, 8, 0, tzinfo=TZ), TZ)


@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 1, 1)))
def test_weekly_reminder_key_is_the_last_wednesday(moment: datetime) -> None:
    now = moment.replace(tzinfo=TZ)
    reminder = weekly(datetime(2025, 12, 1, tzinfo=TZ))
    due = latest_due(reminder, now, TZ)
    assert due is not None
    day = date.fromisoformat(due.key.rsplit(":", 1)[1])
    assert day.weekday() == 2 and due.send_at <= now < due.send_at + timedelta(days=7)
    upcoming = next_send(reminder, now, TZ)
    assert (
        upcoming is not None
        and upcoming > now
        and upcoming - due.send_at <= timedelta(days=7, hours=1)
    )


async def _school_with_teacher(db: Database, now: datetime) -> tuple[int, int, int]:
    async with db.transaction() as session:
        school = School(name="OBS De Linde", created_at=now)
        session.add(school)
        await session.flush()
        group = Group(school_id=school.id, name="5b", school_year=school_year_of(now, TZ))
        staff = Staff(school_id=school.id, name="Juf", role=StaffRole.DIRECTEUR, created_at=now)
        session.add_all([group, staff])
        await session.flush()
        return school.id, staff.id, group.id


async def test_apscheduler_timer_fires_the_planner_on_time(db: Database) -> None:
    clock = SystemClock()
    now = clock.now()
    school_id, staff_id, group_id = await _school_with_teacher(db, now)
    planner = PlannerService(db, clock, PlannerConfig(tz=TZ))
    await planner.start()
    try:
        async with db.transaction() as session:
            await create_reminder(
                session,
                school_id=school_id,
                staff_id=staff_id,
                sender_chat_id=None,
                template_key="gym",
                fields={"date": (now + timedelta(days=2)).astimezone(TZ).date().isoformat()},
                group_ids=[group_id],
                now=now,
                once_at=now + timedelta(seconds=1.5),
            )
        await planner.sync()
        assert any(job.startswith("at:") for job in planner.next_run_times())
        for _ in range(40):
            await asyncio.sleep(0.1)
            async with db.transaction() as session:
                handled = await session.scalar(select(func.count()).select_from(Occurrence))
            if handled:
                break
        assert handled == 1
    finally:
        await planner.stop()


async def test_weekly_reminder_gets_a_cron_timer(db: Database) -> None:
    clock = SystemClock()
    now = clock.now()
    school_id, staff_id, group_id = await _school_with_teacher(db, now)
    async with db.transaction() as session:
        reminder = await create_reminder(
            session,
            school_id=school_id,
            staff_id=staff_id,
            sender_chat_id=None,
            template_key="gym",
            fields={},
            group_ids=[group_id],
            now=now,
            weekday="wed",
        )
    planner = PlannerService(db, clock, PlannerConfig(tz=TZ))
    await planner.start()
    try:
        runs = planner.next_run_times()
        fire = datetime.fromisoformat(runs[f"weekly:{reminder.id}"])
        assert fire.astimezone(TZ).weekday() == 2 and fire.astimezone(TZ).hour == 18
        assert "sweep" in runs
    finally:
        await planner.stop()


def test_holiday_covers_both_ends() -> None:
    holiday = Holiday("x", date(2026, 12, 19), date(2027, 1, 3))
    assert holiday.covers(date(2026, 12, 19)) and holiday.covers(date(2027, 1, 3))
    assert not holiday.covers(date(2027, 1, 4))
