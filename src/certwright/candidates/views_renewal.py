"""Continuous renewal on a phone: subscribe, answer one question at a time, see progress per area."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from certwright.candidates.models import RenewalQuestion, SubscriptionStatus
from certwright.candidates.selectors import person_for_user, person_standing
from certwright.candidates.selectors_renewal import (
    eligible_tests,
    question_counts,
    question_get,
    question_next,
    renewal_progress,
    subscription_current,
    subscriptions_of,
)
from certwright.candidates.services_renewal import (
    RenewalError,
    renewal_answer,
    renewal_cancel,
    renewal_issue,
    renewal_subscribe,
)
from certwright.common import clock
from certwright.common.access import page
from certwright.core.roles import Role
from certwright.programs.selectors import catalog_current

NOTE = "Technicians, for their own renewal subscription."


def _person(request: HttpRequest) -> Any:
    person = person_for_user(user=request.user)
    if person is None:
        raise PermissionDenied("Your account has no candidate profile.")
    return person


def _shown(question: RenewalQuestion, *, with_key: bool) -> dict[str, Any]:
    """The question as the shared partial reads it; key and rationales only after answering."""
    version = question.item_version
    options = [
        {"letter": o["letter"], "text": o["text"], "rationale": (o.get("rationale") or "") if with_key else ""}
        for o in version.options
    ]
    return {
        "stem": version.stem,
        "language": version.item.language,
        "options": options,
        "key": version.key if with_key else "",
        "rationale": version.rationale if with_key else "",
    }


@page(Role.CANDIDATE, note=NOTE)
def my_renewal(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    today = clock.today()
    catalog = catalog_current()
    standing = person_standing(person=person, on=today)
    subscription = subscription_current(person=person, on=today)
    context: dict[str, Any] = {"subscription": subscription, "rules": catalog.renewal, "today": today}
    if subscription is None:
        context["eligible"] = eligible_tests(person=person, standing=standing, catalog=catalog, start=today)
        context["past"] = subscriptions_of(person=person)
        return render(request, "candidates/renewal.html", context)
    report = renewal_issue(subscription=subscription, today=today)  # lazily: this month's questions exist now
    tests = eligible_tests(person=person, standing=standing, catalog=catalog, start=subscription.start)
    question = question_next(subscription=subscription)
    answered, issued = question_counts(subscription=subscription)
    context.update(
        {
            "progress": renewal_progress(
                person=person, subscription=subscription, standing=standing, catalog=catalog, tests=tests
            ),
            "question": question,
            "q": _shown(question, with_key=False) if question else None,
            "answered": answered,
            "issued": issued,
            "no_items": report.no_items,
        }
    )
    return render(request, "candidates/renewal.html", context)


@page(Role.CANDIDATE, note=NOTE)
@require_POST
def renewal_subscribe_view(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    try:
        subscription = renewal_subscribe(person=person, today=clock.today(), by=request.user)
        messages.success(request, f"Subscribed until {subscription.end}. Your first questions are below.")
    except RenewalError as exc:
        messages.error(request, str(exc))
    return redirect("my-renewal")


@page(Role.CANDIDATE, note=NOTE)
@require_POST
def renewal_cancel_view(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    subscription = subscription_current(person=person, on=clock.today())
    if subscription is None:
        messages.error(request, "You have no running subscription.")
        return redirect("my-renewal")
    renewal_cancel(subscription=subscription, by=request.user)
    messages.success(request, "Subscription cancelled. The credits you earned stay.")
    return redirect("my-renewal")


@page(Role.CANDIDATE, note=NOTE)
def renewal_question(request: HttpRequest, question_id: int) -> HttpResponse:
    person = _person(request)
    question = question_get(question_id=question_id)
    if question is None or question.subscription.person_id != person.pk:
        raise Http404("No such renewal question of yours.")
    error = ""
    if request.method == "POST":
        try:
            renewal_answer(question=question, person=person, choice=request.POST.get("answer", ""), by=request.user)
            return redirect("renewal-question", question_id=question.pk)
        except RenewalError as exc:
            error = str(exc)
    answered = question.answered_at is not None
    following = None
    if answered and question.subscription.status == SubscriptionStatus.ACTIVE:
        following = question_next(subscription=question.subscription)
    return render(
        request,
        "candidates/renewal_question.html",
        {
            "question": question,
            "q": _shown(question, with_key=answered),
            "answered": answered,
            "error": error,
            "following": following,
            "test_name": catalog_current().tests[question.test].name,
        },
        status=422 if error else 200,
    )
