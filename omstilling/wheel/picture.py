"""The wheel drawn for the wall (matplotlib): twelve months round a circle, January at the top and going
clockwise, each event on its date with its label, board meetings on the half-year ring, quotas per half-year."""

from __future__ import annotations

import io
import itertools
import math
import textwrap
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # keep text as text in SVG: searchable, editable
matplotlib.rcParams["text.parse_math"] = False  # a programme's own titles are text: "$" is not TeX
import matplotlib.pyplot as plt  # noqa: E402
from babel.dates import format_date  # noqa: E402
from matplotlib.patches import Circle, Wedge  # noqa: E402

from omstilling.core.enums import AgendaKind, AgendaState  # noqa: E402
from omstilling.core.language import _, locale, speaking  # noqa: E402
from omstilling.core.snapshot import ProgrammeSnapshot  # noqa: E402
from omstilling.core.wheel.view import picture_items, quota_rows  # noqa: E402
from omstilling.store.files import write_atomically  # noqa: E402

COLOURS = {
    "month": ("#e8eef5", "#d5e0ec"),
    "deadline": "#c0392b",
    "meeting": "#1f5f99",
    "board": "#2e7d32",
    "half": ("#cfe3d3", "#f3dfc1"),
    "text": "#222222",
}
LABEL_X = 1.30
LINE_HEIGHT = 0.075


def angle(day: date) -> float:
    """Compass angle in radians (0 at the top, clockwise) of the middle of `day`."""
    first = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - first).days
    return 2 * math.pi * ((day - first).days + 0.5) / length


def point(theta: float, radius: float) -> tuple[float, float]:
    return radius * math.sin(theta), radius * math.cos(theta)


def _spread(labels: list[dict], top: float = 1.45, bottom: float = -1.45) -> None:
    """Move labels on one side apart vertically so they do not overlap, keeping their order."""
    labels.sort(key=lambda item: -item["y"])
    for previous, current in itertools.pairwise(labels):
        gap = (previous["lines"] + current["lines"]) / 2 * LINE_HEIGHT + 0.03
        current["y"] = min(current["y"], previous["y"] - gap)
    overflow = bottom - labels[-1]["y"] if labels else 0
    if overflow > 0:
        for item in labels:
            item["y"] += overflow
    for item in labels:
        item["y"] = min(item["y"], top)


def draw_wheel(snapshot: ProgrammeSnapshot, year: int, path: Path, *, as_of: date) -> Path:
    """Draw the year's wheel to `path` (.png or .svg) and return it, in the programme's written standard."""
    if path.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"bildet må være en .png- eller .svg-fil, ikke «{path.name}»")
    with speaking(snapshot.language):
        return _draw(snapshot, year, path, as_of=as_of)


