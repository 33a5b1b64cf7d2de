"""API operations of the preparation app; mounted by config/api.py at /api/v1/preparation.

Candidates act on themselves only (their candidate record); educators on their own classes only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth

from certwright.candidates.models import Person
from certwright.candidates.selectors import person_for_user, person_standing
from certwright.common import clock
from certwright.common.access import has_role
from certwright.common.schemas import ErrorOut
from certwright.core.roles import Role
from certwright.preparation.presenters import adaptive_json
from certwright.preparation.schemas import PreparationProblemOut
from certwright.preparation.selectors import (
    adaptive_available,
    adaptive_of,
    assignments_of_person,
    career_paths,
    goal_active,
    plan_of,
    progress_of,
    queue_item,
    readiness_of,
    review_queue,
)
from certwright.preparation.services import (
    PreparationError,
    goal_set,
    review_answer,
)
from certwright.programs.selectors import catalog_current

router = Router(tags=["preparation"], auth=django_auth)

CANDIDATE = "Who may call: a signed-in candidate with a candidate record, for themselves."


def _problem(exc: PreparationError) -> Status[Any]:
    return Status(422, {"detail": str(exc), "problems": [list(p) for p in exc.problems]})


def _candidate(request: HttpRequest) -> Person | None:
    if not has_role(request.user, Role.CANDIDATE):
        return None
    return person_for_user(user=request.user)


FORBIDDEN_CANDIDATE = {"detail": "only candidates with a candidate record may do this"}


class GoalIn(Schema):
    target_kind: str
    target_code: str
    target_date: date
    weekly_questions: int = 60
    new_per_day: int = 10


class BlockOut(Schema):
    test: str
    area: str
    name: str
    start: date
    end: date
    questions_per_week: int
    why: str


class TestPlanOut(Schema):
    test: str
    name: str
    book_on: date
    reasons: list[str]
    blocks: list[BlockOut]


class PlanOut(Schema):
    target_kind: str
    target_code: str
    target_name: str
    target_date: date
    progress_percent: int
    next_test: str | None
    reasons: list[str]
    tests: list[TestPlanOut]


def _plan_out(person: Person) -> dict[str, Any] | None:
    goal = goal_active(person=person)
    if goal is None:
        return None
    view = plan_of(person=person, goal=goal, today=clock.today())
    return {
        "target_kind": goal.target_kind,
        "target_code": goal.target_code,
        "target_name": view.path.name,
        "target_date": goal.target_date,
        "progress_percent": view.progress.percent,
        "next_test": view.progress.next_test,
        "reasons": list(view.plan.reasons),
        "tests": [
            {
                "test": t.test,
                "name": t.name,
                "book_on": t.book_on,
                "reasons": list(t.reasons),
                "blocks": [
                    {
                        "test": b.test,
                        "area": b.area,
                        "name": b.name,
                        "start": b.start,
                        "end": b.end,
                        "questions_per_week": b.questions_per_week,
                        "why": b.why,
                    }
                    for b in t.blocks
                ],
            }
            for t in view.plan.tests
        ],
    }


@router.get(
    "/plan",
    response={200: PlanOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="My study plan (candidates)",
    description=CANDIDATE + " 404 when no target has been chosen.",
)
def get_plan(request: HttpRequest) -> Status[Any]:
    person = _candidate(request)
    if person is None:
        return Status(403, FORBIDDEN_CANDIDATE)
    out = _plan_out(person)
    return Status(200, out) if out else Status(404, {"detail": "no study target chosen yet"})


@router.put(
    "/plan",
    response={200: PlanOut, 401: ErrorOut, 403: ErrorOut, 422: PreparationProblemOut},
    summary="Choose my study target and date (candidates)",
    description=CANDIDATE + " target_kind is test, master or path; 422 names every bad field.",
)
def put_plan(request: HttpRequest, data: GoalIn) -> Status[Any]:
    person = _candidate(request)
    if person is None:
        return Status(403, FORBIDDEN_CANDIDATE)
    try:
        goal_set(
            person=person,
            kind=data.target_kind,
            code=data.target_code,
            target_date=data.target_date,
            weekly_questions=data.weekly_questions,
            new_per_day=data.new_per_day,
            by=request.user,
        )
    except PreparationError as exc:
        return _problem(exc)
    return Status(200, _plan_out(person))


class QueueEntryOut(Schema):
    item_id: int
    test: str
    area: str
    new: bool
    reason: str


class QueueOut(Schema):
    due: int
    new: int
    entries: list[QueueEntryOut]


@router.get(
    "/reviews",
    response={200: QueueOut, 401: ErrorOut, 403: ErrorOut},
    summary="Today's review queue (candidates)",
    description=CANDIDATE + " Due cards (exam-date rule applied) mixed with new items of the plan's current area.",
)
def get_queue(request: HttpRequest) -> Status[Any]:
    person = _candidate(request)
    if person is None:
        return Status(403, FORBIDDEN_CANDIDATE)
    queue = review_queue(person=person, now=clock.now(), today=clock.today())
    entries = []
    for e in queue.entries:
        item = queue_item(entry=e)
        entries.append({"item_id": item.pk, "test": item.test, "area": item.area, "new": e.new, "reason": e.reason})
    return Status(200, {"due": queue.due_count, "new": queue.new_count, "entries": entries})


class ReviewIn(Schema):
    item_id: int
    answer: str


class ReviewOut(Schema):
    correct: bool
    key: str
    rationale: str
    next_due: str


@router.post(
    "/reviews",
    response={200: ReviewOut, 401: ErrorOut, 403: ErrorOut, 422: PreparationProblemOut},
    summary="Answer one review card (candidates)",
    description=CANDIDATE
    + " Only practice items; the answer is A-D. Returns the key, the rationale and the next due time.",
)
def post_review(request: HttpRequest, data: ReviewIn) -> Status[Any]:
    person = _candidate(request)
    if person is None:
        return Status(403, FORBIDDEN_CANDIDATE)
    try:
        log, version = review_answer(person=person, item_id=data.item_id, answer=data.answer)
    except PreparationError as exc:
        return _problem(exc)
    return Status(
        200,
        {
            "correct": log.correct,
            "key": version.key,
            "rationale": version.rationale,
            "next_due": log.card.due.isoformat(),
        },
    )


class AreaReadinessOut(Schema):
    area: str
    items_on_form: int
    correct: int
    answered: int
    estimate: float


class AdaptiveReadinessOut(Schema):
    model: str  # "adaptive_irt"
    probability: float
    theta: float
    se: float
    items: int
    finished_at: datetime
    session_id: int


class ReadinessOut(Schema):
    test: str
    model: str  # which model produced probability/low/high: "interim_beta_binomial"
    probability: float
    low: float
    high: float
    cut: int
    max_raw: int
    answered: int
    reasons: list[str]
    areas: list[AreaReadinessOut]
    adaptive: AdaptiveReadinessOut | None
    adaptive_available: bool


@router.get(
    "/readiness/{test}",
    response={200: ReadinessOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="My probability of passing a test (candidates)",
    description=CANDIDATE
    + " The top-level figures are the interim model (model interim_beta_binomial, docs/preparation.md):"
    " probability with an 80% band. adaptive: the latest finished adaptive practice (model adaptive_irt:"
    " posterior probability of passing, ability theta and its posterior SD se, questions, when), or null;"
    " adaptive_available: whether adaptive practice (/practice/adaptive/) can start for the test."
    " 422 for a test without content areas.",
)
def get_readiness(request: HttpRequest, test: str) -> Status[Any]:
    person = _candidate(request)
    if person is None:
        return Status(403, FORBIDDEN_CANDIDATE)
    spec = catalog_current().tests.get(test.upper())
    if spec is None or not spec.areas:
        return Status(422, {"detail": f"test: there is no test {test!r} with content areas"})
    r = readiness_of(person=person, test=spec.code)
    latest = adaptive_of(person=person, test=spec.code)
    return Status(
        200,
        {
            "test": spec.code,
            "model": "interim_beta_binomial",
            "probability": round(r.probability, 4),
            "low": round(r.low, 4),
            "high": round(r.high, 4),
            "cut": r.cut,
            "max_raw": r.max_raw,
            "answered": r.answered,
            "reasons": list(r.reasons),
            "areas": [
                {
                    "area": a.area,
                    "items_on_form": a.items_on_form,
                    "correct": a.correct,
                    "answered": a.answered,
                    "estimate": round(a.estimate, 4),
                }
                for a in r.areas
            ],
            "adaptive": adaptive_json(latest) if latest is not None else None,
            "adaptive_available": latest is not None or adaptive_available(test=spec.code),
        },
    )


class GroupOut(Schema):
    tests: list[str]
    state: str
    recommended: bool


class PathOut(Schema):
    code: str
    name: str
    basis: str
    percent: int
    next_test: str | None
    reasons: list[str]
    groups: list[GroupOut]


@router.get(
    "/career-paths",
    response={200: list[PathOut], 401: ErrorOut, 403: ErrorOut},
    summary="Career paths with my progress and gap (candidates)",
    description=CANDIDATE + " Certwright's mapping of roles to certifications, not ASE's.",
)
def get_paths(request: HttpRequest) -> Status[Any]:
    person = _candidate(request)
    if person is None:
        return Status(403, FORBIDDEN_CANDIDATE)
    standing = person_standing(person=person, on=clock.today())
    out = []
    for path in career_paths().values():
        p = progress_of(path=path, standing=standing)
        out.append(
            {
                "code": path.code,
                "name": path.name,
                "basis": path.basis,
                "percent": p.percent,
                "next_test": p.next_test,
                "reasons": list(p.reasons),
                "groups": [{"tests": list(g.tests), "state": g.state, "recommended": g.recommended} for g in p.groups],
            }
        )
    return Status(200, out)


class AssignmentOut(Schema):
    id: int
    class_name: str
    title: str
    test: str
    area: str
    questions: int
    due_on: date
    done: int
    complete: bool
    overdue: bool


@router.get(
    "/assignments",
    response={200: list[AssignmentOut], 401: ErrorOut, 403: ErrorOut},
    summary="My assignments from my classes (candidates)",
    description=CANDIDATE,
)
def get_assignments(request: HttpRequest) -> Status[Any]:
    person = _candidate(request)
    if person is None:
        return Status(403, FORBIDDEN_CANDIDATE)
    rows = assignments_of_person(person=person, today=clock.today())
    return Status(
        200,
        [
            {
                "id": s.assignment.pk,
                "class_name": s.assignment.group.name,
                "title": s.assignment.title,
                "test": s.assignment.test,
                "area": s.assignment.area,
                "questions": s.assignment.questions,
                "due_on": s.assignment.due_on,
                "done": s.done,
                "complete": s.complete,
                "overdue": s.overdue,
            }
            for s in rows
        ],
    )


from certwright.preparation.api_classes import router as classes_router  # noqa: E402 - after this router's operations

router.add_router("", classes_router)
