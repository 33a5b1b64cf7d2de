"""The employer dashboard, its CSV and PDF exports, and who may open them."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from certwright.core.roles import Role
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


class DashboardTests:
    def test_matrix_expiries_roles_and_recognition(self, shop: dict[str, Any]) -> None:
        page = _client(shop["admin"]).get(f"/employer/{shop['org'].pk}/")
        html = page.content.decode()
        assert page.status_code == 200
        # 3 technicians who diagnose and repair, 2 certified: 75 % of 3 needs 3; nobody holds A7
        assert "Main Street Auto does not qualify yet." in html
        assert (
            "Main St does not qualify: certify one more technician at the Main St location "
            "(2 of 3 certified; 75 % needs 3); no one is certified in A7 (heating air conditioning) "
            "at the Main St location."
        ) in html
        # matrix: colour class plus a letter and a text label
        assert 'class="s-certified" title="certified until 2027-01-10">C<span class="sr-only"> certified' in html
        assert 'title="expired">E' in html  # Cal's A5
        assert 'title="not passed yet">F' in html  # Ann's A7, she shares progress
        assert 'Pat Baker <span class="muted">(certifications only)</span>' in html
        # roles
        assert "Does not meet the role: missing A5" in html  # Cal
        assert "meets the requirement until 2027-01-10" in html  # Ann
        # expiries: none within 90 days of 2026-11-28 (Ann's A5 runs to 2027-01-10: 43 days)
        assert "Pat Ames: A5 valid until 2027-01-10 (43 days)" in html
        assert "Employment attestations" in html
        # areas of service
        assert '<td>Heating air conditioning</td><td>A7</td><td class="warn">0</td>' in html
        assert '<td>Brakes</td><td>A5</td><td class="ok">3</td>' in html

    def test_the_technician_controls_what_the_employer_sees(
        self, shop: dict[str, Any], session: Any, make_user: Any
    ) -> None:
        from certwright.candidates.models import RenewalCredit
        from certwright.core.facts import ResultKind
        from certwright.core.ordering import OrderLine
        from certwright.exams.models import Appointment
        from certwright.exams.services_orders import order_create, order_pay

        RenewalCredit.objects.create(person=shop["bob"], test="A5", date=NOW.date(), correct=True)
        RenewalCredit.objects.create(person=shop["ann"], test="A5", date=NOW.date(), correct=True)
        for person in (shop["ann"], shop["bob"]):
            order = order_create(person=person, lines=[OrderLine("A1", ResultKind.INITIAL)])
            order_pay(order=order, by=make_user(Role.STAFF), reference="test")
            Appointment.objects.create(purchase=order.purchases.get(), session=session)
        html = _client(shop["admin"]).get(f"/employer/{shop['org'].pk}/").content.decode()
        assert "Pat Ames:\nrenewal credits A5 1/8;\nupcoming A1 on 2026-12-05" in html
        assert "Pat Baker:" not in html
        # Bob's A4 is certified (shown); a failed test of his would not be
        assert html.count('title="not shared"') >= 1

    def test_location_filter(self, shop: dict[str, Any]) -> None:
        from certwright.employers.services import location_create

        elm = location_create(organisation=shop["org"], name="Elm St", service_areas=["brakes"])
        c = _client(shop["admin"])
        html = c.get(f"/employer/{shop['org'].pk}/?location={elm.pk}").content.decode()
        assert "at the Elm St location" in html
        assert "Pat Ames" not in html
        assert (
            "Elm St does not qualify: no technicians who diagnose and repair are listed at the Elm St location" in html
        )

    def test_only_the_organisations_admins_and_staff(self, shop: dict[str, Any], make_user: Any) -> None:
        url = f"/employer/{shop['org'].pk}/"
        assert Client().get(url).status_code == 302
        assert _client(make_user(Role.CANDIDATE)).get(url).status_code == 403
        assert _client(shop["other_admin"]).get(url).status_code == 404
        assert _client(shop["other_admin"]).get(url + "workforce.csv").status_code == 404
        assert _client(shop["other_admin"]).get(url + "manage/").status_code == 404
        staff = _client(make_user(Role.STAFF))
        assert staff.get(url).status_code == 200
        listing = staff.get("/employer/").content.decode()
        assert "Elsewhere Motors" in listing
        assert "Main Street Auto" in listing
        assert _client(shop["admin"]).get("/employer/").status_code == 302  # one organisation: straight to it


class ExportTests:
    def test_csv_has_the_matrix_and_is_formula_safe(self, shop: dict[str, Any]) -> None:
        shop["cal"].first_name = "=HYPERLINK(1)"
        shop["cal"].save()
        response = _client(shop["admin"]).get(f"/employer/{shop['org'].pk}/workforce.csv")
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][:6] == ["Technician", "Candidate ID", "Location", "Role", "Role requirement", "Master"]
        assert rows[0][6:] == ["A4", "A5", "A7"]
        ann = next(r for r in rows if r[0] == "Pat Ames")
        assert ann[4] == "meets the requirement until 2027-01-10"
        assert ann[6:] == ["not attempted", "certified until 2027-01-10", "not passed yet"]
        bob = next(r for r in rows if r[0] == "Pat Baker")
        assert bob[8] == "not shared"
        assert any(r[0] == "'=HYPERLINK(1) Cole" for r in rows)

    def test_pdf(self, shop: dict[str, Any]) -> None:
        response = _client(shop["admin"]).get(f"/employer/{shop['org'].pk}/workforce.pdf")
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


class SafeCellTests:
    @pytest.mark.parametrize(
        ("value", "out"),
        [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("Ann", "Ann"), ("", "")],
    )
    def test_prefixes_formula_starts(self, value: str, out: str) -> None:
        from certwright.employers.presenters import safe_cell

        assert safe_cell(value) == out
