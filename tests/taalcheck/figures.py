"""The figures the measuring tests found, for the summary at the end of the test run."""

from __future__ import annotations

LINES: list[str] = []


def report(line: str) -> None:
    """Keep a figure for the summary and show it in the test's own output."""
    LINES.append(line)
    print(f"\n{line}")
