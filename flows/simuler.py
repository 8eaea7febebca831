"""Preview a period of the wheel, offline: what would be written and sent, without sending anything."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from flows.felles import Blank, artifact_key, engine, form, programme_name
from omstilling.app import simulation


@form
@flow(name="simuler-årshjul", flow_run_name="Simulering · {start} – {end}", log_prints=True)
def simuler(start: date, end: date, programme: str | Blank = None, out_dir: str = "out/simulering") -> dict:
    """Kjør årshjulet dag for dag for en periode: dokumenter og meldinger skrives til filer, ingen får noe."""
    summary = simulation.simulate(engine(), start, end, Path(out_dir), slug=programme)
    lines = [
        f"# Simulering {start.isoformat()}–{end.isoformat()}",
        "",
        (
            f"Dokumenter: {len(summary.documents)}. Påminnelser: {summary.reminders}. "
            f"Innkallinger til styremøter: {summary.notices}."
        ),
        "",
        "| Rolle | Påminnelser |",
        "|:--|--:|",
    ]
    lines += [f"| {role} | {count} |" for role, count in summary.reminders_by_role.items()]
    lines += ["", "| Dag | Dokument | År |", "|:--|:--|--:|"]
    lines += [f"| {d['day']} | {d['kind']} | {d['year']} |" for d in summary.documents]
    create_markdown_artifact(
        markdown="\n".join(lines),
        key=artifact_key("simulering", programme or "alle"),
        description=f"Simulering {start.strftime('%d.%m.%Y')}–{end.strftime('%d.%m.%Y')} for "
        + (programme_name(programme) if programme else "alle programmene"),
    )
    return asdict(summary)
