"""Staff and psychometrician pages: item analysis with flags, SVG plots, CSV, pretest decisions."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
import time_machine
from django.test import Client

from certwright.core.roles import Role
from certwright.itembank.models import Item
from certwright.measurement.models import ItemParameter
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(NOW, tick=False)
def test_analysis_page_plots_csv_and_permissions(calibrated_a5: Any, make_user: Any) -> None:
    psychometrician = _client(make_user(Role.PSYCHOMETRICIAN))
    flagged = ItemParameter.objects.filter(calibration=calibrated_a5).exclude(flags=[]).select_related("item").first()
    html = psychometrician.get("/psychometrics/A5/").content.decode()
    assert f"Calibration {calibrated_a5.pk}" in html
    assert "120 candidates" in html
    assert html.count("<svg") == 2
    assert "Test information" in html
    assert "Item characteristic curves" in html
    assert "Who can use this page: Psychometrician, Programme staff" in html
    if flagged is not None:  # the simulated data flags some items; their reasons are spelled out
        assert flagged.item.item_id in html
        assert any(text in html for text in ("Too easy", "Too hard", "Does not discriminate", "Distractor attracts"))
    item = ItemParameter.objects.filter(calibration=calibrated_a5).select_related("item").first()
    assert item is not None
    detail = psychometrician.get(f"/psychometrics/A5/items/{item.item.item_id}/").content.decode()
    assert "option choice by score group" in detail
    assert "(key)" in detail
    assert psychometrician.get("/psychometrics/A5/items/NOPE/").status_code == 404
    assert psychometrician.get("/psychometrics/Q9/").status_code == 404
    # the CSV has one row per calibrated item; a cell that looks like a formula is neutralised
    Item.objects.filter(pk=item.item_id).update(item_id="=HYPERLINK(1)")
    response = psychometrician.get("/psychometrics/A5/items.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["item", "area", "status"]
    assert len(rows) == 1 + calibrated_a5.n_items
    assert [r[0] for r in rows if "HYPERLINK" in r[0]] == ["'=HYPERLINK(1)"]
    candidate = _client(make_user(Role.CANDIDATE))
    assert candidate.get("/psychometrics/A5/").status_code == 403
    assert candidate.get("/psychometrics/A5/items.csv").status_code == 403
    assert Client().get("/psychometrics/A5/").status_code == 302


@time_machine.travel(NOW, tick=False)
def test_pretest_page_promotes_and_returns_items(calibrated_a5: Any, make_user: Any) -> None:
    staff = _client(make_user(Role.STAFF))
    html = staff.get("/psychometrics/A5/pretest/").content.decode()
    pretest = list(Item.objects.filter(test="A5", status="pretest").order_by("item_id"))
    assert all(f"{i.item_id}" in html for i in pretest)
    assert "120 of 100" in html
    assert "a calibration run is due" not in html  # calibrated already
    assert "Promote to operational" in html
    page = staff.post(f"/psychometrics/A5/pretest/{pretest[0].item_id}/", {"decision": "promote"}, follow=True)
    assert f"{pretest[0].item_id} is now operational." in page.content.decode()
    page = staff.post(f"/psychometrics/A5/pretest/{pretest[1].item_id}/", {"decision": "return"}, follow=True)
    assert "back in draft" in page.content.decode()
    page = staff.post(f"/psychometrics/A5/pretest/{pretest[0].item_id}/", {"decision": "promote"}, follow=True)
    assert "not in pretest" in page.content.decode()
    assert list(
        Item.objects.filter(pk__in=[pretest[0].pk, pretest[1].pk]).order_by("item_id").values_list("status", flat=True)
    ) == [
        "operational",
        "draft",
    ]
    reviewer = _client(make_user(Role.REVIEWER))
    assert reviewer.post(f"/psychometrics/A5/pretest/{pretest[2].item_id}/", {"decision": "promote"}).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_calibrate_button_runs_an_anchored_calibration(calibrated_a5: Any, make_user: Any) -> None:
    staff = _client(make_user(Role.STAFF))
    page = staff.post("/psychometrics/A5/calibrate/", {"model": "3pl"}, follow=True).content.decode()
    assert "anchors held" in page
    assert "converged" in page
    home = staff.get("/psychometrics/").content.decode()
    assert "A5 Brakes" in home
    assert "3PL" in home


def test_every_measurement_page_declares_who_may_open_it() -> None:
    from certwright.measurement.urls import urlpatterns

    rules = {p.name: getattr(p.callback, "access_rule", None) for p in urlpatterns}
    assert all(rules.values()), [name for name, rule in rules.items() if rule is None]
    assert "Psychometrician" in rules["psychometrics-test"].describe()


def test_plots_are_well_formed_svg_with_escaped_labels() -> None:
    from xml.etree import ElementTree

    from certwright.measurement import plots
    from certwright.psychometrics.irf import ItemParameters

    params = ItemParameters.of([1.0, 1.5], [-0.5, 0.8], [0.2, 0.0])
    for svg in (
        plots.icc_plot(params, ["A5-001", "<b>&x"]),
        plots.information_plot(params, cut_theta=0.3),
        plots.distractor_plot(["A", "B"], "B", [[0.6, 0.4], [0.5, 0.5], [0.1, 0.9]], title="A5-001 <options>"),
    ):
        root = ElementTree.fromstring(svg)  # raises on malformed markup
        assert root.tag.endswith("svg")
        assert root.get("role") == "img"
        assert "<b>" not in svg
        assert "style=" not in svg  # CSP: no inline styles
