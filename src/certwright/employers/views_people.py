"""Technicians' employer links (invitations, visibility) and employer vouchers (orders, assignment)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from certwright.candidates.selectors import person_for_user
from certwright.common.access import page
from certwright.core.roles import Role
from certwright.employers.models import Visibility
from certwright.employers.selectors import (
    employments_of_person,
    invitations_for_person,
    organisations_of,
    staff_of,
    voucher_orders_of,
    voucher_orders_pending,
    vouchers_of,
)
from certwright.employers.services import EmployerError, employment_visibility_set, invitation_respond, voucher_issue
from certwright.employers.services_vouchers import (
    voucher_assign,
    voucher_order_cancel,
    voucher_order_create,
    voucher_order_pay,
)


def _id(value: str | None) -> int:
    """A posted row id; anything else matches no row."""
    return int(value) if value and value.isdigit() else 0


@page(note="Your own employer links and invitations.")
def my_employers(request: HttpRequest) -> HttpResponse:
    person = person_for_user(user=request.user)
    if request.method == "POST" and person is not None:
        try:
            if request.POST.get("action") == "visibility":
                emp = employments_of_person(person=person).filter(pk=_id(request.POST.get("employment"))).first()
                if emp is None:
                    raise EmployerError("employer: not found")
                employment_visibility_set(
                    employment=emp, visibility=request.POST.get("visibility", ""), by=request.user
                )
                messages.success(request, f"{emp.organisation.name} now sees: {emp.get_visibility_display().lower()}.")
            else:
                accept = request.POST.get("action") == "accept"
                inv = invitation_respond(
                    invitation_id=_id(request.POST.get("invitation")),
                    person=person,
                    accept=accept,
                    visibility=request.POST.get("visibility", Visibility.CERTIFICATIONS),
                    by=request.user,
                )
                verb = "joined" if accept else "declined the invitation of"
                messages.success(request, f"You {verb} {inv.organisation.name}.")
        except EmployerError as exc:
            messages.error(request, str(exc))
        return redirect("my-employers")
    context = {
        "person": person,
        "invitations": invitations_for_person(person=person) if person else [],
        "employments": employments_of_person(person=person) if person else [],
        "visibility": Visibility.choices,
    }
    return render(request, "employers/my_employers.html", context)


def _vouchers_post(request: HttpRequest) -> None:
    orgs = organisations_of(user=request.user)
    org = next((o for o in orgs if str(o.pk) == request.POST.get("organisation")), None)
    if org is None:
        raise EmployerError("organisation: choose one of your organisations")
    action = request.POST.get("action", "issue")
    staff = staff_of(organisation=org)
    person = next((p for p in staff if str(p.pk) == request.POST.get("person")), None)
    if request.POST.get("person") and person is None:
        raise EmployerError(f"technician: not on the staff of {org.name}")
    if action == "order":
        try:
            quantity = int(request.POST.get("quantity", ""))
        except ValueError:
            raise EmployerError("quantity: a whole number of vouchers") from None
        order = voucher_order_create(
            organisation=org, test=request.POST.get("test", ""), quantity=quantity, by=request.user
        )
        messages.success(request, f"Order {order.pk} for {quantity} voucher(s) placed; it waits for payment.")
    elif action == "assign":
        voucher = vouchers_of(organisation=org).filter(pk=_id(request.POST.get("voucher"))).first()
        if voucher is None:
            raise EmployerError("voucher: not found")
        voucher_assign(voucher=voucher, person=person, by=request.user)
        messages.success(request, f"Voucher {voucher.code} given to {person.name if person else 'anyone on staff'}.")
    else:
        voucher = voucher_issue(organisation=org, test=request.POST.get("test", ""), person=person, by=request.user)
        messages.success(request, f"Voucher {voucher.code} issued.")


@page(Role.EMPLOYER_ADMIN, note="Admins of an organisation, for their own organisation only.")
def vouchers(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            _vouchers_post(request)
        except EmployerError as exc:
            messages.error(request, str(exc))
        return redirect("employer-vouchers")
    rows = [
        (o, staff_of(organisation=o), vouchers_of(organisation=o), voucher_orders_of(organisation=o))
        for o in organisations_of(user=request.user)
    ]
    return render(request, "employers/vouchers.html", {"rows": rows})


@page(Role.STAFF, note="Programme staff mark employers' voucher orders paid (no card processing).")
def voucher_orders(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        order = voucher_orders_pending().filter(pk=_id(request.POST.get("order"))).first()
        try:
            if order is None:
                raise EmployerError("order: not found among those waiting")
            if request.POST.get("action") == "cancel":
                voucher_order_cancel(order=order, by=request.user)
                messages.success(request, f"Order {order.pk} cancelled.")
            else:
                voucher_order_pay(order=order, reference=request.POST.get("reference", ""), by=request.user)
                messages.success(request, f"Order {order.pk} paid; {order.quantity} voucher(s) issued.")
        except EmployerError as exc:
            messages.error(request, str(exc))
        return redirect("employer-voucher-orders")
    return render(request, "employers/voucher_orders.html", {"orders": voucher_orders_pending()})
