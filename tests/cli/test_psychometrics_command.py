"""certwright psychometrics analyze|calibrate --test A5 on a simulated delivery history."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command

from certwright.measurement.models import Calibration
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(a5_bank: None, settings: Any) -> None:
    from certwright.demo.measurement_demo import field_test

    settings.CERTWRIGHT_PRETEST_MIN_RESPONSES = 50
    with time_machine.travel(NOW, tick=False):
        field_test(test="A5", n=80, seed=3, on=NOW.date())


@time_machine.travel(NOW, tick=False)
def test_analyze_and_calibrate(history: None, tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "a5.csv"
    call_command("psychometrics", "analyze", "--test", "a5", "--csv", str(target), stdout=out)
    text = out.getvalue()
    assert "80 candidates" in text
    assert "KR-20" in text
    assert "item(s) flagged" in text
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0] == ["item", "area", "status", "n", "p", "item_rest_r", "flags"]
    assert len(rows) > 50
    out = io.StringIO()
    call_command("psychometrics", "calibrate", "--test", "A5", "--model", "2pl", stdout=out)
    first = Calibration.objects.get()
    assert f"calibration {first.pk}: {first.n_items} items (0 anchors held), 80 candidates" in out.getvalue()
    assert "converged" in out.getvalue()
    out = io.StringIO()
    call_command("psychometrics", "calibrate", "--test", "A5", "--if-due", stdout=out)
    assert "nothing to do" in out.getvalue()  # the pretest items (80 >= 50 responses) are calibrated already
    assert Calibration.objects.count() == 1
    out = io.StringIO()
    call_command("psychometrics", "calibrate", "--test", "A5", stdout=out)
    second = Calibration.objects.first()
    assert second is not None
    assert second.model == "3pl"
    assert second.anchored_on == first
    assert second.n_anchors > 0


def test_clear_errors(a5_bank: None) -> None:
    with pytest.raises(CommandError, match="A5: no responses to analyse yet"):
        call_command("psychometrics", "analyze", "--test", "A5", stdout=io.StringIO())
    with pytest.raises(CommandError, match="no item has 200 responses"):
        call_command("psychometrics", "calibrate", "--test", "A5", stdout=io.StringIO())
