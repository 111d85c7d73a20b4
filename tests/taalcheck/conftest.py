"""Prints the measured quality figures of the labelled sets at the end of every test run."""

from __future__ import annotations

import pytest

from tests.taalcheck import figures


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if figures.LINES:
        terminalreporter.section("klare-taal check: measured quality")
        for line in dict.fromkeys(figures.LINES):
            terminalreporter.write_line(line)
