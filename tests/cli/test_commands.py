"""The certwright command: catalog and standing, including bad input and exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PERSON = {
    "person": {"id": "t1", "name": "Ana"},
    "results": [{"test": "A5", "date": "2021-03-14", "outcome": "pass", "kind": "initial"}],
    "experience": [{"kind": "work", "start": "2015-01-01", "verified": True}],
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "certwright", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_standing_json(tmp_path: Path) -> None:
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(PERSON))
    done = run("standing", str(path), "--as-of", "2023-01-01")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["tests"]["A5"] | {"reasons": []} == data["tests"]["A5"] | {"reasons": []}
    assert data["tests"]["A5"]["status"] == "certified"
    assert data["tests"]["A5"]["until"] == "2026-03-14"


def test_standing_table(tmp_path: Path) -> None:
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(PERSON))
    done = run("standing", str(path), "--as-of", "2026-03-14", "--format", "table")
    assert done.returncode == 0
    assert "A5" in done.stdout
    assert "expired" in done.stdout
    assert "take the recertification test" in done.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"person": {"id": "x"}, "results": [{"test": "A5", "date": "2021-13-01", "outcome": "pass"}]}',
            "results[0].date",
        ),
        (
            '{"person": {"id": "x"}, "results": [{"test": "ZZ", "date": "2021-01-01", "outcome": "pass"}]}',
            "results[0].test: unknown test 'ZZ'",
        ),
        ("{broken", "is not valid JSON"),
    ],
)
def test_bad_file_exits_2_naming_file_and_field(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    done = run("standing", str(path), "--as-of", "2023-01-01")
    assert done.returncode == 2
    assert str(path) in done.stderr
    assert message in done.stderr


def test_bad_as_of_and_missing_file_exit_2(tmp_path: Path) -> None:
    assert run("standing", str(tmp_path / "none.json"), "--as-of", "2023-01-01").returncode == 2
    done = run("standing", str(tmp_path / "none.json"), "--as-of", "yesterday")
    assert done.returncode == 2
    assert "--as-of" in done.stderr


def test_catalog_listing_and_one_test() -> None:
    listing = run("catalog")
    assert listing.returncode == 0
    assert "Master Automobile Technician" in listing.stdout
    one = run("catalog", "A5")
    assert "Disc Brake Diagnosis and Repair" in one.stdout
    assert "unconfirmed" in one.stdout
    assert run("catalog", "Q9").returncode == 2
