"""Voucher orders: an employer orders vouchers, staff mark the order paid (no card processing),
the vouchers are issued, and the employer assigns them to technicians."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from certwright.candidates.models import Person
from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.employers.models import Employment, Organisation, Voucher, VoucherOrder, VoucherOrderStatus
from certwright.employers.services import EmployerError, voucher_code
from certwright.programs.selectors import catalog_current


@transaction.atomic
def voucher_order_create(*, organisation: Organisation, test: str, quantity: int, by: Any = None) -> VoucherOrder:
    code = test.strip().upper()
    if code and code not in catalog_current().tests:
        raise EmployerError(f"test: unknown test {code!r}")
    if not 1 <= quantity <= 100:
        raise EmployerError("quantity: between 1 and 100 vouchers per order")
    order = VoucherOrder.objects.create(
        organisation=organisation,
        test=code,
        quantity=quantity,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(actor=by, action="voucher_order.create", obj=order, after={"test": code, "quantity": quantity})
    return order


@transaction.atomic
def voucher_order_pay(*, order: VoucherOrder, reference: str, by: Any = None) -> VoucherOrder:
    """Mark the order paid (staff, or the employer declaring an outside payment) and issue its vouchers."""
    order = VoucherOrder.objects.select_for_update().get(pk=order.pk)
    if order.status != VoucherOrderStatus.PENDING:
        raise EmployerError(f"order {order.pk}: already {order.get_status_display().lower()}")
    order.status, order.paid_at, order.paid_reference = VoucherOrderStatus.PAID, clock.now(), reference.strip()[:120]
    order.save(update_fields=["status", "paid_at", "paid_reference"])
    now = clock.now()
    Voucher.objects.bulk_create(
        [
            Voucher(code=voucher_code(), organisation=order.organisation, test=order.test, issued_at=now, order=order)
            for _ in range(order.quantity)
        ]
    )
    audit_record(actor=by, action="voucher_order.pay", obj=order, after={"reference": order.paid_reference})
    return order


@transaction.atomic
def voucher_order_cancel(*, order: VoucherOrder, by: Any = None) -> VoucherOrder:
    order = VoucherOrder.objects.select_for_update().get(pk=order.pk)
    if order.status != VoucherOrderStatus.PENDING:
        raise EmployerError(f"order {order.pk}: already {order.get_status_display().lower()}")
    order.status = VoucherOrderStatus.CANCELLED
    order.save(update_fields=["status"])
    audit_record(actor=by, action="voucher_order.cancel", obj=order)
    return order


@transaction.atomic
def voucher_assign(*, voucher: Voucher, person: Person | None, by: Any = None) -> Voucher:
    """Give an unused voucher to one current employee (or back to anyone on staff)."""
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.redeemed_at is not None:
        raise EmployerError(f"voucher {voucher.code}: already used")
    if (
        person is not None
        and not Employment.objects.filter(organisation_id=voucher.organisation_id, person=person, end=None).exists()
    ):
        raise EmployerError(f"voucher {voucher.code}: {person.name} does not work for this organisation")
    voucher.assigned_to = person
    voucher.save(update_fields=["assigned_to"])
    audit_record(actor=by, action="voucher.assign", obj=voucher, after={"person": getattr(person, "candidate_id", "")})
    return voucher
