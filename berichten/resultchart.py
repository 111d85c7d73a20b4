"""The feedback distribution as a PNG bar chart (matplotlib, no screen needed)."""

from __future__ import annotations

import io

from matplotlib.figure import Figure  # a bare Figure draws with Agg: no screen, no pyplot
from matplotlib.ticker import MaxNLocator

from berichten.feedback import SCALE, FeedbackResults

LABELS = {1: "heel slecht", 2: "slecht", 3: "gewoon", 4: "goed", 5: "heel goed"}
COLOURS = {1: "#c0392b", 2: "#e67e22", 3: "#f1c40f", 4: "#7dbb42", 5: "#27ae60"}


def score_chart(results: FeedbackResults, title: str) -> bytes:
    """A bar per point of the faces scale with its count; Dutch labels, for staff."""
    figure = Figure(figsize=(6, 3.6), dpi=100)
    axes = figure.subplots()
    counts = [results.distribution.get(score, 0) for score in SCALE]
    bars = axes.bar(
        [LABELS[score] for score in SCALE], counts, color=[COLOURS[score] for score in SCALE]
    )
    axes.bar_label(bars, labels=[str(count) for count in counts])
    axes.set_ylabel("aantal ouders")
    axes.set_ylim(0, max([*counts, 1]) * 1.25)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(title, fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    figure.text(
        0.99,
        0.01,
        f"{results.answered} van {results.invited} ouders gaven antwoord",
        ha="right",
        fontsize=8,
    )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
