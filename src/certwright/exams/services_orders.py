"""Ordering tests, paying, booking seats, and turning missed appointments into No Shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from certwright.candidates.models import Person
from certwright.candidates.selectors import person_facts
from certwright.candidates.services import result_record
from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.core.facts import Outcome, ResultKind
from certwright.core.ordering import (
    OrderLine,
    booking_problems,
    change_problems,
    is_no_show,
    order_fees,
    order_problems,
    window_end,
)
from certwright.core.registration import registration_decision
from certwright.core.standing import evaluate_tests
from certwright.employers.services import voucher_redeem
from certwright.exams.models import (
    OPEN_PURCHASE,
    Appointment,
    Order,
    OrderStatus,
    Purchase,
    PurchaseStatus,
    TestSession,
)
from certwright.programs.selectors import catalog_current


class DeliveryError(ValueError):
    """A refused step, with stable reason codes and one sentence per problem."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        self.reasons = tuple(code for code, _ in self.problems)
        super().__init__("; ".join(message for _, message in self.problems))


def eligibility_problems(*, person: Person, lines: Sequence[OrderLine], on: date) -> list[tuple[str, str]]:
    """Every reason the person may not buy these tests today (retake wait, prerequisites, recert)."""
    catalog = catalog_current()
    facts = person_facts(person=person)
    tests = evaluate_tests(facts, catalog, on)
    open_tests = list(Purchase.objects.filter(person=person, status__in=OPEN_PURCHASE).values_list("test", flat=True))
    problems = [
        (str(reason), f"{test + ': ' if test else ''}{message}")
        for test, reason, message in order_problems(lines, open_tests, catalog)
    ]
    for line in lines:
        spec = catalog.tests.get(line.test)
        if spec is None:
            continue
        decision = registration_decision(spec, line.kind, facts.results, tests, catalog, on)
        for reason in decision.reasons:
            problems.append((str(reason), _explain(line, reason, decision.allowed_from, decision.missing)))
    return problems


def _explain(line: OrderLine, reason: str, allowed_from: date | None, missing: Sequence[str]) -> str:
    if reason == "retake_wait":
        return f"{line.test}: 30 full days must pass after your last result; you can buy it from {allowed_from}"
    if reason == "prerequisite_missing":
        return f"{line.test}: you must first pass {' and '.join(m.replace('|', ' or ') for m in missing)}"
    if reason == "recert_needs_previous_certification":
        return f"{line.test}: a recertification test needs an earlier {line.test} certification"
    return f"{line.test}: {reason}"


@transaction.atomic
def order_create(*, person: Person, lines: Sequence[OrderLine], by: Any = None) -> Order:
    """An order waiting for payment; refused as a whole with every reason when any line is not allowed."""
    today = clock.today()
    Person.objects.select_for_update().get(pk=person.pk)  # one order at a time per person
    problems = eligibility_problems(person=person, lines=lines, on=today)
    if problems:
        raise DeliveryError(problems)
    catalog = catalog_current()
    fees = order_fees(lines, catalog)
    order = Order.objects.create(
        person=person,
        registration_fee=fees.registration,
        recert_discount=fees.recert_discount,
        total=fees.total,
        currency=fees.currency,
        policy_version=catalog.policy_version,
    )
    for fee in fees.lines:
        Purchase.objects.create(
            order=order,
            person=person,
            test=fee.test,
            kind=fee.kind.value,
            fee=fee.amount,
            purchased_on=today,
            window_ends=window_end(today, catalog),
        )
    audit_record(
        actor=by,
        action="order.create",
        obj=order,
        after={"person": person.candidate_id, "tests": [f"{x.test}:{x.kind}" for x in lines], "total": str(fees.total)},
    )
    return order


@transaction.atomic
def order_pay(*, order: Order, by: Any, reference: str) -> Order:
    """Staff (or an employer voucher) settle an order; the 90-day windows start today."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != OrderStatus.PENDING:
        raise DeliveryError([("not_pending", f"order {order.pk} is {order.get_status_display().lower()}")])
    today = clock.today()
    catalog = catalog_current()
    order.status, order.paid_at, order.paid_by = OrderStatus.PAID, clock.now(), reference
    order.save(update_fields=["status", "paid_at", "paid_by"])
    order.purchases.update(purchased_on=today, window_ends=window_end(today, catalog))
    audit_record(actor=by, action="order.pay", obj=order, after={"paid_by": reference})
    return order


@transaction.atomic
def order_pay_with_voucher(*, order: Order, code: str, by: Any = None) -> Order:
    """The candidate settles an order with an employer's voucher (one voucher, one order)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    tests = sorted(order.purchases.values_list("test", flat=True))
    try:
        voucher = voucher_redeem(code=code, person=order.person, order_id=order.pk, tests=tests, by=by)
    except ValueError as exc:
        raise DeliveryError([("voucher_refused", str(exc))]) from None
    return order_pay(order=order, by=by, reference=f"voucher:{voucher.code}")


