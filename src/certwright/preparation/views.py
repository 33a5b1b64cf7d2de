"""Candidate pages: preparation home, study plan, review queue, readiness, career paths, practice exhibits."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from certwright.candidates.models import Person
from certwright.candidates.selectors import person_for_user, person_standing
from certwright.common import clock
from certwright.common.access import has_role, page
from certwright.common.responses import exhibit_response
from certwright.core.roles import Role
from certwright.exams.selectors import OptionText
from certwright.preparation import presenters
from certwright.preparation.selectors import (
    adaptive_available,
    adaptive_of,
    adaptive_points,
    assignments_of_person,
    career_paths,
    goal_active,
    plan_of,
    practice_exhibit,
    progress_of,
    queue_item,
    readiness_history,
    readiness_overview,
    review_queue,
    target_path,
)
from certwright.preparation.services import PreparationError, goal_set, review_answer
from certwright.programs.selectors import catalog_current

CANDIDATE_NOTE = "Candidates, for themselves (needs a candidate record)."


def _person(request: HttpRequest) -> Person:
    person = person_for_user(user=request.user)
    if person is None:
        raise Http404("Your account has no candidate record; ask programme staff to add one.")
    return person


@page(note="Any signed-in user: your plan, reviews, assignments and readiness; educators also see their classes.")
def home(request: HttpRequest) -> HttpResponse:
    person = person_for_user(user=request.user)
    today, now = clock.today(), clock.now()
    context: dict[str, object] = {"person": person, "educator": has_role(request.user, Role.EDUCATOR)}
    if person is not None:
        goal = goal_active(person=person)
        view = plan_of(person=person, goal=goal, today=today) if goal else None
        queue = review_queue(person=person, now=now, today=today)
        context.update(
            goal=goal,
            view=view,
            current_block=view.plan.block_on(today) if view else None,
            queue=queue,
            assignments=assignments_of_person(person=person, today=today),
            readiness=readiness_overview(person=person),
        )
    return render(request, "preparation/home.html", context)


def _goal_from_post(request: HttpRequest, person: Person) -> HttpResponse | None:
    kind, _, code = request.POST.get("target", "").partition(":")
    try:
        goal_set(
            person=person,
            kind=kind,
            code=code,
            target_date=date.fromisoformat(request.POST.get("target_date", "")),
            weekly_questions=int(request.POST.get("weekly_questions") or 60),
            new_per_day=int(request.POST.get("new_per_day") or 10),
            by=request.user,
        )
    except ValueError as exc:  # PreparationError is a ValueError; so are bad dates and numbers
        messages.error(request, str(exc) if isinstance(exc, PreparationError) else f"Check the form: {exc}")
        return None
    messages.success(request, "Your study plan is ready.")
    return redirect("preparation-plan")


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
def plan(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if request.method == "POST":
        done = _goal_from_post(request, person)
        if done is not None:
            return done
    catalog = catalog_current()
    goal = goal_active(person=person)
    view = plan_of(person=person, goal=goal, today=clock.today()) if goal else None
    return render(
        request,
        "preparation/plan.html",
        {
            "goal": goal,
            "view": view,
            "reasons": [presenters.PLAN_REASON_TEXT.get(r, r) for r in view.plan.reasons] if view else [],
            "tests": [t for t in catalog.tests.values() if t.areas],
            "masters": list(catalog.masters.values()),
            "paths": list(career_paths().values()),
            "today": clock.today(),
        },
    )


@page(Role.CANDIDATE, note=CANDIDATE_NOTE + " One question a screen, for phones.")
def review(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if request.method == "POST":
        try:
            log, version = review_answer(
                person=person, item_id=int(request.POST.get("item") or 0), answer=request.POST.get("answer", "")
            )
        except (PreparationError, ValueError) as exc:
            messages.error(request, str(exc))
            return redirect("preparation-review")
        chosen = next((o.get("rationale") or "" for o in version.options if o["letter"] == log.answer), "")
        return render(
            request,
            "preparation/review_feedback.html",
            {"log": log, "version": version, "chosen_rationale": chosen, "due": log.card.due},
        )
    queue = review_queue(person=person, now=clock.now(), today=clock.today())
    if not queue.entries:
        return render(request, "preparation/review.html", {"queue": queue, "item": None})
    entry = queue.entries[0]
    item = queue_item(entry=entry)
    version = item.current
    question = {
        "stem": version.stem,
        "language": item.language,
        "options": [OptionText(o["letter"], o["text"]) for o in version.options],
    }
    return render(
        request,
        "preparation/review.html",
        {
            "queue": queue,
            "entry": entry,
            "item": item,
            "q": question,
            "exhibit": version.exhibit,
            "exhibit_url": reverse("preparation-exhibit", args=[item.pk]) if version.exhibit else "",
            "left": len(queue.entries),
        },
    )


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
def readiness(request: HttpRequest, test: str) -> HttpResponse:
    person = _person(request)
    spec = catalog_current().tests.get(test.upper())
    if spec is None or not spec.areas:
        raise Http404("No such test with content areas.")
    history = readiness_history(person=person, test=spec.code, today=clock.today())
    current = history[-1][1]
    adaptive = adaptive_of(person=person, test=spec.code)
    points = adaptive_points(person=person, test=spec.code, since=history[0][0])
    names = {a.code: a.name for a in spec.areas}
    return render(
        request,
        "preparation/readiness.html",
        {
            "spec": spec,
            "current": current,
            "adaptive": adaptive,
            "adaptive_precision": presenters.adaptive_precision(adaptive) if adaptive else "",
            "adaptive_available": adaptive is not None or adaptive_available(test=spec.code),
            "adaptive_on_chart": bool(points),
            "reasons": [presenters.REASON_TEXT.get(r, r) for r in current.reasons],
            "areas": [(a, names.get(a.area, a.area)) for a in current.areas],
            "chart": mark_safe(  # noqa: S308 - built by presenters.readiness_svg from numbers and escaped text
                presenters.readiness_svg(history, title=f"{spec.code} readiness over time", adaptive=points)
            ),
        },
    )


@page(Role.CANDIDATE, note=CANDIDATE_NOTE)
def paths(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if request.method == "POST":
        done = _goal_from_post(request, person)
        if done is not None:
            return done
    standing = person_standing(person=person, on=clock.today())
    catalog = catalog_current()
    goal = goal_active(person=person)
    rows = [progress_of(path=p, standing=standing) for p in career_paths().values()]
    masters = [progress_of(path=target_path(kind="master", code=c), standing=standing) for c in catalog.masters]
    return render(
        request,
        "preparation/paths.html",
        {"rows": rows, "masters": masters, "goal": goal, "today": clock.today(), "tests": catalog.tests},
    )


@page(note="Any signed-in user; only exhibits of practice items (never of scored items).")
def exhibit(request: HttpRequest, item_id: int) -> HttpResponse:
    found = practice_exhibit(item_id=item_id)
    if found is None:
        raise Http404("No such practice exhibit.")
    return exhibit_response(found)
