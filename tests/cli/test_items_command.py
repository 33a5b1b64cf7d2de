"""certwright items import / export / lint against a real database."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from certwright.itembank.models import Item

pytestmark = pytest.mark.django_db
BANK = Path(__file__).resolve().parents[2] / "src" / "certwright" / "bank"


def call(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_export_round_trip_in_every_format(tmp_path: Path) -> None:
    out = call("items", "import", str(BANK / "C1.yaml"), "--status", "operational")
    assert "20 imported" in out
    assert Item.objects.filter(test="C1").count() == 20
    assert "0 imported" in call("items", "import", str(BANK / "C1.yaml"))
    for fmt, name in (("yaml", "C1.yaml"), ("qti", "C1.zip"), ("gift", "C1.gift"), ("csv", "C1.csv")):
        dest = tmp_path / name
        assert "wrote 20 items" in call("items", "export", "--test", "C1", "--format", fmt, "--out", str(dest))
        assert dest.stat().st_size > 1000
    assert "imsmanifest.xml" in zipfile.ZipFile(tmp_path / "C1.zip").namelist()


def test_a_bad_file_imports_nothing_and_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    good_lines = (BANK / "C1.yaml").read_text(encoding="utf-8")
    (tmp_path / "ok.yaml").write_text(good_lines, encoding="utf-8")
    bad.write_text("id,test\nX-1,A5\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing imported") as info:
        call("items", "import", str(tmp_path / "ok.yaml"), str(bad))
    assert info.value.returncode == 2
    assert not Item.objects.exists()


def test_lint_of_one_test() -> None:
    assert "0 errors" in call("items", "lint", "--test", "A5")
    with pytest.raises(CommandError):
        call("items", "lint", "--test", "Q9")
