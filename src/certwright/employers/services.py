"""Organisations and employment links (audited)."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.db import transaction

from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.employers.models import Employment, Organisation, OrganisationAdmin, Voucher


@transaction.atomic
def organisation_create(*, name: str, kind: str, by: Any = None) -> Organisation:
    org = Organisation.objects.create(name=name, kind=kind)
    audit_record(actor=by, action="organisation.create", obj=org, after={"name": name, "kind": kind})
    return org


@transaction.atomic
def organisation_admin_add(*, organisation: Organisation, user: Any, by: Any = None) -> OrganisationAdmin:
    row, _ = OrganisationAdmin.objects.get_or_create(organisation=organisation, user=user)
    audit_record(actor=by, action="organisation.admin_add", obj=organisation, after={"user": user.username})
    return row


@transaction.atomic
def employment_link(
    *, organisation: Organisation, person: Any, start: date, role_title: str = "", by: Any = None
) -> Employment:
    row = Employment.objects.create(organisation=organisation, person=person, start=start, role_title=role_title)
    audit_record(
        actor=by,
        action="employment.link",
        obj=row,
        after={"organisation": organisation.pk, "person": person.candidate_id},
    )
    return row


@transaction.atomic
def voucher_issue(*, organisation: Organisation, test: str = "", person: Any = None, by: Any = None) -> Voucher:
    """An employer's prepaid voucher (bought offline), optionally for one test and one technician."""
    code = f"V-{secrets.token_hex(4).upper()}"
    voucher = Voucher.objects.create(
        code=code, organisation=organisation, test=test.upper(), assigned_to=person, issued_at=clock.now()
    )
    audit_record(
        actor=by,
        action="voucher.issue",
        obj=voucher,
        after={"code": code, "test": test, "person": getattr(person, "candidate_id", "")},
    )
    return voucher


@transaction.atomic
def voucher_redeem(*, code: str, person: Any, order_id: int, tests: list[str], by: Any = None) -> Voucher:
    """Mark a voucher used for an order of ``person``; refuses used, foreign or wrong-test vouchers."""
    voucher = Voucher.objects.select_for_update().filter(code=code.strip().upper()).first()
    if voucher is None:
        raise ValueError("there is no voucher with this code")
    if voucher.redeemed_at is not None:
        raise ValueError("this voucher has already been used")
    if voucher.assigned_to_id is not None and voucher.assigned_to_id != person.pk:
        raise ValueError("this voucher was given to someone else")
    if voucher.test and tests != [voucher.test]:
        raise ValueError(f"this voucher pays for {voucher.test} only")
    voucher.redeemed_at, voucher.redeemed_order = clock.now(), order_id
    voucher.save(update_fields=["redeemed_at", "redeemed_order"])
    audit_record(actor=by, action="voucher.redeem", obj=voucher, after={"order": order_id})
    return voucher
