"""certwright psychometrics analyze --test A5 [--csv FILE] | calibrate --test A5 [--model 3pl|2pl|rasch] [--if-due]"""

from __future__ import annotations

import csv
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from certwright.measurement.presenters import FLAG_TEXT, csv_safe
from certwright.measurement.services_calibration import MeasurementError, analysis_run, calibration_run, pretest_due


class Command(BaseCommand):
    help = "Item analysis and IRT calibration of a test's responses (see docs/psychometrics/wiring.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        analyze = sub.add_parser("analyze", help="classical item analysis with flags")
        analyze.add_argument("--test", required=True)
        analyze.add_argument("--csv", help="also write the table to this CSV file")
        calibrate = sub.add_parser("calibrate", help="IRT calibration (anchored on the previous run) stored in the DB")
        calibrate.add_argument("--test", required=True)
        calibrate.add_argument("--model", choices=["rasch", "2pl", "3pl"], default="3pl")
        calibrate.add_argument("--max-iter", type=int, default=500)
        calibrate.add_argument(
            "--if-due",
            action="store_true",
            help="only when a pretest item reached the response threshold since the last run (for a scheduled job)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), width=140)
        test = options["test"].upper()
        try:
            if options["action"] == "analyze":
                self._analyze(console, test, options.get("csv"))
            elif options["if_due"] and not pretest_due(test=test):
                console.print(f"{test}: no pretest item has newly reached the response threshold; nothing to do")
            else:
                self._calibrate(console, test, options["model"], options["max_iter"])
        except MeasurementError as exc:
            raise CommandError(str(exc), returncode=2) from None

    def _analyze(self, console: Console, test: str, out: str | None) -> None:
        with Progress(TextColumn("{task.description}"), BarColumn(), console=console, transient=True) as bar:
            task = bar.add_task(f"Reading and analysing {test} responses", total=None)
            analysis = analysis_run(test=test)
            bar.update(task, total=1, completed=1)
        table = Table(title=f"{test}: {len(analysis.rows)} items, {analysis.n_candidates} candidates")
        for name in ("item", "area", "status", "n", "p", "r(item-rest)", "flags"):
            table.add_column(name)
        for row in analysis.rows:
            flags = "; ".join(FLAG_TEXT[f["reason"]] + (f" ({f['option']})" if f["option"] else "") for f in row.flags)
            table.add_row(
                row.item_id, row.area, row.status, str(row.n), f"{row.p:.2f}", f"{row.discrimination:.2f}", flags
            )
        console.print(table)
        console.print(
            f"KR-20 {analysis.reliability:.3f}  SEM {analysis.sem:.2f}  "
            f"(medians over {analysis.n_forms} form(s) with 5 or more sittings)"
        )
        flagged = sum(1 for r in analysis.rows if r.flags)
        console.print(f"{flagged} item(s) flagged")
        if out:
            with open(out, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["item", "area", "status", "n", "p", "item_rest_r", "flags"])
                for row in analysis.rows:
                    flags = ";".join(f["reason"] for f in row.flags)
                    writer.writerow(
                        [
                            csv_safe(row.item_id),
                            row.area,
                            row.status,
                            row.n,
                            f"{row.p:.4f}",
                            f"{row.discrimination:.4f}",
                            flags,
                        ]
                    )
            console.print(f"wrote {out}")

    def _calibrate(self, console: Console, test: str, model: Any, max_iter: int) -> None:
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[info]}"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console) as bar:
            task = bar.add_task(f"Calibrating {test} ({model})", total=max_iter, info="")

            def progress(info: Any) -> None:
                bar.update(
                    task,
                    completed=info.iteration,
                    info=f"E-step {info.iteration}  max change {info.max_change:.2e}  logL {info.log_likelihood:.1f}",
                )

            run = calibration_run(test=test, model=model, progress=progress, max_iter=max_iter)
            bar.update(task, completed=max_iter)
        console.print(
            f"calibration {run.pk}: {run.n_items} items ({run.n_anchors} anchors held), {run.n_candidates} candidates, "
            f"{run.n_iter} E-steps, {'converged' if run.converged else 'NOT converged'}; "
            f"ability mean {run.population_mean:.3f} SD {run.population_sd:.3f}"
        )
        if not run.converged:
            raise CommandError("EM did not converge; the run is stored but check it before use", returncode=1)