def _draw(snapshot: ProgrammeSnapshot, year: int, path: Path, *, as_of: date) -> Path:
    fig, ax = plt.subplots(figsize=(16, 12))
    ax.set_xlim(-2.35, 2.35)
    ax.set_ylim(-1.62, 1.62)
    ax.set_aspect("equal")
    ax.axis("off")

    for month in range(1, 13):
        start, end = angle(date(year, month, 1)), angle(date(year + (month == 12), month % 12 + 1, 1))
        if month == 12:
            end = 2 * math.pi
        # Wedge angles are counter-clockwise from the x axis; ours are clockwise from the top.
        ax.add_patch(
            Wedge(
                (0, 0),
                1.0,
                90 - math.degrees(end),
                90 - math.degrees(start),
                width=0.22,
                facecolor=COLOURS["month"][month % 2],
                edgecolor="white",
                linewidth=2,
            )
        )
        middle = (start + end) / 2
        x, y = point(middle, 0.89)
        name = format_date(date(year, month, 1), "MMMM", locale=locale())
        rotation = -math.degrees(middle) if math.cos(middle) >= 0 else 180 - math.degrees(middle)
        ax.text(x, y, name, ha="center", va="center", fontsize=13, rotation=rotation, color=COLOURS["text"])

    forecasts = quota_rows(snapshot, year, as_of)
    for half, (first, last) in enumerate(
        ((date(year, 1, 1), date(year, 6, 30)), (date(year, 7, 1), date(year, 12, 31)))
    ):
        start, end = angle(first), angle(last) + math.pi / 365
        ax.add_patch(
            Wedge(
                (0, 0),
                0.76,
                90 - math.degrees(end),
                90 - math.degrees(start),
                width=0.07,
                facecolor=COLOURS["half"][half],
                edgecolor="white",
                linewidth=2,
            )
        )
        lines = []
        for forecast in (f for f in forecasts if f.start == first and f.quota.months_per_period == 6):
            lines.append(_("%(half)s. halvår: %(state)s") % {"half": half + 1, "state": forecast.state.label})
            figures = {
                "held": len(forecast.held),
                "planned": len(forecast.planned),
                "unconfirmed": len(forecast.unconfirmed),
                "minimum": forecast.quota.minimum,
            }
            if forecast.unconfirmed:
                counts = _("%(held)s holdt, %(planned)s planlagt, %(unconfirmed)s ubekreftet (minst %(minimum)s)")
            else:
                counts = _("%(held)s holdt, %(planned)s planlagt (minst %(minimum)s)")
            lines.append(counts % figures)
        if lines:
            ax.text(
                0,
                0.08 - half * 0.2,
                "\n".join(lines),
                ha="center",
                va="center",
                fontsize=10.5,
                color=COLOURS["text"],
                linespacing=1.4,
            )

    labels = []
    for row, label in picture_items(snapshot, year, as_of):
        if label is None:
            # board meetings without a page of their own on the half-year ring; notice days as rings inside it
            notice = row.kind is AgendaKind.NOTICE
            x, y = point(angle(row.due), 0.62 if notice else 0.725)
            ax.add_patch(
                Circle(
                    (x, y),
                    0.016 if notice else 0.022,
                    facecolor="white" if notice else COLOURS["board"],
                    edgecolor=COLOURS["board"] if notice else "white",
                    linewidth=1.2,
                    zorder=3,
                )
            )
            continue
        theta = angle(row.due)
        x, y = point(theta, 1.0)
        colour = COLOURS["meeting"] if row.kind.is_meeting else COLOURS["deadline"]
        faded = row.state in (AgendaState.DONE, AgendaState.SKIPPED, AgendaState.HELD, AgendaState.CANCELLED)
        ax.add_patch(
            Circle(
                (x, y),
                0.028,
                facecolor="white" if faded else colour,
                edgecolor=colour,
                linewidth=1.5,
                zorder=4,
            )
        )
        text = textwrap.fill(label, 40, subsequent_indent="       ")
        labels.append(
            {
                "theta": theta,
                "x": x,
                "y0": y,
                "y": point(theta, 1.12)[1],
                "text": text,
                "lines": text.count("\n") + 1,
                "right": math.sin(theta) >= 0,
            }
        )
    for side in (True, False):
        group = [item for item in labels if item["right"] is side]
        _spread(group)
        for item in group:
            label_x = LABEL_X if side else -LABEL_X
            elbow = point(item["theta"], 1.08)
            ax.plot(
                [item["x"], elbow[0], label_x - (0.03 if side else -0.03)],
                [item["y0"], elbow[1], item["y"]],
                color="#888888",
                linewidth=0.8,
                zorder=2,
            )
            ax.text(
                label_x,
                item["y"],
                item["text"],
                ha="left" if side else "right",
                va="center",
                fontsize=10.5,
                color=COLOURS["text"],
            )

    ax.text(
        0,
        0.34,
        _("Årshjul %(year)s") % {"year": year},
        ha="center",
        va="center",
        fontsize=22,
        fontweight="bold",
        color=COLOURS["text"],
    )
    ax.text(0, -0.40, textwrap.fill(snapshot.name, 30), ha="center", va="center", fontsize=11.5, color=COLOURS["text"])
    legend = [
        (_("frist"), COLOURS["deadline"], COLOURS["deadline"]),
        (_("møte"), COLOURS["meeting"], COLOURS["meeting"]),
        (_("styremøte"), COLOURS["board"], "white"),
        (_("innkalling"), "white", COLOURS["board"]),
        (_("utført, holdt eller avlyst"), "white", "#555555"),
    ]
    x = -2.2
    for name, colour, edge in legend:
        ax.add_patch(Circle((x, -1.55), 0.025, facecolor=colour, edgecolor=edge, linewidth=1.2))
        ax.text(x + 0.05, -1.55, name, va="center", fontsize=10.5, color=COLOURS["text"])
        x += 0.2 + 0.045 * len(name)
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format=path.suffix.lstrip(".").lower() or "png",
        dpi=150,
        bbox_inches="tight",
        metadata={"Date": None} if path.suffix == ".svg" else None,
    )
    plt.close(fig)
    write_atomically(path, buffer.getvalue())
    return path
