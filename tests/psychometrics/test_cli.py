"""``python -m certwright.psychometrics``: analyze and calibrate a response CSV."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from certwright.psychometrics._cli import main, read_responses
from tests.psychometrics.simdata import simulate


@pytest.fixture
def responses_csv(tmp_path: Path) -> Path:
    resp = simulate(600, 8, seed=71).responses
    resp[np.random.default_rng(0).random(resp.shape) < 0.1] = np.nan
    path = tmp_path / "form.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["candidate", *(f"Q{j + 1}" for j in range(8))])
        for i, row in enumerate(resp):
            writer.writerow([f"c{i}", *("" if np.isnan(v) else str(int(v)) for v in row)])
    return path


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, force_terminal=False), out


def test_read_responses_with_header_and_ids(responses_csv):
    names, data = read_responses(responses_csv, id_column=True)
    assert names[0] == "Q1"
    assert len(names) == 8
    assert data.shape == (600, 8)
    assert np.isnan(data).any()


def test_read_responses_without_header(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("1,0,\n0,1,1\n")
    names, data = read_responses(path)
    assert names == ["item1", "item2", "item3"]
    assert np.isnan(data[0, 2])
    assert data[1, 2] == 1


def test_analyze_prints_the_table(responses_csv):
    console, out = _console()
    assert main(["analyze", str(responses_csv), "--id-column"], console) == 0
    text = out.getvalue()
    assert "Classical item analysis" in text
    assert "Q8" in text
    assert "KR-20" in text


def test_calibrate_writes_parameters(responses_csv, tmp_path):
    console, out = _console()
    target = tmp_path / "params.csv"
    status = main(["calibrate", str(responses_csv), "--id-column", "--model", "2pl", "--out", str(target)], console)
    assert status == 0
    with target.open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["item"] for r in rows] == [f"Q{j + 1}" for j in range(8)]
    assert all(float(r["a"]) > 0 and float(r["se_b"]) > 0 for r in rows)
    assert "converged" in out.getvalue()


def test_calibrate_default_output_name(responses_csv):
    console, _ = _console()
    assert main(["calibrate", str(responses_csv), "--id-column", "--model", "rasch"], console) == 0
    assert (responses_csv.parent / "form.rasch.params.csv").exists()


def test_bad_cell_is_reported(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("Q1,Q2\n1,0\n1,x\n")
    assert main(["analyze", str(path)]) == 2
    assert "row 3, column 'Q2': 'x' is not 0, 1 or blank" in capsys.readouterr().err


def test_module_entry_point(responses_csv):
    result = subprocess.run(
        [sys.executable, "-m", "certwright.psychometrics", "analyze", str(responses_csv), "--id-column"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Q1" in result.stdout
