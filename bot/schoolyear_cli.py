"""`schoolpoort schooljaar`: closing a school year (groups, parents who leave, old messages)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from berichten import audit
from berichten.clock import SystemClock
from berichten.db import Database
from berichten.migrate import upgrade_to_head
from berichten.staffing import StaffError, find_school
from berichten.yearend import (
    DEFAULT_RETENTION_DAYS,
    YearEndError,
    YearEndPlan,
    apply_year_end,
    check_school_year,
    default_school_year,
    plan_year_end,
)
from bot.cli_common import err, load_cli_settings, out

schoolyear_app = typer.Typer(help="The school year: close it when it ends.")


def _table(title: str, plan: YearEndPlan) -> Table:
    table = Table(title=title)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, count in plan.counts().items():
        table.add_row(label, str(count))
    return table


def _show(title: str, school: str, plan: YearEndPlan) -> None:
    out.print(_table(f"{title}: {school} {plan.school_year}", plan))
    if plan.group_names:
        out.print(f"Groups: {', '.join(plan.group_names)}")
    out.print(f"Messages and activities from before {plan.cutoff:%Y-%m-%d} count as old.")


@schoolyear_app.command("afsluiten")
def close_year(
    school: Annotated[
        str | None, typer.Option("--school", help="Needed with several schools")
    ] = None,
    jaar: Annotated[
        str | None,
        typer.Option(
            "--jaar", help="The school year, e.g. 2025-2026 (default: the one that just ended)"
        ),
    ] = None,
    retention_days: Annotated[
        int,
        typer.Option(
            "--retention-days",
            min=1,
            help="Delete messages, deliveries, activities, RSVPs and feedback older than this",
        ),
    ] = DEFAULT_RETENTION_DAYS,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only show what would happen; change nothing")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
) -> None:
    """Close the year's groups, remove parents who leave (without a message) and old data."""
    settings = load_cli_settings()
    now = SystemClock().now()
    try:
        year = check_school_year(jaar) if jaar else default_school_year(now, settings.tz)
    except YearEndError as error:
        err.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    upgrade_to_head(settings.database_url)

    async def year_end(moment: datetime, apply: bool) -> tuple[str, YearEndPlan]:
        """The plan for this school and year; carried out and logged when apply is set."""
        db = Database(settings.database_url)
        try:
            async with db.transaction() as session:
                found = await find_school(session, school)
                plan = await plan_year_end(
                    session,
                    school_id=found.id,
                    school_year=year,
                    now=moment,
                    retention_days=retention_days,
                )
                if apply:
                    await apply_year_end(session, plan, moment)
                    await audit.record(
                        session,
                        school_id=found.id,
                        staff_id=None,
                        action="cli.schooljaar_afsluiten",
                        target=f"year:{year}",
                        now=moment,
                    )
                return found.name, plan
        finally:
            await db.dispose()

    try:
        if dry_run or not yes:
            name, plan = asyncio.run(year_end(now, apply=False))
            _show("Dry run" if dry_run else "Plan", name, plan)
            if dry_run:
                out.print("Dry run: nothing was changed.")
                return
            if plan.empty:
                out.print("Nothing to do.")
                return
            typer.confirm(
                "Close this school year? Deleted data cannot be brought back.", abort=True
            )
        name, plan = asyncio.run(year_end(SystemClock().now(), apply=True))
    except StaffError as error:
        err.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    _show("Done", name, plan)
    out.print(f"School year {year} of {name} is closed. Parents were not sent a message.")
