"""Response matrices from the database, calibrations (anchored), and the pretest pipeline."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import time_machine

from certwright.common.models import AuditEntry
from certwright.core.roles import Role
from certwright.exams.models import Response
from certwright.itembank.models import Item
from certwright.measurement.selectors import response_matrix
from certwright.measurement.services_calibration import (
    MeasurementError,
    analysis_run,
    calibration_run,
    pretest_decide,
    pretest_due,
    pretest_status,
)
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_response_matrix_is_missing_by_design(field_a5: None) -> None:
    matrix = response_matrix(test="A5")
    assert matrix.scores.shape[0] == 120  # one row per simulated candidate
    # each candidate sat one 55-item form and answered the practice items: the rest is missing
    answered = (~np.isnan(matrix.scores)).sum(axis=1)
    practice = Item.objects.filter(test="A5", use="practice", status="operational").count()
    assert set(answered.tolist()) == {55 + practice}
    assert np.isnan(matrix.scores).any()
    # a cell is 1 exactly when the stored answer is the key of the version shown
    response = Response.objects.select_related("item_version__item", "sitting").first()
    assert response is not None
    row = matrix.rows.index(f"p{response.sitting.person_id}")
    col = matrix.column(response.item_version.item.item_id)
    assert matrix.scores[row, col] == float(response.answer == response.item_version.key)
    assert matrix.choices[row, col] == response.answer


def test_analysis_flags_and_reliability(field_a5: None) -> None:
    analysis = analysis_run(test="A5")
    assert analysis.n_candidates == 120
    assert all(0 <= row.p <= 1 for row in analysis.rows)
    assert {row.status for row in analysis.rows} == {"operational", "pretest"}
    assert analysis.n_forms == 8  # 120 candidates on 8 rotating forms: KR-20 per form, then the median
    assert 0 < analysis.reliability < 1
    assert analysis.sem > 0


def test_first_calibration_then_anchored_run_keeps_the_scale(field_a5: None, make_user: Any) -> None:
    staff = make_user(Role.STAFF)
    with time_machine.travel(NOW, tick=False):
        first = calibration_run(test="A5", model="2pl", by=staff)
    assert first.converged
    assert first.n_anchors == 0
    pretest_ids = set(Item.objects.filter(test="A5", status="pretest").values_list("pk", flat=True))
    # pretest items have 120 responses and the test setting asks for 100: they are calibrated
    assert pretest_ids <= set(first.parameters.values_list("item_id", flat=True))
    earlier = {p.item_id: (p.a, p.b) for p in first.parameters.filter(item__status="operational")}
    with time_machine.travel(NOW, tick=False):
        second = calibration_run(test="A5", model="3pl", by=staff)
    assert second.anchored_on == first
    assert second.n_anchors == len(earlier)
    for p in second.parameters.filter(anchor=True):
        assert math.isclose(p.a, earlier[p.item_id][0], rel_tol=1e-9)
        assert math.isclose(p.b, earlier[p.item_id][1], rel_tol=1e-9)
    free = second.parameters.filter(anchor=False)
    assert {p.item_id for p in free} >= pretest_ids
    assert all(p.c > 0 for p in free)  # 3PL on the free items
    assert AuditEntry.objects.filter(action="calibration.run").count() == 2


def test_pretest_items_wait_for_enough_responses(field_a5: None, settings: Any) -> None:
    settings.CERTWRIGHT_PRETEST_MIN_RESPONSES = 500
    with time_machine.travel(NOW, tick=False):
        run = calibration_run(test="A5", model="2pl")
    assert pretest_due(test="A5") == []
    assert not run.parameters.filter(item__status="pretest").exists()
    rows = pretest_status(test="A5")
    assert rows
    assert all(not r.ready and r.n_responses == 120 and r.needed == 500 for r in rows)
    with pytest.raises(MeasurementError, match="needs 500 responses"):
        pretest_decide(item=rows[0].item, promote=True, by=None)
    settings.CERTWRIGHT_PRETEST_MIN_RESPONSES = 120  # now they have enough: a calibration run is due
    assert sorted(pretest_due(test="A5")) == sorted(r.item.item_id for r in rows)


def test_promote_and_send_back_go_through_the_item_workflow(calibrated_a5: Any, make_user: Any) -> None:
    staff = make_user(Role.STAFF)
    first, second = [r.item for r in pretest_status(test="A5")][:2]
    with time_machine.travel(NOW, tick=False):
        pretest_decide(item=first, promote=True, by=staff)
        pretest_decide(item=second, promote=False, by=staff)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("operational", "draft")
    moves = AuditEntry.objects.filter(action="item.transition").order_by("pk")
    assert [(m.object_id, m.after["status"]) for m in moves] == [
        (first.item_id, "operational"),
        (second.item_id, "draft"),
    ]
    with pytest.raises(MeasurementError, match="not in pretest"):
        pretest_decide(item=first, promote=True, by=staff)


def test_nothing_to_calibrate_is_a_clear_error(a5_bank: None) -> None:
    with pytest.raises(MeasurementError, match="A5: no item has 200 responses"):
        calibration_run(test="A5")
