"""The certwright command: catalog and standing, including bad input and exit status 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
PERSON = {
    "person": {"id": "t1", "name": "Ana"},
    "results": [{"test": "A5", "date": "2021-03-14", "outcome": "pass", "kind": "initial"}],
    "experience": [{"kind": "work", "start": "2015-01-01", "verified": True}],
}


def call(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_console_script_exits_2_naming_the_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"person": {"id": "x"}, "results": [{"test": "ZZ", "date": "2021-01-01", "outcome": "pass"}]}')
    done = subprocess.run(
        [sys.executable, "-m", "certwright", "standing", str(path), "--as-of", "2023-01-01"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2
    assert f"{path}: results[0].test: unknown test 'ZZ'" in done.stderr


def test_standing_json(tmp_path: Path) -> None:
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(PERSON))
    data = json.loads(call("standing", str(path), "--as-of", "2023-01-01"))
    assert data["tests"]["A5"]["status"] == "certified"
    assert data["tests"]["A5"]["until"] == "2026-03-14"


def test_standing_table(tmp_path: Path) -> None:
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(PERSON))
    out = call("standing", str(path), "--as-of", "2026-03-14", "--format", "table")
    assert "A5" in out
    assert "expired" in out
    assert "take the recertification test" in out


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
def test_bad_file_is_refused_naming_file_and_field(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError) as info:
        call("standing", str(path), "--as-of", "2023-01-01")
    assert info.value.returncode == 2
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_bad_as_of_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot be read") as missing:
        call("standing", str(tmp_path / "none.json"), "--as-of", "2023-01-01")
    assert missing.value.returncode == 2
    with pytest.raises(CommandError, match="--as-of"):
        call("standing", str(tmp_path / "none.json"), "--as-of", "yesterday")


def test_catalog_listing_and_one_test() -> None:
    assert "Master Automobile Technician" in call("catalog")
    one = call("catalog", "A5")
    assert "Disc Brake Diagnosis and Repair" in one
    assert "unconfirmed" in one
    with pytest.raises(CommandError) as info:
        call("catalog", "Q9")
    assert info.value.returncode == 2
