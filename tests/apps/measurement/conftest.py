"""A5 with a simulated delivery history (the demo's field test) and a first calibration."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from tests.conftest import NOW


@pytest.fixture
def field_a5(a5_bank: None, settings: Any) -> None:
    """120 simulated A5 candidates (sittings, responses, scores, practice answers)."""
    from certwright.demo.measurement_demo import field_test

    settings.CERTWRIGHT_PRETEST_MIN_RESPONSES = 100
    with time_machine.travel(NOW, tick=False):
        field_test(test="A5", n=120, seed=11, on=NOW.date())


@pytest.fixture
def calibrated_a5(field_a5: None) -> Any:
    from certwright.measurement.services_calibration import calibration_run

    with time_machine.travel(NOW, tick=False):
        return calibration_run(test="A5", model="2pl")
