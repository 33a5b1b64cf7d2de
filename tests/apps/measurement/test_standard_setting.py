"""The Angoff workflow on the web, adopting a cut, equating new forms to it and scoring with it."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from certwright.core.facts import ResultKind
from certwright.core.roles import Role
from certwright.exams.models import Order, Purchase, Response, Sitting
from certwright.exams.services_sittings import form_publish, sitting_submit
from certwright.measurement.models import FormCut
from certwright.measurement.selectors import calibration_latest, form_parameters
from certwright.psychometrics.equating import true_score_equate
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rate(client: Client, pk: int, n: int, value: float) -> str:
    data = {f"item-{k}": f"{value:.2f}" for k in range(n)}
    return client.post(f"/psychometrics/studies/{pk}/rate/", data, follow=True).content.decode()


def _sit(form: Any, person: Any, answers: list[str]) -> Any:
    order = Order.objects.create(person=person, registration_fee=Decimal(0), total=Decimal(0), policy_version=1)
    purchase = Purchase.objects.create(
        order=order,
        person=person,
        test=form.test,
        kind="initial",
        fee=Decimal(0),
        purchased_on=NOW.date(),
        window_ends=NOW.date(),
        status="in_progress",
    )
    sitting = Sitting.objects.create(
        purchase=purchase, person=person, form=form, status="started", launch_code="1", allowed_seconds=60
    )
    Response.objects.bulk_create(
        [
            Response(sitting=sitting, position=i, item_version_id=s["version_id"], answer=a)
            for i, (s, a) in enumerate(zip(form.slots, answers, strict=True))
        ]
    )
    return sitting_submit(sitting=sitting)


@time_machine.travel(NOW, tick=False)
def test_angoff_rounds_adopt_equate_and_score(calibrated_a5: Any, make_user: Any, make_person: Any) -> None:
    staff_user = make_user(Role.STAFF)
    staff = _client(staff_user)
    panel = [make_user(Role.REVIEWER), make_user(Role.REVIEWER), make_user(Role.PSYCHOMETRICIAN)]
    outsider = make_user(Role.REVIEWER)
    form = form_publish(test="A5", kind=ResultKind.INITIAL, seed=5)
    early = form_publish(test="A5", kind=ResultKind.INITIAL, seed=6)  # published before any cut is adopted
    assert form_parameters(form, calibrated_a5) is not None  # every scored item is calibrated
    n = form.max_raw
    studies = staff.get("/psychometrics/studies/").content.decode()
    assert f"Form {form.pk}: A5 initial" in studies
    assert f"provisional cut {form.cut_raw} of {n}" in studies
    # a candidate cannot sit on a panel
    page = staff.post(
        "/psychometrics/studies/new/",
        {"form": form.pk, "title": "A5 2026", "panelists": [make_user(Role.CANDIDATE).pk]},
        follow=True,
    )
    assert "is not a review panel member or psychometrician" in page.content.decode()
    page = staff.post(
        "/psychometrics/studies/new/",
        {"form": form.pk, "title": "A5 2026", "panelists": [u.pk for u in panel]},
        follow=True,
    )
    study_url = page.redirect_chain[-1][0]
    pk = int(study_url.rstrip("/").split("/")[-1])
    html = page.content.decode()
    assert "A5 2026" in html
    assert f"{n} scored items" in html
    # panelists rate; someone not invited cannot open the study
    p1, p2, p3 = (_client(u) for u in panel)
    assert "Saved 45 rating(s)." in _rate(p1, pk, n, 0.6)
    assert _client(outsider).get(study_url).status_code == 403
    assert (
        "at least two panelists"
        in staff.post(f"/psychometrics/studies/{pk}/close-round/", follow=True).content.decode()
    )
    assert "a rating is a probability from 0 to 1" in _rate(p2, pk, n, 1.5)
    _rate(p2, pk, n, 0.7)
    html = staff.get(study_url).content.decode()
    assert "Still rating: " + panel[2].username in html
    html = staff.post(f"/psychometrics/studies/{pk}/close-round/", follow=True).content.decode()
    assert "Round 1 closed at a cut of 29.25" in html  # (0.6 + 0.7) / 2 x 45
    assert "Would pass" in html
    assert "calibrated ability distribution" in html
    # round 2 starts from each panelist's round-1 ratings, with round 1's results shown
    round2 = p1.get(study_url).content.decode()
    assert 'value="0.6"' in round2
    assert "29.25" in round2
    _rate(p3, pk, n, 0.5)
    html = staff.post(f"/psychometrics/studies/{pk}/close-round/", follow=True).content.decode()
    assert "Round 2 closed at a cut of 27.00" in html  # (0.6 + 0.7 + 0.5) / 3 x 45
    # adopting takes the last closed round's cut, rounded up
    html = staff.post(f"/psychometrics/studies/{pk}/adopt/", follow=True).content.decode()
    cut = FormCut.objects.get(form=form)
    assert (cut.source, cut.cut_raw, cut.cut_exact) == ("angoff", 27, pytest.approx(27.0))
    assert "raw cut 27 adopted" in html
    assert "Raw score to scaled score" in html
    form.refresh_from_db()
    assert form.cut_raw == 27
    assert cut.conversion[27][1] == 300
    assert cut.conversion[26][1] < 300
    assert cut.conversion[n][1] == 500
    assert cut.cut_theta is not None
    assert cut.conversion[27][2] == pytest.approx(cut.cut_theta, abs=1e-3)
    assert "ratings are closed" in _rate(p1, pk, n, 0.5)
    # a form published earlier is equated on request; one published now is equated at once
    assert f"Equate to the base form {form.pk}" in staff.get(f"/psychometrics/forms/{early.pk}/").content.decode()
    html = staff.post(f"/psychometrics/forms/{early.pk}/equate/", follow=True).content.decode()
    assert f"by true-score equating to form {form.pk}" in html
    assert FormCut.objects.get(form=early).source == "equating"
    assert _client(panel[0]).post(f"/psychometrics/forms/{early.pk}/equate/").status_code == 403
    new = form_publish(test="A5", kind=ResultKind.INITIAL, seed=99)
    equated = FormCut.objects.get(form=new)
    calibration = calibration_latest(test="A5")
    expected = true_score_equate([27.0], form_parameters(form, calibration)[0], form_parameters(new, calibration)[0])[0]
    assert equated.source == "equating"
    assert equated.base == cut
    assert equated.cut_raw == math.ceil(expected - 1e-6)
    assert new.cut_raw == equated.cut_raw
    # scoring a sitting on the new form uses its conversion table
    keys = [Response(item_version_id=s["version_id"]).item_version.key for s in new.slots]
    right = equated.cut_raw
    answers, count = [], 0
    for slot, key in zip(new.slots, keys, strict=True):
        give_right = slot["scored"] and count < right
        count += give_right
        answers.append(key if give_right else ("A" if key != "A" else "B"))
    score = _sit(new, make_person(), answers)
    assert (score.raw, score.scaled, score.passed) == (right, 300, True)
    api = staff.get(f"/api/v1/psychometrics/forms/{new.pk}/conversion").json()
    assert api["source"] == "equating"
    assert api["base_form"] == form.pk
    assert api["rows"][right]["scaled"] == 300
