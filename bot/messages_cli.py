"""`schoolpoort messages`: queue a message to groups or the whole school; follow its delivery."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from sqlalchemy import select

from berichten import audit, outbox
from berichten.clock import SystemClock
from berichten.db import Database
from berichten.migrate import upgrade_to_head
from berichten.models import Chat, Delivery, Group, Message, Parent
from berichten.schoolyear import school_year_of
from berichten.staffing import StaffError, find_school
from berichten.templates import TEMPLATES, TemplateError
from bot.cli_common import err, load_cli_settings, out
from bot.reports import delivery_report_text

messages_app = typer.Typer(help="School messages: queue them and follow their delivery.")


def _fields(pairs: list[str]) -> dict[str, str]:
    fields = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            err.print(f"[red]--field takes name=value, got {pair!r}[/red]")
            raise typer.Exit(2)
        fields[name.strip()] = value.strip()
    return fields


@messages_app.command("send")
def send_command(
    template: Annotated[str, typer.Option(help=f"One of: {', '.join(TEMPLATES)}")],
    field: Annotated[
        list[str] | None, typer.Option(help="name=value, e.g. date=2026-12-01")
    ] = None,
    group: Annotated[list[str] | None, typer.Option(help="A group; leave out for all")] = None,
    school: Annotated[str | None, typer.Option(help="Needed with several schools")] = None,
    urgent: Annotated[bool, typer.Option(help="Also during quiet hours")] = False,
    confirm: Annotated[bool, typer.Option(help="Ask parents to confirm reading")] = False,
) -> None:
    """Queue a message; the running service delivers it."""
    settings = load_cli_settings()
    upgrade_to_head(settings.database_url)
    fields = _fields(field or [])

    async def run() -> int:
        db = Database(settings.database_url)
        try:
            async with db.transaction() as session:
                found = await find_school(session, school)
                now = SystemClock().now()
                group_ids = None
                if group:
                    year = school_year_of(now, settings.tz)
                    rows = list(
                        await session.scalars(
                            select(Group).where(
                                Group.school_id == found.id,
                                Group.school_year == year,
                                Group.name.in_(group),
                            )
                        )
                    )
                    missing = sorted(set(group) - {g.name for g in rows})
                    if missing:
                        raise StaffError(f"no group(s) {', '.join(missing)} in {year}")
                    group_ids = [g.id for g in rows]
                message = await outbox.enqueue(
                    session,
                    school_id=found.id,
                    template_key=template,
                    fields=fields,
                    group_ids=group_ids,
                    now=now,
                    urgent=urgent,
                    needs_confirmation=confirm,
                )
                await audit.record(
                    session,
                    school_id=found.id,
                    staff_id=None,
                    action="cli.messages_send",
                    target=f"message:{message.id}",
                    now=now,
                )
                state = await outbox.report(session, message.id)
            out.print(f"Message {message.id} queued for {state.total} parents.")
            return message.id
        finally:
            await db.dispose()

    try:
        asyncio.run(run())
    except (StaffError, TemplateError) as error:
        err.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None


@messages_app.command("status")
def status_command(
    message_id: Annotated[int, typer.Argument(help="The message number")],
    follow: Annotated[bool, typer.Option(help="Show a progress bar until it is done")] = True,
    readers: Annotated[bool, typer.Option(help="List who confirmed reading")] = False,
) -> None:
    """Show how far a message's delivery has come."""
    settings = load_cli_settings()

    async def run() -> outbox.DeliveryReport:
        db = Database(settings.database_url)
        try:
            async with db.transaction() as session:
                if await session.get(Message, message_id) is None:
                    err.print(f"[red]There is no message {message_id}.[/red]")
                    raise typer.Exit(1)
                state = await outbox.report(session, message_id)
            if not follow or state.finished:
                return state
            with Progress(
                TextColumn("sending"), BarColumn(), MofNCompleteColumn(), console=out
            ) as progress:
                task = progress.add_task("send", total=state.total)
                while not state.finished:
                    progress.update(task, completed=state.total - state.pending)
                    await asyncio.sleep(0.5)
                    async with db.transaction() as session:
                        state = await outbox.report(session, message_id)
                progress.update(task, completed=state.total)
            return state
        finally:
            await db.dispose()

    state = asyncio.run(run())
    out.print(delivery_report_text(state))
    if readers:
        for name in asyncio.run(confirmed_by(settings.database_url, message_id)):
            out.print(f"  ✓ {name}")


async def confirmed_by(database_url: str, message_id: int) -> list[str]:
    """Names of the parents who pressed "read" under a message."""
    db = Database(database_url)
    try:
        async with db.transaction() as session:
            return list(
                await session.scalars(
                    select(Parent.name)
                    .join(Chat, Chat.parent_id == Parent.id)
                    .join(Delivery, Delivery.chat_id == Chat.id)
                    .where(Delivery.message_id == message_id, Delivery.confirmed_at.is_not(None))
                    .order_by(Parent.name)
                )
            )
    finally:
        await db.dispose()
