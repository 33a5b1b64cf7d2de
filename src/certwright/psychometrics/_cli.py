"""``python -m certwright.psychometrics``: classical analysis and IRT calibration of a CSV file.

The CSV has one row per candidate and one column per item: ``1`` right, ``0`` wrong, blank
missing. A first row with anything else in it is taken as the item names; ``--id-column`` drops
a leading candidate-identifier column. This is the one place in the package that reads or writes
files: an interface for psychometricians working without the server.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from certwright.psychometrics._arrays import FloatArray
from certwright.psychometrics.ctt import item_analysis
from certwright.psychometrics.irt import MODELS, IRTModel, IterationInfo

_CODES = {"0": 0.0, "1": 1.0, "": np.nan}


class CSVError(ValueError):
    """The file is not a 0/1/blank response table."""


def read_responses(path: Path, *, id_column: bool = False) -> tuple[list[str], FloatArray]:
    """Item names and the (n_candidates, n_items) matrix from a response CSV."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    if id_column:
        rows = [row[1:] for row in rows]
    if not rows:
        raise CSVError(f"{path}: no rows")
    header = any(cell.strip() not in _CODES for cell in rows[0])
    names = [cell.strip() for cell in rows[0]] if header else [f"item{j + 1}" for j in range(len(rows[0]))]
    body = rows[1:] if header else rows
    if not body:
        raise CSVError(f"{path}: no candidate rows")
    data = np.empty((len(body), len(names)))
    for i, row in enumerate(body):
        if len(row) != len(names):
            raise CSVError(f"{path}: row {i + 1 + header} has {len(row)} columns; expected {len(names)}")
        for j, cell in enumerate(row):
            value = _CODES.get(cell.strip())
            if value is None:
                raise CSVError(f"{path}: row {i + 1 + header}, column {names[j]!r}: {cell!r} is not 0, 1 or blank")
            data[i, j] = value
    return names, data


def _fmt(value: float, digits: int = 3) -> str:
    return "" if np.isnan(value) else f"{value:.{digits}f}"


def analyze(path: Path, *, id_column: bool, console: Console) -> int:
    """Print the classical item analysis table and the test summary."""
    names, data = read_responses(path, id_column=id_column)
    result = item_analysis(data)
    flags: dict[int, list[str]] = {}
    for flag in result.flags:
        flags.setdefault(flag.item, []).append(str(flag.reason))
    table = Table(title=f"Classical item analysis: {path.name}")
    for column in ("item", "n", "p", "r_item_rest", "flags"):
        table.add_column(column, justify="left" if column in ("item", "flags") else "right")
    for j, name in enumerate(names):
        table.add_row(
            name,
            str(result.n_answered[j]),
            _fmt(result.p[j]),
            _fmt(result.discrimination[j]),
            ", ".join(flags.get(j, [])),
        )
    console.print(table)
    scores = np.nansum(data, axis=1)
    console.print(
        f"candidates {data.shape[0]}  items {data.shape[1]}  mean score {scores.mean():.2f}  "
        f"SD {scores.std():.2f}  KR-20 {_fmt(result.alpha)}  SEM {_fmt(result.sem, 2)}"
    )
    return 0


def calibrate(path: Path, *, model: str, out: Path | None, id_column: bool, console: Console) -> int:
    """Fit the model with a progress bar and write the item parameters CSV."""
    names, data = read_responses(path, id_column=id_column)
    target = out if out is not None else path.with_name(f"{path.stem}.{model}.params.csv")
    with Progress(
        TextColumn("[bold]EM[/bold] {task.fields[status]}"),
        BarColumn(),
        TextColumn("{task.completed:.0f} E-steps"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("calibrate", total=None, status="starting")

        def on_iteration(info: IterationInfo) -> None:
            status = f"change {info.max_change:.2e}  log-lik {info.log_likelihood:,.1f}"
            progress.update(task, completed=info.iteration, status=status)

        fitted = IRTModel(model, callback=on_iteration).fit(data)  # type: ignore[arg-type]
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["item", "a", "b", "c", "se_a", "se_b", "se_c"])
        se = fitted.se_
        for j, name in enumerate(names):
            values = (fitted.a_[j], fitted.b_[j], fitted.c_[j], se.a[j], se.b[j], se.c[j])
            writer.writerow([name, *(_fmt(float(v), 6) for v in values)])
    state = "converged" if fitted.converged_ else "did NOT converge"
    console.print(
        f"{model}: {state} after {fitted.n_iter_} E-steps; log-likelihood {fitted.log_likelihood_:,.2f}; "
        f"{fitted.n_candidates_} candidates; parameters written to {target}"
    )
    return 0 if fitted.converged_ else 1


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Entry point; returns the exit status (2 for unreadable input)."""
    parser = argparse.ArgumentParser(prog="python -m certwright.psychometrics", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("analyze", "classical item analysis table"), ("calibrate", "IRT item calibration")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("file", type=Path, help="CSV: one row per candidate, one column per item, 0/1/blank")
        sub.add_argument("--id-column", action="store_true", help="the first column identifies candidates")
        if name == "calibrate":
            sub.add_argument("--model", choices=MODELS, default="2pl")
            sub.add_argument("--out", type=Path, default=None, help="parameters CSV (default: FILE.MODEL.params.csv)")
    args = parser.parse_args(argv)
    out = console if console is not None else Console()
    try:
        if args.command == "analyze":
            return analyze(args.file, id_column=args.id_column, console=out)
        return calibrate(args.file, model=args.model, out=args.out, id_column=args.id_column, console=out)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201 - the CLI reports to stderr
        return 2
