"""Practice tests for any signed-in user: choose a test (or one content area), answer, learn why."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from certwright.common import clock
from certwright.common.access import page
from certwright.exams.models import PracticeAnswer, PracticeSession
from certwright.exams.selectors import OptionText
from certwright.exams.services_orders import DeliveryError
from certwright.exams.services_practice import feedback_for, practice_answer, practice_finish, practice_start
from certwright.programs.selectors import catalog_current

NOTE = "Any signed-in user; practice uses practice-only items, never scored ones."


def _mine(request: HttpRequest, session_id: int) -> PracticeSession:
    session = PracticeSession.objects.filter(pk=session_id, user_id=request.user.pk or 0).first()
    if session is None:
        raise Http404("No such practice test.")
    return session


@page(note=NOTE)
def practice_home(request: HttpRequest) -> HttpResponse:
    catalog = catalog_current()
    if request.method == "POST":
        test, _, area = request.POST.get("target", "").partition(":")
        try:
            session = practice_start(
                user=request.user,
                test=test,
                area=area,
                length=int(request.POST.get("length") or 20),
                timed=request.POST.get("timed") == "on",
                feedback=request.POST.get("feedback", "each"),
                diagrams_only=request.POST.get("diagrams_only") == "on",
            )
            return redirect("practice-question", session_id=session.pk, number=1)
        except (DeliveryError, ValueError) as exc:
            messages.error(request, str(exc))
    tests = [t for t in catalog.tests.values() if t.areas]
    recent = PracticeSession.objects.filter(user_id=request.user.pk or 0).order_by("-started_at")[:10]
    return render(request, "exams/practice_home.html", {"tests": tests, "recent": recent})


@page(note=NOTE)
def practice_question(request: HttpRequest, session_id: int, number: int) -> HttpResponse:
    session = _mine(request, session_id)
    rows = list(session.answers.select_related("item_version__item", "item_version__exhibit"))
    if not 1 <= number <= len(rows):
        raise Http404("No such question.")
    row = rows[number - 1]
    feedback = None
    if request.method == "POST":
        try:
            feedback = practice_answer(session=session, position=row.position, answer=request.POST.get("answer", ""))
            row.refresh_from_db()
            if feedback is None:
                return _next(session, number, len(rows))
        except DeliveryError as exc:
            if "time_up" in exc.reasons:
                return redirect("practice-summary", session_id=session.pk)
            messages.error(request, str(exc))
    version = row.item_version
    question = {
        "stem": version.stem,
        "language": version.item.language,
        "options": [OptionText(o["letter"], o["text"]) for o in version.options],
    }
    remaining = int((session.deadline - clock.now()).total_seconds()) if session.deadline else None
    return render(
        request,
        "exams/practice_question.html",
        {
            "session": session,
            "q": question,
            "row": row,
            "number": number,
            "total": len(rows),
            "feedback": feedback,
            "exhibit": version.exhibit,
            "exhibit_url": reverse("preparation-exhibit", args=[version.item_id]) if version.exhibit_id else "",
            "remaining": remaining,
        },
    )


def _next(session: PracticeSession, number: int, total: int) -> HttpResponse:
    if number >= total:
        return redirect("practice-summary", session_id=session.pk)
    return redirect("practice-question", session_id=session.pk, number=number + 1)


@page(note=NOTE)
def practice_summary(request: HttpRequest, session_id: int) -> HttpResponse:
    session = practice_finish(session=_mine(request, session_id))
    rows: list[PracticeAnswer] = list(session.answers.select_related("item_version__item"))
    review = [(r, feedback_for(r)) for r in rows if r.answer]
    correct = sum(1 for _, f in review if f.correct)
    return render(
        request,
        "exams/practice_summary.html",
        {
            "session": session,
            "review": review,
            "correct": correct,
            "total": len(rows),
        },
    )