@transaction.atomic
def order_cancel(*, order: Order, by: Any) -> Order:
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != OrderStatus.PENDING:
        raise DeliveryError([("not_pending", "only an unpaid order can be cancelled")])
    order.status = OrderStatus.CANCELLED
    order.save(update_fields=["status"])
    order.purchases.update(status=PurchaseStatus.CANCELLED)
    audit_record(actor=by, action="order.cancel", obj=order)
    return order


def _still_eligible(purchase: Purchase, today: date) -> list[tuple[str, str]]:
    """The purchase rules again at booking (a result recorded since the purchase may change them)."""
    catalog = catalog_current()
    facts = person_facts(person=purchase.person)
    tests = evaluate_tests(facts, catalog, today)
    line = OrderLine(purchase.test, ResultKind(purchase.kind))
    decision = registration_decision(catalog.test(purchase.test), line.kind, facts.results, tests, catalog, today)
    return [(str(r), _explain(line, r, decision.allowed_from, decision.missing)) for r in decision.reasons]


def seats_left(session: TestSession) -> int:
    return session.seats - session.appointments.filter(cancelled_at__isnull=True).count()


@transaction.atomic
def appointment_book(*, purchase: Purchase, session: TestSession, by: Any = None) -> Appointment:
    purchase = Purchase.objects.select_for_update().select_related("order").get(pk=purchase.pk)
    session = TestSession.objects.select_for_update().get(pk=session.pk)
    today = clock.today()
    problems: list[tuple[str, str]] = []
    if purchase.order.status != OrderStatus.PAID:
        problems.append(("not_paid", "the order is not paid yet"))
    if purchase.status not in (PurchaseStatus.OPEN, PurchaseStatus.BOOKED):
        problems.append(("not_bookable", f"this purchase is {purchase.get_status_display().lower()}"))
    day = clock.localdate(session.starts_at)
    problems += [
        (str(r), m)
        for r, m in booking_problems(
            purchased_on=purchase.purchased_on, appointment_day=day, today=today, catalog=catalog_current()
        )
    ]
    if seats_left(session) <= 0:
        problems.append(("session_full", "no seats are left in this session"))
    problems += _still_eligible(purchase, today)
    current = purchase.appointments.filter(cancelled_at__isnull=True).select_related("session").first()
    if current is not None:
        problems += [
            (str(r), m)
            for r, m in change_problems(
                appointment_day=clock.localdate(current.session.starts_at), today=today, catalog=catalog_current()
            )
        ]
    if problems:
        raise DeliveryError(problems)
    if current is not None:
        current.cancelled_at = clock.now()
        current.save(update_fields=["cancelled_at"])
    appointment = Appointment.objects.create(purchase=purchase, session=session)
    purchase.status = PurchaseStatus.BOOKED
    purchase.save(update_fields=["status"])
    audit_record(
        actor=by,
        action="appointment.book",
        obj=appointment,
        after={"purchase": purchase.pk, "session": session.pk, "moved": current is not None},
    )
    return appointment


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, by: Any = None) -> None:
    appointment = Appointment.objects.select_for_update().select_related("session", "purchase").get(pk=appointment.pk)
    problems = change_problems(
        appointment_day=clock.localdate(appointment.session.starts_at), today=clock.today(), catalog=catalog_current()
    )
    if problems:
        raise DeliveryError([(str(r), m) for r, m in problems])
    appointment.cancelled_at = clock.now()
    appointment.save(update_fields=["cancelled_at"])
    Purchase.objects.filter(pk=appointment.purchase_id).update(status=PurchaseStatus.OPEN)
    audit_record(actor=by, action="appointment.cancel", obj=appointment)


def purchases_expire(*, today: date) -> int:
    """Record a No Show for every paid purchase whose appointment or window passed unsat. Idempotent."""
    catalog = catalog_current()
    count = 0
    candidates = Purchase.objects.filter(
        Q(status__in=(PurchaseStatus.OPEN, PurchaseStatus.BOOKED)), order__status=OrderStatus.PAID
    ).select_related("person")
    for purchase in candidates:
        live = purchase.appointments.filter(cancelled_at__isnull=True).select_related("session").first()
        day = clock.localdate(live.session.starts_at) if live else None
        if is_no_show(purchased_on=purchase.purchased_on, appointment_day=day, sat=False, today=today, catalog=catalog):
            count += _record_no_show(purchase.pk, day or purchase.window_ends)
    return count


@transaction.atomic
def _record_no_show(purchase_pk: int, day: date) -> int:
    purchase = Purchase.objects.select_for_update().select_related("person").get(pk=purchase_pk)
    if purchase.status not in (PurchaseStatus.OPEN, PurchaseStatus.BOOKED):
        return 0
    result = result_record(
        person=purchase.person,
        test=purchase.test,
        on=day,
        outcome=Outcome.NO_SHOW,
        kind=ResultKind(purchase.kind),
        source="delivery",
    )
    purchase.status, purchase.result = PurchaseStatus.NO_SHOW, result
    purchase.save(update_fields=["status", "result"])
    return 1
