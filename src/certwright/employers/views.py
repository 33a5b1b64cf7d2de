"""Employer admin pages (issue #7 builds the dashboard; vouchers are here for test payment)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from certwright.common.access import page
from certwright.core.roles import Role
from certwright.employers.selectors import organisations_of, staff_of
from certwright.employers.services import voucher_issue


@page(Role.EMPLOYER_ADMIN, note="Admins of an organisation, for their own organisation only.")
def vouchers(request: HttpRequest) -> HttpResponse:
    orgs = organisations_of(user=request.user)
    if request.method == "POST":
        org = next((o for o in orgs if str(o.pk) == request.POST.get("organisation")), None)
        if org is None:
            messages.error(request, "Choose one of your organisations.")
        else:
            person = next((p for p in staff_of(organisation=org) if str(p.pk) == request.POST.get("person")), None)
            voucher = voucher_issue(organisation=org, test=request.POST.get("test", ""), person=person, by=request.user)
            messages.success(request, f"Voucher {voucher.code} issued.")
        return redirect("employer-vouchers")
    rows = [
        (o, staff_of(organisation=o), o.vouchers.select_related("assigned_to").order_by("-issued_at")) for o in orgs
    ]
    return render(request, "employers/vouchers.html", {"rows": rows})
