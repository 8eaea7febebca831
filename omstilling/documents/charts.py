"""Charts for the documents (matplotlib, PNG): jobs against target by year, budget against spending; their words and
figures in the current written standard (`omstilling.core.language`, set by `publish`)."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, MaxNLocator

from omstilling.core.formatting import number
from omstilling.core.language import _
from omstilling.store.files import write_atomically

matplotlib.rcParams["text.parse_math"] = False  # a programme's own titles are text: "$" is not TeX

NEW, SECURED, TARGET, BUDGET, GRANTED, PAID = "#1f5f99", "#8fb3d9", "#c0392b", "#d5e0ec", "#1f5f99", "#2e7d32"


def _finish(fig, ax, path: Path, *, figures_on: str = "y", layout: bool = True) -> Path:
    ax.spines[["top", "right"]].set_visible(False)
    axis = ax.yaxis if figures_on == "y" else ax.xaxis
    axis.set_major_formatter(FuncFormatter(lambda value, _: number(value)))
    if layout:
        fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    plt.close(fig)
    return write_atomically(path, buffer.getvalue(), make_folder=True)


def jobs_chart(by_year: list[dict[str, Any]], path: Path) -> Path | None:
    """Stacked bars of new and secured jobs per year, with the year's target as a mark. None if no data."""
    years = [row for row in by_year if row["total"] or row["target"]]
    if not years:
        return None
    fig, ax = plt.subplots(figsize=(7, 3.6))
    positions = list(range(len(years)))
    ax.bar(positions, [row["new"] for row in years], 0.6, color=NEW, label=_("Nye"))
    ax.bar(
        positions,
        [row["secured"] for row in years],
        0.6,
        bottom=[row["new"] for row in years],
        color=SECURED,
        label=_("Sikrede"),
    )
    targets = [(position, row["target"]) for position, row in zip(positions, years, strict=True) if row["target"]]
    for number_, (position, target) in enumerate(targets):
        ax.hlines(
            target,
            position - 0.38,
            position + 0.38,
            colors=TARGET,
            linewidth=3,
            label=_("Mål for året") if number_ == 0 else None,
            zorder=3,
        )
    ax.set_xticks(positions, [str(row["year"]) for row in years])
    ax.set_ylim(0, max([row["total"] for row in years] + [t for _, t in targets]) * 1.15 + 1)
    ax.set_title(_("Nye og sikrede arbeidsplasser per år"), fontsize=11)
    ax.legend(frameon=False, fontsize=9, loc="upper left")
    return _finish(fig, ax, path)


# A budget line's name is wrapped at this many letters; the chart grows in height with the lines it needs.
LABEL_WIDTH = 28


def budget_chart(spending: list[dict[str, Any]], path: Path) -> Path | None:
    """Grouped horizontal bars per spending line: budget, granted, paid; None if no project lines.

    Horizontal, so a line's name (wrapped, and as long as a programme makes it) stands on its own lines left of
    its bars, and the chart grows in height as the names and lines need: no two names can run into each other,
    whatever their length (tests/unit/documents/test_chart_labels.py measures that)."""
    lines = [line for line in spending if line["granted"] is not None]
    if not lines:
        return None
    labels = [_wrapped(line["label"].replace("Prosjektmidler ", "")) for line in lines]
    # each line's group at least as tall as its name (9 pt lines of text), and the bars not too thin
    heights = [max(0.62, 0.2 * (label.count("\n") + 1) + 0.12) for label in labels]
    fig, ax = plt.subplots(figsize=(7, 1.25 + sum(heights)), layout="constrained")
    centres, top = [], 0.0
    for height in heights:
        centres.append(top + height / 2)
        top += height
    width = 0.16
    for offset, key, colour, name in (
        (-1, "budget", BUDGET, _("Budsjett")),
        (0, "granted", GRANTED, _("Innvilget")),
        (1, "paid", PAID, _("Utbetalt")),
    ):
        values = [line[key] or 0 for line in lines]
        ax.barh([c + offset * width for c in centres], values, width, color=colour, label=name)
    ax.set_yticks(centres, labels, fontsize=9)
    ax.set_ylim(top, 0)  # the first line at the top, as in the table
    ax.tick_params(axis="y", length=0)
    # a few round sums, none beyond the longest bar's end (so no sum is written where nothing is drawn)
    most = max([line[key] or 0 for line in lines for key in ("budget", "granted", "paid")] + [1]) * 1.04
    ax.set_xlim(0, most)
    ax.set_xticks([tick for tick in MaxNLocator(nbins=4, min_n_ticks=2).tick_values(0, most) if 0 <= tick <= most])
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(_("Budsjett, innvilget og utbetalt (kr)"), fontsize=11, loc="left", pad=22)
    # the legend above the bars, under the title, where no bar or name can be
    ax.legend(frameon=False, fontsize=9, ncols=3, loc="lower left", bbox_to_anchor=(0, 1.0), borderaxespad=0.2)
    return _finish(fig, ax, path, figures_on="x", layout=False)


def _wrapped(label: str) -> str:
    """A name on lines of at most LABEL_WIDTH letters, broken between words (a longer word stays whole)."""
    return textwrap.fill(label, LABEL_WIDTH, break_long_words=False, break_on_hyphens=False)
