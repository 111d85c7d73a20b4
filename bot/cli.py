"""The `schoolpoort` command line: init, import, staff, run, chat and check."""

from __future__ import annotations

import asyncio
import csv
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from berichten import audit
from berichten.clock import SystemClock
from berichten.db import Database
from berichten.importer import CsvImportError, IssuedInvite, import_rows, parse_csv
from berichten.invitecodes import deep_link
from berichten.migrate import upgrade_to_head
from berichten.models import StaffRole
from berichten.staffing import StaffError, add_staff, find_school
from bot.cli_common import err, load_cli_settings, out
from bot.invites_cli import bot_username_for, invites_app
from bot.logsetup import configure_logging
from bot.messages_cli import messages_app
from bot.school_cli import school_app
from bot.schoolyear_cli import schoolyear_app

app = typer.Typer(help="Schoolpoort: the school's chat with parents.", no_args_is_help=True)
staff_app = typer.Typer(help="Staff members: teachers, directors, administrators.")
app.add_typer(staff_app, name="staff")
app.add_typer(messages_app, name="messages")
app.add_typer(school_app, name="school")
app.add_typer(schoolyear_app, name="schooljaar")
app.add_typer(invites_app, name="invites")


@app.command()
def init() -> None:
    """Create the database or bring it to the newest schema."""
    settings = load_cli_settings()
    upgrade_to_head(settings.database_url)
    out.print("[green]Database is ready.[/green]")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="UTF-8 CSV with columns groep, ouder[, kind, taal]")],
    school: Annotated[str, typer.Option("--school", help="Name of the school")],
    codes_out: Annotated[Path, typer.Option("--codes-out", help="Where to write the codes CSV")],
    bot_username: Annotated[str | None, typer.Option(help="The bot's @username")] = None,
) -> None:
    """Import classes and parents (all or nothing) and write one invite code per parent."""
    settings = load_cli_settings()
    username = bot_username_for(settings, bot_username)
    try:
        rows = parse_csv(file.read_bytes())
    except OSError as error:
        err.print(f"[red]Cannot read {file}: {error.strerror}[/red]")
        raise typer.Exit(1) from None
    except CsvImportError as error:
        err.print(f"[red]{file}: {error}. Nothing was imported.[/red]")
        raise typer.Exit(1) from None
    upgrade_to_head(settings.database_url)

    async def run() -> None:
        db = Database(settings.database_url)
        try:
            async with db.transaction() as session:
                summary = await import_rows(
                    session,
                    rows,
                    school,
                    SystemClock().now(),
                    settings.tz,
                    timedelta(days=settings.invite_code_days),
                )
                _write_codes(codes_out, summary.invites, username)
        finally:
            await db.dispose()
        table = Table(title=f"{summary.school} {summary.school_year}")
        for column in ("new groups", "new parents", "new links", "codes written"):
            table.add_column(column)
        table.add_row(
            str(summary.groups), str(summary.parents), str(summary.links), str(len(summary.invites))
        )
        out.print(table)
        out.print(f"Codes written to {codes_out}. Keep this file safe; codes work once.")

    try:
        asyncio.run(run())
    except OSError as error:
        err.print(f"[red]Cannot write {codes_out}: {error.strerror}. Nothing was imported.[/red]")
        raise typer.Exit(1) from None


def _write_codes(path: Path, invites: list[IssuedInvite], username: str) -> None:
    """Write the codes file; raising here rolls back the import's transaction."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["groep", "ouder", "kind", "code", "link"])
        for invite in invites:
            writer.writerow(
                [
                    "; ".join(invite.groups),
                    invite.parent,
                    "; ".join(invite.children),
                    invite.code,
                    deep_link(username, invite.code),
                ]
            )


@staff_app.command("add")
def staff_add(
    name: Annotated[str, typer.Option("--name", help="Full name as parents know it")],
    role: Annotated[StaffRole, typer.Option("--role", help="leerkracht, directeur or beheerder")],
    group: Annotated[list[str] | None, typer.Option("--group", help="A group they teach")] = None,
    school: Annotated[
        str | None, typer.Option("--school", help="Needed with several schools")
    ] = None,
    bot_username: Annotated[str | None, typer.Option(help="The bot's @username")] = None,
) -> None:
    """Add a staff member and print their one-time invite code."""
    settings = load_cli_settings()
    username = bot_username_for(settings, bot_username)
    upgrade_to_head(settings.database_url)

    async def run() -> None:
        db = Database(settings.database_url)
        try:
            async with db.transaction() as session:
                new = await add_staff(
                    session,
                    school_name=school,
                    name=name,
                    role=role,
                    group_names=group or [],
                    now=SystemClock().now(),
                    tz=settings.tz,
                    valid_for=timedelta(days=settings.invite_code_days),
                )
                await audit.record(
                    session,
                    school_id=(await find_school(session, school)).id,
                    staff_id=None,
                    action="cli.staff_add",
                    target=f"staff:{new.staff_id}",
                    now=SystemClock().now(),
                )
        finally:
            await db.dispose()
        out.print(f"Added {name} ({role.value}) at {new.school}.")
        out.print(f"Invite code: [bold]{new.code}[/bold]")
        out.print(f"Link: {deep_link(username, new.code)}")

    try:
        asyncio.run(run())
    except StaffError as error:
        err.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None


@app.command()
def run(
    webhook: Annotated[
        bool, typer.Option("--webhook", help="Receive updates by webhook (several instances)")
    ] = False,
    listen: Annotated[str, typer.Option(help="Webhook: address to listen on")] = "0.0.0.0",
    port: Annotated[int, typer.Option(help="Webhook: port to listen on")] = 8443,
    url: Annotated[
        str | None,
        typer.Option(help="Webhook: the public HTTPS URL Telegram posts to (load balancer)"),
    ] = None,
) -> None:
    """Run the service (local mode with its own Bot API server when no token is set).

    Polling is the default for one instance; `--webhook` lets several instances run behind
    a load balancer. The webhook's secret token comes from SCHOOLPOORT_WEBHOOK_SECRET.
    """
    settings = load_cli_settings()
    configure_logging(settings.log_level, settings.log_format)
    from bot.service import WebhookOptions, serve

    options = None
    if webhook:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
        if not url or not secret or settings.local_mode:
            err.print(
                "[red]--webhook needs --url, SCHOOLPOORT_WEBHOOK_SECRET and "
                "TELEGRAM_BOT_TOKEN[/red]"
            )
            raise typer.Exit(2)
        options = WebhookOptions(listen=listen, port=port, url=url, secret=secret)
    raise typer.Exit(asyncio.run(serve(settings, webhook=options)))


@app.command()
def chat(
    role: Annotated[
        str, typer.Option("--as", help="ouder, ouder2, ouder3, leerkracht, directeur")
    ] = "ouder",
) -> None:
    """Talk to the bot of local mode in this terminal, as a parent or staff member."""
    from bot.chat_client import run_chat

    raise typer.Exit(run_chat(role))


def _register_check() -> None:
    try:
        from taalcheck.cli import check_command
    except ImportError:  # pragma: no cover - taalcheck always ships with the package
        return
    app.command("check", help="Check a letter for plain language (klare taal).")(check_command)


_register_check()


def main() -> None:
    """Console-script entry point."""
    app()
