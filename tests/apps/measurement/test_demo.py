"""The measurement demo: a calibration of A5, an Angoff study mid-round-2, pretest items ready."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from certwright.accounts.models import User
from certwright.demo import measurement_demo
from certwright.demo.services import bank_load, demo_load
from certwright.measurement.models import AngoffRating, Calibration, FormCut, StandardSettingStudy
from certwright.measurement.services_standard import round_result
from tests.conftest import BANK

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime(2026, 11, 28, 17, tzinfo=UTC), tick=False)
def test_measurement_demo() -> None:
    demo_load(today=date(2026, 11, 28))
    bank_load(bank_dir=BANK, only="A5")
    line = measurement_demo.load(today=date(2026, 11, 28))
    assert "240 simulated A5 candidates" in line
    assert "in round 2" in line
    assert measurement_demo.load(today=date(2026, 11, 28)) == ""  # idempotent
    first, second = Calibration.objects.order_by("pk")
    assert first.n_anchors == 0
    assert second.anchored_on == first
    assert second.n_anchors > 0
    assert second.parameters.filter(item__status="pretest").count() >= 1  # ready for promotion
    assert not first.parameters.filter(item__status="pretest").exists()  # 160 < 200 responses then
    base, study = StandardSettingStudy.objects.order_by("pk")
    assert base.status == "adopted"
    assert study.current_round == 2
    assert study.status == "open"
    cut = FormCut.objects.get(form=base.form)
    assert cut.source == "angoff"
    assert cut.cut_theta is not None
    assert FormCut.objects.get(form=study.form).base == cut  # the new form was equated when published
    names = {"reviewer1", "reviewer2", "reviewer3", "psychometrician"}
    assert set(study.panelists.values_list("username", flat=True)) == names
    round1 = round_result(study, 1)
    assert set(round1.panelists) == names
    assert round1.cut is not None
    assert round1.pass_rate is not None
    assert AngoffRating.objects.filter(study=study, round=2).count() == 4 * study.form.max_raw
    client = Client()
    client.force_login(User.objects.get(username="psychometrician"))
    assert "Promote to operational" in client.get("/psychometrics/A5/pretest/").content.decode()
    page = client.get(f"/psychometrics/forms/{base.form_id}/").content.decode()
    assert f"Raw cut <strong>{cut.cut_raw}</strong>" in page
    html = client.get(f"/psychometrics/studies/{study.pk}/").content.decode()
    assert "Your ratings, round 2" in html
    assert "Would pass" in html
