"""What the CLI commands share: the consoles and loading settings with a one-line error."""

from __future__ import annotations

import typer
from rich.console import Console

from berichten.settings import Settings, SettingsError, load_settings

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def load_cli_settings() -> Settings:
    """The settings, or exit 2 with one line naming the bad setting."""
    try:
        return load_settings()
    except SettingsError as error:
        err.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
