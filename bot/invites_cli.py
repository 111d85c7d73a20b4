"""`schoolpoort invites print`: invite letters on paper for the families that have not joined.

Every printed letter carries a freshly issued code, and issuing it makes the family's older
codes stop working; the codes and the PDF are written in one transaction, so a PDF that
cannot be written leaves the older codes as they were.
"""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from berichten import audit
from berichten.clock import SystemClock
from berichten.db import Database
from berichten.inviteletters import LetterError, PrintRun, prepare_letters
from berichten.languages import BY_CODE
from berichten.migrate import upgrade_to_head
from berichten.settings import Settings
from bot.cli_common import err, load_cli_settings, out
from bot.letterpdf import LetterFontError, LetterFonts, letter_fonts, render_letters
from bot.localstate import LOCAL_BOT_USERNAME

invites_app = typer.Typer(help="Invite letters on paper for parents who have not joined yet.")


def bot_username_for(settings: Settings, given: str | None) -> str:
    """The bot's @username for the links, from the option or the settings; else exit 2."""
    if given:
        return given.lstrip("@")
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    if settings.local_mode:
        return LOCAL_BOT_USERNAME
    err.print("[red]Set SCHOOLPOORT_BOT_USERNAME (or --bot-username) for the invite links.[/red]")
    raise typer.Exit(2)


def fonts_or_exit(path: str) -> LetterFonts:
    """The letter fonts, or exit 2 with one line naming the missing file."""
    try:
        return letter_fonts(path)
    except LetterFontError as error:
        err.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(2) from None


def write_atomically(path: Path, data: bytes) -> None:
    """Write the file whole or not at all (a half-written PDF would look like a good one)."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def report(run: PrintRun, path: Path) -> None:
    """Tell the person printing what was written, who was skipped and why."""
    if run.pages:
        letters = _plural(len(run.pages), "letter", "letters")
        out.print(f"Wrote {letters} for group {run.group} ({run.school}) to {path}.")
    else:
        out.print(f"No letters for group {run.group}: nobody is left to invite. Nothing written.")
    if run.skipped_joined:
        families = _plural(run.skipped_joined, "family", "families")
        out.print(f"Skipped {families} that already joined.")
    if run.skipped_not_active:
        families = _plural(run.skipped_not_active, "family", "families")
        out.print(
            f"Skipped {families} that started joining but are not active "
            "(not finished, or the bot is blocked); a new code cannot help them."
        )
    if run.dutch_missing:
        out.print(
            "[yellow]The letter has no Dutch texts in the catalog yet: "
            "the letters are in English.[/yellow]"
        )
    if run.dutch_only:
        languages = ", ".join(
            f"{BY_CODE[code].dutch_name if code in BY_CODE else code} ({count})"
            for code, count in sorted(run.dutch_only.items())
        )
        out.print(
            f"[yellow]No letter text yet in {languages}: "
            "those letters are in one language only.[/yellow]"
        )
    if run.pages:
        out.print(
            "Each letter has a new code; earlier codes and letters of these families stop working."
        )


@invites_app.command("print")
def print_command(
    group: Annotated[str, typer.Option("--group", help="The group (class), e.g. 5b")],
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the PDF")],
    school: Annotated[
        str | None, typer.Option("--school", help="Needed with several schools")
    ] = None,
    bot_username: Annotated[str | None, typer.Option(help="The bot's @username")] = None,
) -> None:
    """Make a PDF with one invite letter per family of the group that has not joined yet."""
    settings = load_cli_settings()
    username = bot_username_for(settings, bot_username)
    fonts = fonts_or_exit(settings.letter_font)
    upgrade_to_head(settings.database_url)

    async def run() -> PrintRun:
        db = Database(settings.database_url)
        written = False
        try:
            async with db.transaction() as session:
                now = SystemClock().now()
                result = await prepare_letters(
                    session,
                    group_name=group,
                    school_name=school,
                    bot_username=username,
                    now=now,
                    tz=settings.tz,
                    valid_for=timedelta(days=settings.invite_code_days),
                )
                if result.pages:
                    pdf = render_letters(result.pages, fonts)
                    await audit.record(
                        session,
                        school_id=result.school_id,
                        staff_id=None,
                        action="cli.invites_print",
                        target=f"group:{result.group_id}",
                        now=now,
                    )
                    write_atomically(out_file, pdf)  # last: a failure here rolls back the codes
                    written = True
            return result
        except BaseException:
            if written:  # the commit failed: these codes do not work, so neither may the PDF
                out_file.unlink(missing_ok=True)
            raise
        finally:
            await db.dispose()

    try:
        result = asyncio.run(run())
    except LetterError as error:
        err.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    except LetterFontError as error:
        err.print(f"[red]{error} No codes were changed.[/red]", highlight=False)
        raise typer.Exit(2) from None
    except OSError as error:
        err.print(f"[red]Cannot write {out_file}: {error.strerror}. No codes were changed.[/red]")
        raise typer.Exit(1) from None
    report(result, out_file)
