"""Candidate and proctor pages: ordering, booking, the exam itself, results; the proctor console."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from certwright.candidates.selectors import person_for_user
from certwright.common import clock
from certwright.common.access import has_role, page
from certwright.common.responses import exhibit_response
from certwright.core.facts import ResultKind
from certwright.core.ordering import OrderLine, order_fees
from certwright.core.roles import Role
from certwright.exams.models import Appointment, Order, Purchase, Sitting, SittingStatus, TestSession
from certwright.exams.report import score_report_pdf
from certwright.exams.selectors import (
    max_seq,
    orders_pending,
    purchases_of,
    question_view,
    review_rows,
    sessions_for,
    sessions_on,
    sitting_of,
)
from certwright.exams.services_orders import (
    DeliveryError,
    appointment_book,
    appointment_cancel,
    order_create,
    order_pay,
    order_pay_with_voucher,
)
from certwright.exams.services_sittings import (
    answer_save,
    remaining_seconds,
    sitting_break,
    sitting_check_in,
    sitting_goto,
    sitting_incident,
    sitting_pause,
    sitting_resume,
    sitting_start,
    sitting_submit,
    sitting_void,
)
from certwright.programs.selectors import catalog_current

CANDIDATE_NOTE = "Candidates, for their own tests."
PROCTOR_ROLES = (Role.PROCTOR, Role.STAFF)


def _person(request: HttpRequest) -> Any:
    person = person_for_user(user=request.user)
    if person is None:
        raise PermissionDenied("Your account has no candidate profile.")
    return person


def _own_sitting(request: HttpRequest, sitting_id: int) -> Sitting:
    sitting = sitting_of(sitting_id=sitting_id)
    if sitting is None:
        raise Http404("No such sitting.")
    if sitting.person.user_id != request.user.id:
        raise PermissionDenied("This is not your sitting.")
    return sitting


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
def my_tests(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    catalog = catalog_current()
    return render(
        request,
        "exams/my_tests.html",
        {
            "purchases": purchases_of(person=person),
            "tests": list(catalog.tests.values()),
            "fees": catalog.fees,
        },
    )


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
@require_POST
def order_new(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    lines = []
    for value in request.POST.getlist("tests"):
        code, _, kind = value.partition(":")
        try:
            lines.append(OrderLine(code, ResultKind(kind or "initial")))
        except ValueError:
            messages.error(request, f"Unknown choice {value!r}.")
            return redirect("exams")
    try:
        order = order_create(person=person, lines=lines, by=request.user)
    except DeliveryError as exc:
        for _, message in exc.problems:
            messages.error(request, message)
        return redirect("exams")
    fees = order_fees(lines, catalog_current())
    messages.success(request, f"Order {order.pk} placed: {fees.total} {fees.currency}, waiting for payment.")
    return redirect("exams")


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
@require_POST
def pay_with_voucher(request: HttpRequest, order_id: int) -> HttpResponse:
    order = Order.objects.filter(pk=order_id, person=_person(request)).first()
    if order is None:
        raise Http404("No such order.")
    try:
        order_pay_with_voucher(order=order, code=request.POST.get("code", ""), by=request.user)
        messages.success(request, f"Order {order.pk} is paid with your employer's voucher.")
    except DeliveryError as exc:
        messages.error(request, str(exc))
    return redirect("exams")


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
def book(request: HttpRequest, purchase_id: int) -> HttpResponse:
    person = _person(request)
    purchase = Purchase.objects.filter(pk=purchase_id, person=person).select_related("order").first()
    if purchase is None:
        raise Http404("No such purchase.")
    if request.method == "POST":
        session = TestSession.objects.filter(pk=request.POST.get("session") or 0).first()
        if session is None:
            messages.error(request, "Choose a session.")
        else:
            try:
                appointment_book(purchase=purchase, session=session, by=request.user)
                messages.success(request, f"Booked: {purchase.test} at {session}.")
                return redirect("exams")
            except DeliveryError as exc:
                for _, message in exc.problems:
                    messages.error(request, message)
    return render(request, "exams/book.html", {"purchase": purchase, "sessions": sessions_for(purchase=purchase)})


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
@require_POST
def cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = Appointment.objects.filter(pk=appointment_id, purchase__person=_person(request)).first()
    if appointment is None:
        raise Http404("No such appointment.")
    try:
        appointment_cancel(appointment=appointment, by=request.user)
        messages.success(request, "Appointment cancelled; you can book another session.")
    except DeliveryError as exc:
        messages.error(request, str(exc))
    return redirect("exams")


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
def sitting_home(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting = _own_sitting(request, sitting_id)
    if sitting.status == SittingStatus.SUBMITTED:
        return redirect("exam-result", sitting_id=sitting.pk)
    if request.method == "POST" and sitting.status == SittingStatus.CHECKED_IN:
        try:
            sitting = sitting_start(sitting=sitting, launch_code=request.POST.get("launch_code", ""), by=request.user)
        except DeliveryError as exc:
            messages.error(request, str(exc))
    if sitting.status in (SittingStatus.STARTED, SittingStatus.PAUSED):
        return redirect("exam-question", sitting_id=sitting.pk, number=sitting.current_position + 1)
    return render(request, "exams/launch.html", {"sitting": sitting})


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
def question(request: HttpRequest, sitting_id: int, number: int) -> HttpResponse:
    sitting = _own_sitting(request, sitting_id)
    if sitting.status == SittingStatus.SUBMITTED:
        return redirect("exam-result", sitting_id=sitting.pk)
    total = len(sitting.form.slots)
    position = min(max(number, 1), total) - 1
    if request.method == "POST":
        go = _save_from_form(request, sitting, position)
        if go is not None:
            return go
    if sitting.status == SittingStatus.STARTED and remaining_seconds(sitting) <= 0:
        sitting_submit(sitting=sitting)
        return redirect("exam-result", sitting_id=sitting.pk)
    view = question_view(sitting=sitting, position=position)
    sitting_goto(sitting=sitting, position=position)
    return render(
        request,
        "exams/question.html",
        {
            "sitting": sitting,
            "q": view,
            "breaks_left": sitting.person.breaks_allowed - sitting.breaks_taken,
            "remaining": remaining_seconds(sitting),
            "paused": sitting.status == "paused",
            "seq": max_seq(sitting=sitting),
            "exhibit_url": reverse("exam-exhibit", args=[sitting.pk, position + 1]),
            "save_url": reverse("api-1:save_answer", args=[sitting.pk]),
        },
    )


def _save_from_form(request: HttpRequest, sitting: Sitting, position: int) -> HttpResponse | None:
    total = len(sitting.form.slots)
    if request.POST.get("go") in ("break", "resume"):
        try:
            if request.POST["go"] == "break":
                sitting_break(sitting=sitting, by=request.user)
            else:
                sitting_resume(sitting=sitting, by=request.user, candidate=True)
        except DeliveryError as exc:
            messages.error(request, str(exc))
        return redirect("exam-question", sitting_id=sitting.pk, number=position + 1)
    try:
        answer_save(
            sitting=sitting,
            position=position,
            answer=request.POST.get("answer") or None,
            flagged=request.POST.get("flagged") == "on",
            seq=max_seq(sitting=sitting) + 1,
        )
    except DeliveryError as exc:
        if "time_up" in exc.reasons:
            return redirect("exam-result", sitting_id=sitting.pk)
        messages.error(request, str(exc))
        return None
    action = request.POST.get("go", "next")
    if action == "review":
        return redirect("exam-review", sitting_id=sitting.pk)
    target = position + (2 if action == "next" else 0)
    return redirect("exam-question", sitting_id=sitting.pk, number=min(max(target, 1), total))


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
def exhibit(request: HttpRequest, sitting_id: int, number: int) -> HttpResponse:
    sitting = _own_sitting(request, sitting_id)
    view = question_view(sitting=sitting, position=number - 1)
    if view is None or view.exhibit is None:
        raise Http404("This question has no exhibit.")
    return exhibit_response(view.exhibit)


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
def review(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting = _own_sitting(request, sitting_id)
    if sitting.status == SittingStatus.SUBMITTED:
        return redirect("exam-result", sitting_id=sitting.pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        sitting_submit(sitting=sitting, by=request.user)
        return redirect("exam-result", sitting_id=sitting.pk)
    rows = review_rows(sitting=sitting)
    return render(
        request,
        "exams/review.html",
        {
            "sitting": sitting,
            "rows": rows,
            "remaining": remaining_seconds(sitting),
            "unanswered": [r for r in rows if not r["answered"]],
            "flagged": [r for r in rows if r["flagged"]],
        },
    )


@page(Role.CANDIDATE, Role.STAFF, note="The candidate, and programme staff.")
def result(request: HttpRequest, sitting_id: int) -> HttpResponseBase:
    sitting = sitting_of(sitting_id=sitting_id)
    if sitting is None or not hasattr(sitting, "score"):
        raise Http404("No result for this sitting.")
    if sitting.person.user_id != request.user.id and not has_role(request.user, Role.STAFF):
        raise PermissionDenied("This is not your result.")
    catalog = catalog_current()
    spec = catalog.test(sitting.form.test)
    names = {a.code: a.name for a in spec.areas}
    areas = [dict(a, name=names.get(a["area"], a["area"])) for a in sitting.score.areas]
    if request.GET.get("format") == "pdf":
        pdf = score_report_pdf(sitting=sitting, spec=spec, areas=areas)
        return FileResponse(
            pdf,
            as_attachment=True,
            filename=f"score-report-{sitting.form.test}-{sitting.pk}.pdf",
            content_type="application/pdf",
        )
    return render(
        request, "exams/result.html", {"sitting": sitting, "score": sitting.score, "spec": spec, "areas": areas}
    )


@page(*PROCTOR_ROLES, note="Proctors and programme staff.")
def proctor_console(request: HttpRequest) -> HttpResponse:
    return render(request, "exams/proctor.html", {"sessions": sessions_on(day=clock.today()), "today": clock.today()})


@page(*PROCTOR_ROLES, note="Proctors and programme staff.")
@require_POST
def proctor_action(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = Appointment.objects.filter(pk=appointment_id).select_related("purchase").first()
    if appointment is None:
        raise Http404("No such appointment.")
    action = request.POST.get("action", "")
    sitting = Sitting.objects.filter(purchase=appointment.purchase).first()
    try:
        if action == "check_in":
            sitting = sitting_check_in(
                appointment=appointment,
                by=request.user,
                id_confirmed=request.POST.get("id_confirmed") == "on",
                language=request.POST.get("language", "en"),
            )
            messages.success(request, f"Checked in. Launch code: {sitting.launch_code}")
        elif sitting is None:
            messages.error(request, "Check the candidate in first.")
        elif action == "pause":
            sitting_pause(sitting=sitting, by=request.user)
        elif action == "resume":
            sitting_resume(sitting=sitting, by=request.user)
        elif action == "incident":
            sitting_incident(
                sitting=sitting,
                by=request.user,
                note=request.POST.get("note", ""),
                extra_minutes=int(request.POST.get("extra_minutes") or 0),
            )
        elif action == "void":
            sitting_void(sitting=sitting, by=request.user, reason=request.POST.get("reason", ""))
        else:
            messages.error(request, f"Unknown action {action!r}.")
    except (DeliveryError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("proctor")


@page(Role.STAFF, note="Programme staff settle orders (no card processing).")
def staff_orders(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        order = Order.objects.filter(pk=request.POST.get("order") or 0).first()
        if order is not None:
            try:
                order_pay(order=order, by=request.user, reference=f"staff:{request.user.get_username()}")
                messages.success(request, f"Order {order.pk} marked paid.")
            except DeliveryError as exc:
                messages.error(request, str(exc))
    return render(request, "exams/staff_orders.html", {"orders": orders_pending()})
