"""`schoolpoort school`: settings of one school, such as its quiet hours."""

from __future__ import annotations

import asyncio
from datetime import time
from typing import Annotated

import typer

from berichten.db import Database
from berichten.migrate import upgrade_to_head
from berichten.staffing import StaffError, find_school
from bot.cli_common import err, load_cli_settings, out

school_app = typer.Typer(help="Settings of a school.")


def _clock_time(value: str) -> str:
    hours, _, minutes = value.strip().replace(".", ":").partition(":")
    try:
        return time(int(hours), int(minutes or 0)).strftime("%H:%M")
    except ValueError:
        err.print(f"[red]{value!r} is not a time like 20:00[/red]")
        raise typer.Exit(2) from None


@school_app.command("quiet-hours")
def quiet_hours(
    start: Annotated[str, typer.Option(help="From this time no normal messages, e.g. 20:00")],
    end: Annotated[str, typer.Option(help="Until this time, e.g. 07:00")],
    school: Annotated[str | None, typer.Option(help="Needed with several schools")] = None,
) -> None:
    """Set when non-urgent messages wait (they go out when the quiet hours end)."""
    settings = load_cli_settings()
    upgrade_to_head(settings.database_url)
    begin, finish = _clock_time(start), _clock_time(end)

    async def run() -> str:
        db = Database(settings.database_url)
        try:
            async with db.transaction() as session:
                found = await find_school(session, school)
                found.quiet_start, found.quiet_end = begin, finish
                return found.name
        finally:
            await db.dispose()

    try:
        name = asyncio.run(run())
    except StaffError as error:
        err.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    out.print(f"Quiet hours of {name}: {begin} to {finish}.")
