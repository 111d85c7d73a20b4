"""`schoolpoort check FILE`: the text with its findings highlighted, a summary, or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from taalcheck.check import check
from taalcheck.report import Report
from taalcheck.settings import load_settings

STYLES = {
    "passive": "bold magenta",
    "jargon": "bold red",
    "long_sentence": "underline",
    "hard_word": "bold yellow",
    "abbreviation": "bold cyan",
    "figurative": "bold green",
    "nominalisation": "bold blue",
    "long_text": "",
}


def _read(file: str) -> str:
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        Console(stderr=True).print(f"[red]Cannot read {file}: {error}[/red]")
        raise typer.Exit(2) from None


def show(text: str, report: Report, console: Console) -> None:
    """Print the text with highlights, then the findings and the verdict."""
    marked = Text(text)
    for finding in report.findings:
        style = STYLES.get(finding.rule, "")
        if style and finding.rule != "long_text":
            marked.stylize(style, finding.start, finding.end)
    console.print(marked)
    table = Table(title="Bevindingen")
    for column in ("regel", "tekst", "waarom", "beter"):
        table.add_column(column)
    for finding in report.findings:
        piece = text[finding.start : finding.end]
        piece = piece if len(piece) <= 40 else piece[:39] + "…"
        table.add_row(finding.rule, piece, finding.message, finding.suggestion or "")
    console.print(table)
    metrics = ", ".join(f"{key} {value}" for key, value in report.metrics.items())
    console.print(f"[bold]Oordeel: {report.verdict}[/bold] (niveau {report.level}) – {metrics}")
    for reason in report.reasons:
        console.print(f"• {reason}")


def check_command(
    file: Annotated[str, typer.Argument(help="A UTF-8 text file, or - for standard input")],
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    config: Annotated[
        Path | None, typer.Option(help="A settings file like config/taalcheck.toml")
    ] = None,
) -> None:
    """Check a letter for plain language: exit 0 when ok, 1 to revise, 2 on bad input."""
    text = _read(file)
    try:
        settings = load_settings(config) if config else None
    except (OSError, ValueError) as error:
        Console(stderr=True).print(f"[red]Bad settings file {config}: {error}[/red]")
        raise typer.Exit(2) from None
    report = check(text, settings)
    if json_output:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        show(text, report, Console())
    raise typer.Exit(0 if report.verdict == "ok" else 1)


app = typer.Typer(add_completion=False)
app.command()(check_command)
