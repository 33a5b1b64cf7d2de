"""From buying a test to the result: orders, booking, check-in, the timed sitting, scoring."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from certwright.candidates.selectors import person_standing
from certwright.common.models import AuditEntry
from certwright.core.facts import ResultKind
from certwright.core.ordering import OrderLine
from certwright.core.roles import Role
from certwright.exams.models import Purchase, Response, Sitting
from certwright.exams.services_orders import (
    DeliveryError,
    appointment_book,
    appointment_cancel,
    order_create,
    order_pay,
    purchases_expire,
)
from certwright.exams.services_sittings import (
    answer_save,
    remaining_seconds,
    sitting_break,
    sitting_check_in,
    sitting_incident,
    sitting_pause,
    sitting_resume,
    sitting_start,
    sitting_submit,
    sittings_expire,
)
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _booked(make_person: Any, make_user: Any, session: Any) -> tuple[Any, Any, Any]:
    person = make_person(user=make_user(Role.CANDIDATE))
    staff = make_user(Role.STAFF)
    order = order_create(person=person, lines=[OrderLine("A5", ResultKind.INITIAL)])
    order_pay(order=order, by=staff, reference="staff:cash")
    purchase = order.purchases.get()
    appointment = appointment_book(purchase=purchase, session=session)
    return person, appointment, staff


@time_machine.travel(NOW, tick=False)
def test_order_fees_and_refusals(make_person: Any, make_user: Any) -> None:
    person = make_person(results=("A8 fail 2026-11-20",))
    with pytest.raises(DeliveryError) as info:
        order_create(
            person=person,
            lines=[
                OrderLine("A8", ResultKind.INITIAL),
                OrderLine("L1", ResultKind.INITIAL),
                OrderLine("A6", ResultKind.RECERTIFICATION),
            ],
        )
    text = str(info.value)
    assert "A8: 30 full days must pass after your last result; you can buy it from 2026-12-21" in text
    assert "L1: you must first pass A8" in text
    assert "A6: a recertification test needs an earlier A6 certification" in text
    assert set(info.value.reasons) == {"retake_wait", "prerequisite_missing", "recert_needs_previous_certification"}
    order = order_create(
        person=person, lines=[OrderLine("A5", ResultKind.INITIAL), OrderLine("A4", ResultKind.INITIAL)]
    )
    order.refresh_from_db()
    assert order.total == Decimal("158")  # 34 registration + 2 x 62
    with pytest.raises(DeliveryError, match="already have an open purchase of A5"):
        order_create(person=person, lines=[OrderLine("A5", ResultKind.INITIAL)])


@time_machine.travel(NOW, tick=False)
def test_booking_needs_payment_seats_and_respects_the_three_day_rule(
    make_person: Any, make_user: Any, session: Any
) -> None:
    person = make_person()
    order = order_create(person=person, lines=[OrderLine("A5", ResultKind.INITIAL)])
    purchase = order.purchases.get()
    with pytest.raises(DeliveryError, match="not paid"):
        appointment_book(purchase=purchase, session=session)
    order_pay(order=order, by=make_user(Role.STAFF), reference="voucher:ABC")
    appointment = appointment_book(purchase=purchase, session=session)
    with time_machine.travel(NOW + timedelta(days=5), tick=False), pytest.raises(DeliveryError, match="3 days"):
        appointment_cancel(appointment=appointment)
    appointment_cancel(appointment=appointment)
    assert Purchase.objects.get(pk=purchase.pk).status == "open"


@time_machine.travel(NOW, tick=False)
def test_a_whole_sitting_scores_once_and_updates_the_standing(
    a5_bank: None, make_person: Any, make_user: Any, session: Any
) -> None:
    person, appointment, _ = _booked(make_person, make_user, session)
    proctor = make_user(Role.PROCTOR)
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        with pytest.raises(DeliveryError, match="photo ID"):
            sitting_check_in(appointment=appointment, by=proctor, id_confirmed=False)
        sitting = sitting_check_in(appointment=appointment, by=proctor, id_confirmed=True)
        assert len(sitting.form.slots) == 55  # 45 scored + 10 unscored pretest-style slots at most
        with pytest.raises(DeliveryError, match="launch code"):
            sitting_start(sitting=sitting, launch_code="nope")
        sitting = sitting_start(sitting=sitting, launch_code=sitting.launch_code)
        assert remaining_seconds(sitting) == sitting.form.time_limit_minutes * 60
        responses = list(Response.objects.filter(sitting=sitting).select_related("item_version"))
        for i, r in enumerate(responses):
            answer_save(sitting=sitting, position=r.position, answer=r.item_version.key, seq=i + 1)
        first = responses[0]
        answer_save(
            sitting=sitting, position=first.position, answer="A" if first.item_version.key != "A" else "B", seq=1
        )  # a late, older save never overwrites the newer one
        assert Response.objects.get(pk=first.pk).answer == first.item_version.key
        score = sitting_submit(sitting=sitting)
        assert sitting_submit(sitting=sitting).pk == score.pk
        assert score.passed
        assert score.raw == score.max_raw == 45
        assert score.scaled == 500
        standing = person_standing(person=person, on=(NOW + timedelta(days=7)).date())
        assert standing.tests["A5"].status.value == "certified"
    assert AuditEntry.objects.filter(action="sitting.submit").count() == 1


@time_machine.travel(NOW, tick=False)
def test_pause_extra_time_and_expiry_by_the_periodic_job(
    a5_bank: None, make_person: Any, make_user: Any, session: Any
) -> None:
    _, appointment, _ = _booked(make_person, make_user, session)
    proctor = make_user(Role.PROCTOR)
    start = NOW + timedelta(days=7)
    with time_machine.travel(start, tick=False):
        sitting = sitting_check_in(appointment=appointment, by=proctor, id_confirmed=True)
        sitting = sitting_start(sitting=sitting, launch_code=sitting.launch_code)
        total = remaining_seconds(sitting)
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        sitting = sitting_pause(sitting=sitting, by=proctor)
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        assert remaining_seconds(sitting) == total - 600
        sitting = sitting_resume(sitting=sitting, by=proctor)
        sitting_incident(sitting=sitting, by=proctor, note="Fire alarm", extra_minutes=5)
        sitting.refresh_from_db()
        assert remaining_seconds(sitting) == total - 600 + 300
    late = start + timedelta(minutes=25, seconds=total - 600 + 300 + 1)
    with time_machine.travel(late, tick=False):
        with pytest.raises(DeliveryError, match="time is up"):
            answer_save(sitting=sitting, position=0, answer="A", seq=99)
        assert Sitting.objects.get(pk=sitting.pk).status == "submitted"
        assert sittings_expire(now=late) == 0


@time_machine.travel(NOW, tick=False)
def test_missed_appointment_becomes_a_no_show_once(make_person: Any, make_user: Any, session: Any) -> None:
    person, _, _ = _booked(make_person, make_user, session)
    day_after = (NOW + timedelta(days=8)).date()
    assert purchases_expire(today=day_after) == 1
    assert purchases_expire(today=day_after) == 0
    assert person.results.get(test="A5").outcome == "no_show"


@time_machine.travel(NOW, tick=False)
def test_accommodations_extend_time_and_allow_breaks_that_stop_the_clock(
    a5_bank: None, make_person: Any, make_user: Any, session: Any
) -> None:
    person, appointment, _ = _booked(make_person, make_user, session)
    person.time_multiplier = Decimal("1.5")
    person.breaks_allowed = 1
    person.save()
    proctor = make_user(Role.PROCTOR)
    start = NOW + timedelta(days=7)
    with time_machine.travel(start, tick=False):
        sitting = sitting_check_in(appointment=appointment, by=proctor, id_confirmed=True)
        assert sitting.allowed_seconds == int(sitting.form.time_limit_minutes * 60 * 1.5)
        sitting = sitting_start(sitting=sitting, launch_code=sitting.launch_code)
        sitting_pause(sitting=sitting, by=proctor)
        with pytest.raises(DeliveryError, match="proctor resumes"):
            sitting_resume(sitting=sitting, by=None, candidate=True)
        sitting_resume(sitting=sitting, by=proctor)
        full = remaining_seconds(Sitting.objects.get(pk=sitting.pk))
        sitting_break(sitting=sitting, by=None)
    with time_machine.travel(start + timedelta(minutes=8), tick=False):
        sitting = sitting_resume(sitting=sitting, by=None, candidate=True)
        assert remaining_seconds(sitting) == full
        with pytest.raises(DeliveryError, match="allows 1 breaks"):
            sitting_break(sitting=sitting, by=None)


@time_machine.travel(NOW, tick=False)
def test_booking_rechecks_the_retake_wait(make_person: Any, make_user: Any, session: Any) -> None:
    from certwright.candidates.services import result_record
    from certwright.core.facts import Outcome

    person = make_person()
    order = order_create(person=person, lines=[OrderLine("A5", ResultKind.INITIAL)])
    order_pay(order=order, by=make_user(Role.STAFF), reference="staff:cash")
    result_record(person=person, test="A5", on=NOW.date() - timedelta(days=2), outcome=Outcome.FAIL)
    with pytest.raises(DeliveryError, match="30 full days"):
        appointment_book(purchase=order.purchases.get(), session=session)
