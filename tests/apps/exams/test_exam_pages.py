"""The candidate's and the proctor's pages, through the web client (no JavaScript needed)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from pypdf import PdfReader

from certwright.core.roles import Role
from certwright.exams.models import Order, Sitting
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(NOW, tick=False)
def test_order_book_check_in_sit_and_read_the_result(
    a5_bank: None, make_person: Any, make_user: Any, session: Any
) -> None:
    user = make_user(Role.CANDIDATE)
    make_person(user=user, results=("A5 pass 2021-12-20",))
    me = _login(user)
    page = me.post("/exams/order/", {"tests": ["A5:recertification", "L1:initial"]}, follow=True).content.decode()
    assert "L1: you must first pass A8" in page
    page = me.post("/exams/order/", {"tests": ["A5:recertification"]}, follow=True).content.decode()
    assert "waiting for payment" in page
    staff = _login(make_user(Role.STAFF))
    staff.post("/staff/orders/", {"order": Order.objects.get().pk})
    purchase = Order.objects.get().purchases.get()
    assert "Downtown Test Centre" in me.get(f"/exams/purchases/{purchase.pk}/book/").content.decode()
    page = me.post(f"/exams/purchases/{purchase.pk}/book/", {"session": session.pk}, follow=True).content.decode()
    assert "Booked: A5" in page
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        proctor = _login(make_user(Role.PROCTOR))
        console = proctor.get("/proctor/").content.decode()
        assert "Downtown Test Centre" in console
        appointment_id = re.search(r"/proctor/appointments/(\d+)/", console).group(1)  # type: ignore[union-attr]
        done = proctor.post(
            f"/proctor/appointments/{appointment_id}/",
            {"action": "check_in", "id_confirmed": "on", "language": "es"},
            follow=True,
        )
        code = re.search(r"Launch code: (\d{6})", done.content.decode()).group(1)  # type: ignore[union-attr]
        sitting = Sitting.objects.get()
        me.post(f"/exams/sittings/{sitting.pk}/", {"launch_code": code})
        question = me.get(f"/exams/sittings/{sitting.pk}/q/1/").content.decode()
        assert "Pregunta 1 de 25" in question  # the Spanish recertification form renders in Spanish
        assert 'id="timer"' in question
        for n in range(1, len(sitting.form.slots) + 1):
            me.post(
                f"/exams/sittings/{sitting.pk}/q/{n}/",
                {"answer": "B", "go": "next", **({"flagged": "on"} if n == 3 else {})},
            )
        review = me.get(f"/exams/sittings/{sitting.pk}/review/").content.decode()
        assert "0 unanswered, 1 flagged" in review
        result = me.post(f"/exams/sittings/{sitting.pk}/review/", {"confirm": "yes"}, follow=True).content.decode()
        assert "Results by content area" in result
        assert "Scaled score" in result
        pdf = me.get(f"/exams/sittings/{sitting.pk}/result/?format=pdf")
        text = "".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(pdf.getvalue())).pages)
        assert "Certwright score report" in text
        assert "Results by content area" in text


def test_other_people_cannot_open_a_sitting(make_user: Any, make_person: Any) -> None:
    user = make_user(Role.CANDIDATE)
    make_person(user=user)
    assert _login(user).get("/exams/sittings/12345/").status_code == 404
    assert _login(make_user(Role.CANDIDATE)).get("/proctor/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_an_employer_voucher_pays_an_order_once(make_user: Any, make_person: Any) -> None:
    from certwright.employers.services import employment_link, organisation_admin_add, organisation_create

    tech_user = make_user(Role.CANDIDATE)
    tech = make_person(user=tech_user)
    other_user = make_user(Role.CANDIDATE)
    make_person(user=other_user)
    shop = organisation_create(name="Main Street Auto", kind="independent_shop")
    admin = make_user(Role.EMPLOYER_ADMIN)
    organisation_admin_add(organisation=shop, user=admin)
    employment_link(organisation=shop, person=tech, start=NOW.date())
    boss = _login(admin)
    page = boss.post(
        "/employer/vouchers/", {"organisation": shop.pk, "test": "A5", "person": tech.pk}, follow=True
    ).content.decode()
    code = re.search(r"Voucher (V-[0-9A-F]{8}) issued", page).group(1)  # type: ignore[union-attr]
    me = _login(tech_user)
    me.post("/exams/order/", {"tests": ["A5:initial"]})
    order = Order.objects.get(person=tech)
    someone = _login(other_user)
    someone.post("/exams/order/", {"tests": ["A5:initial"]})
    theirs = Order.objects.get(person__user=other_user)
    refused = someone.post(f"/exams/orders/{theirs.pk}/voucher/", {"code": code}, follow=True).content.decode()
    assert "given to someone else" in refused
    me.post(f"/exams/orders/{order.pk}/voucher/", {"code": code})
    order.refresh_from_db()
    assert order.status == "paid"
    assert order.paid_by == f"voucher:{code}"
    again = me.post(f"/exams/orders/{order.pk}/voucher/", {"code": code}, follow=True).content.decode()
    assert "already" in again
    assert code in boss.get("/employer/vouchers/").content.decode()
