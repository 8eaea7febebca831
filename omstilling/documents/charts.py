"""Charts for the documents (matplotlib, PNG): jobs against target by year, budget against spending."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from omstilling.core.formatting import number
from omstilling.store.files import write_atomically

matplotlib.rcParams["text.parse_math"] = False  # a programme's own titles are text: "$" is not TeX

NEW, SECURED, TARGET, BUDGET, GRANTED, PAID = "#1f5f99", "#8fb3d9", "#c0392b", "#d5e0ec", "#1f5f99", "#2e7d32"


def _finish(fig, ax, path: Path) -> Path:
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value)))
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
    ax.bar(positions, [row["new"] for row in years], 0.6, color=NEW, label="Nye")
    ax.bar(
        positions,
        [row["secured"] for row in years],
        0.6,
        bottom=[row["new"] for row in years],
        color=SECURED,
        label="Sikrede",
    )
    targets = [(position, row["target"]) for position, row in zip(positions, years, strict=True) if row["target"]]
    for number_, (position, target) in enumerate(targets):
        ax.hlines(
            target,
            position - 0.38,
            position + 0.38,
            colors=TARGET,
            linewidth=3,
            label="Mål for året" if number_ == 0 else None,
            zorder=3,
        )
    ax.set_xticks(positions, [str(row["year"]) for row in years])
    ax.set_ylim(0, max([row["total"] for row in years] + [t for _, t in targets]) * 1.15 + 1)
    ax.set_title("Nye og sikrede arbeidsplasser per år", fontsize=11)
    ax.legend(frameon=False, fontsize=9, loc="upper left")
    return _finish(fig, ax, path)


def budget_chart(spending: list[dict[str, Any]], path: Path) -> Path | None:
    """Grouped bars per spending line: budget, granted, paid. None if no project lines."""
    lines = [line for line in spending if line["granted"] is not None]
    if not lines:
        return None
    fig, ax = plt.subplots(figsize=(7, 3.6))
    positions = range(len(lines))
    width = 0.26
    ax.bar([p - width for p in positions], [line["budget"] for line in lines], width, color=BUDGET, label="Budsjett")
    ax.bar(list(positions), [line["granted"] for line in lines], width, color=GRANTED, label="Innvilget")
    ax.bar([p + width for p in positions], [line["paid"] for line in lines], width, color=PAID, label="Utbetalt")
    ax.set_xticks(list(positions), [line["label"].replace("Prosjektmidler ", "") for line in lines], fontsize=9)
    ax.set_title("Budsjett, innvilget og utbetalt (kr)", fontsize=11)
    ax.legend(frameon=False, fontsize=9)
    return _finish(fig, ax, path)
