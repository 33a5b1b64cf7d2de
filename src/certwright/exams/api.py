"""Delivery API: order, book, start, questions, answers, flags, submit, result.

Candidates act on their own purchases and sittings only. Questions never include keys or
rationales of operational items.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from certwright.candidates.selectors import person_for_user
from certwright.common.schemas import ErrorOut
from certwright.core.facts import ResultKind
from certwright.core.ordering import OrderLine
from certwright.exams.models import Purchase, Sitting, TestSession
from certwright.exams.selectors import question_view, review_rows, sitting_of
from certwright.exams.services_orders import DeliveryError, appointment_book, order_create
from certwright.exams.services_sittings import answer_save, remaining_seconds, sitting_start, sitting_submit

router = Router(tags=["exams"], auth=django_auth)


class DeliveryProblemOut(Schema):
    detail: str
    reasons: list[str] = []


class LineIn(Schema):
    test: str
    kind: ResultKind = ResultKind.INITIAL


class OrderIn(Schema):
    tests: list[LineIn]


class PurchaseOut(Schema):
    id: int
    test: str
    kind: str
    fee: str
    status: str
    window_ends: str


class OrderOut(Schema):
    id: int
    status: str
    total: str
    currency: str
    purchases: list[PurchaseOut]


class BookIn(Schema):
    session: int


class StartIn(Schema):
    launch_code: str


class SittingOut(Schema):
    id: int
    test: str
    status: str
    remaining_seconds: int
    questions: int
    current: int


class ExhibitOut(Schema):
    id: str
    kind: str
    title: str
    alt: str
    columns: list[str] = []
    rows: list[list[str]] = []


class QuestionOut(Schema):
    number: int
    total: int
    stem: str
    options: dict[str, str]
    answer: str | None
    flagged: bool
    exhibit: ExhibitOut | None = None
    remaining_seconds: int


class AnswerIn(Schema):
    position: int = Field(ge=0, le=2**31 - 1)
    answer: str | None = None
    flagged: bool | None = None
    seq: int = Field(ge=0, le=2**31 - 1, description="orders the saves: an older or repeated seq changes nothing")


class AnswerOut(Schema):
    position: int
    answer: str | None
    flagged: bool
    seq: int


class AreaOut(Schema):
    area: str
    correct: int
    total: int
    percent: int
    band: str


class ResultOut(Schema):
    test: str
    passed: bool
    scaled: int
    raw: int
    max_raw: int
    areas: list[AreaOut]


def _problem(code: int, exc: DeliveryError) -> Status[Any]:
    return Status(code, {"detail": str(exc), "reasons": list(exc.reasons)})


def _mine(request: HttpRequest, sitting_id: int) -> Sitting | None:
    sitting = sitting_of(sitting_id=sitting_id)
    if sitting is None or sitting.person.user_id != request.user.id:
        return None
    return sitting


def _sitting_out(sitting: Sitting) -> dict[str, Any]:
    return {
        "id": sitting.pk,
        "test": sitting.form.test,
        "status": sitting.status,
        "remaining_seconds": remaining_seconds(sitting),
        "questions": len(sitting.form.slots),
        "current": sitting.current_position + 1,
    }


@router.post(
    "/orders",
    response={201: OrderOut, 401: ErrorOut, 403: ErrorOut, 422: DeliveryProblemOut},
    summary="Order tests (candidates); refused with every reason",
)
def create_order(request: HttpRequest, data: OrderIn) -> Status[Any]:
    person = person_for_user(user=request.user)
    if person is None:
        return Status(403, {"detail": "your account has no candidate profile"})
    try:
        order = order_create(
            person=person, lines=[OrderLine(x.test.upper(), x.kind) for x in data.tests], by=request.user
        )
    except DeliveryError as exc:
        return _problem(422, exc)
    return Status(
        201,
        {
            "id": order.pk,
            "status": order.status,
            "total": str(order.total),
            "currency": order.currency,
            "purchases": [
                {
                    "id": p.pk,
                    "test": p.test,
                    "kind": p.kind,
                    "fee": str(p.fee),
                    "status": p.status,
                    "window_ends": p.window_ends.isoformat(),
                }
                for p in order.purchases.all()
            ],
        },
    )


@router.post(
    "/purchases/{purchase_id}/book",
    response={200: dict[str, Any], 401: ErrorOut, 404: ErrorOut, 409: DeliveryProblemOut},
    summary="Book a seat in a session (the candidate who bought the test)",
)
def book(request: HttpRequest, purchase_id: int, data: BookIn) -> Status[Any]:
    purchase = Purchase.objects.filter(pk=purchase_id, person__user_id=request.user.pk or 0).first()
    session = TestSession.objects.filter(pk=data.session).first()
    if purchase is None or session is None:
        return Status(404, {"detail": "no such purchase or session"})
    try:
        appointment = appointment_book(purchase=purchase, session=session, by=request.user)
    except DeliveryError as exc:
        return _problem(409, exc)
    return Status(200, {"appointment": appointment.pk, "session": session.pk, "starts_at": session.starts_at})


@router.post(
    "/sittings/{sitting_id}/start",
    response={200: SittingOut, 401: ErrorOut, 404: ErrorOut, 409: DeliveryProblemOut},
    summary="Start (or resume) a sitting with the proctor's launch code (the candidate)",
)
def start(request: HttpRequest, sitting_id: int, data: StartIn) -> Status[Any]:
    sitting = _mine(request, sitting_id)
    if sitting is None:
        return Status(404, {"detail": "no such sitting"})
    try:
        sitting = sitting_start(sitting=sitting, launch_code=data.launch_code, by=request.user)
    except DeliveryError as exc:
        return _problem(409, exc)
    return Status(200, _sitting_out(sitting))


@router.get(
    "/sittings/{sitting_id}/questions/{number}",
    response={200: QuestionOut, 401: ErrorOut, 404: ErrorOut, 409: DeliveryProblemOut},
    summary="One question: text and options only (the candidate)",
)
def get_question(request: HttpRequest, sitting_id: int, number: int) -> Status[Any]:
    sitting = _mine(request, sitting_id)
    if sitting is None:
        return Status(404, {"detail": "no such sitting"})
    if sitting.status not in ("started", "paused"):
        return Status(409, {"detail": f"this sitting is {sitting.get_status_display().lower()}", "reasons": []})
    view = question_view(sitting=sitting, position=number - 1)
    if view is None:
        return Status(404, {"detail": f"there is no question {number}"})
    ex = view.exhibit
    exhibit = (
        None
        if ex is None
        else {
            "id": ex.exhibit_id,
            "kind": ex.kind,
            "title": ex.title,
            "alt": ex.alt,
            "columns": list(ex.columns),
            "rows": [list(r) for r in ex.rows],
        }
    )
    return Status(
        200,
        {
            "number": view.number,
            "total": view.total,
            "stem": view.stem,
            "options": {o.letter: o.text for o in view.options},
            "answer": view.answer or None,
            "flagged": view.flagged,
            "exhibit": exhibit,
            "remaining_seconds": remaining_seconds(sitting),
        },
    )


@router.put(
    "/sittings/{sitting_id}/answers",
    url_name="save_answer",
    response={200: AnswerOut, 401: ErrorOut, 404: ErrorOut, 409: DeliveryProblemOut, 422: DeliveryProblemOut},
    summary="Save an answer and/or flag; ordered by seq, idempotent (the candidate)",
)
def save_answer(request: HttpRequest, sitting_id: int, data: AnswerIn) -> Status[Any]:
    sitting = _mine(request, sitting_id)
    if sitting is None:
        return Status(404, {"detail": "no such sitting"})
    try:
        response = answer_save(
            sitting=sitting, position=data.position, answer=data.answer, flagged=data.flagged, seq=data.seq
        )
    except DeliveryError as exc:
        return _problem(422 if {"bad_answer", "no_such_question"} & set(exc.reasons) else 409, exc)
    return Status(
        200,
        {
            "position": response.position,
            "answer": response.answer or None,
            "flagged": response.flagged,
            "seq": response.seq,
        },
    )


@router.get(
    "/sittings/{sitting_id}",
    response={200: SittingOut, 401: ErrorOut, 404: ErrorOut},
    summary="A sitting's state and remaining time from the server clock (the candidate)",
)
def get_sitting(request: HttpRequest, sitting_id: int) -> Status[Any]:
    sitting = _mine(request, sitting_id)
    if sitting is None:
        return Status(404, {"detail": "no such sitting"})
    return Status(200, _sitting_out(sitting))


@router.get(
    "/sittings/{sitting_id}/review",
    response={200: list[dict[str, Any]], 401: ErrorOut, 404: ErrorOut},
    summary="Answered / flagged state of every question (the candidate)",
)
def get_review(request: HttpRequest, sitting_id: int) -> Status[Any]:
    sitting = _mine(request, sitting_id)
    if sitting is None:
        return Status(404, {"detail": "no such sitting"})
    return Status(200, review_rows(sitting=sitting))


@router.post(
    "/sittings/{sitting_id}/submit",
    response={200: ResultOut, 401: ErrorOut, 404: ErrorOut, 409: DeliveryProblemOut},
    summary="Submit and score; submitting twice scores once (the candidate)",
)
def submit(request: HttpRequest, sitting_id: int) -> Status[Any]:
    sitting = _mine(request, sitting_id)
    if sitting is None:
        return Status(404, {"detail": "no such sitting"})
    try:
        score = sitting_submit(sitting=sitting, by=request.user)
    except DeliveryError as exc:
        return _problem(409, exc)
    return Status(200, _result(sitting, score))


@router.get(
    "/sittings/{sitting_id}/result",
    response={200: ResultOut, 401: ErrorOut, 404: ErrorOut},
    summary="The score report of a submitted sitting (the candidate)",
)
def result(request: HttpRequest, sitting_id: int) -> Status[Any]:
    sitting = _mine(request, sitting_id)
    if sitting is None or not hasattr(sitting, "score"):
        return Status(404, {"detail": "no result for this sitting"})
    return Status(200, _result(sitting, sitting.score))


def _result(sitting: Sitting, score: Any) -> dict[str, Any]:
    return {
        "test": sitting.form.test,
        "passed": score.passed,
        "scaled": score.scaled,
        "raw": score.raw,
        "max_raw": score.max_raw,
        "areas": score.areas,
    }
