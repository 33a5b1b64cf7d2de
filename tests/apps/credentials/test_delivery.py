"""Passing a test in the delivery flow issues the credential at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from certwright.core.facts import ResultKind
from certwright.core.ordering import OrderLine
from certwright.core.roles import Role
from certwright.credentials.models import Credential
from certwright.exams.models import Response
from certwright.exams.services_orders import appointment_book, order_create, order_pay
from certwright.exams.services_sittings import answer_save, sitting_check_in, sitting_start, sitting_submit
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


class DeliveryTests:
    def test_a_passed_sitting_issues_a_credential(
        self, a5_bank: None, make_person: Any, make_user: Any, session: Any
    ) -> None:
        with time_machine.travel(NOW, tick=False):
            person = make_person(user=make_user(Role.CANDIDATE))
            order = order_create(person=person, lines=[OrderLine("A5", ResultKind.INITIAL)])
            order_pay(order=order, by=make_user(Role.STAFF), reference="staff:cash")
            appointment = appointment_book(purchase=order.purchases.get(), session=session)
        exam_day = NOW + timedelta(days=7)
        with time_machine.travel(exam_day, tick=False):
            sitting = sitting_check_in(appointment=appointment, by=make_user(Role.PROCTOR), id_confirmed=True)
            sitting = sitting_start(sitting=sitting, launch_code=sitting.launch_code)
            for i, r in enumerate(Response.objects.filter(sitting=sitting).select_related("item_version")):
                answer_save(sitting=sitting, position=r.position, answer=r.item_version.key, seq=i + 1)
            assert not Credential.objects.filter(person=person).exists()
            assert sitting_submit(sitting=sitting).passed
        credential = Credential.objects.get(person=person)
        assert credential.code == "A5"
        assert credential.issued_on == exam_day.date()
        assert credential.valid_from == exam_day.date()
        assert list(credential.events.values_list("kind", flat=True)) == ["issued"]
