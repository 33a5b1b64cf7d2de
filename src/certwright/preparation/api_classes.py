"""Class operations of the preparation API (educators; joining by token); added to ``api.router``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from certwright.common import clock
from certwright.common.access import has_role
from certwright.common.schemas import ErrorOut
from certwright.core.roles import Role
from certwright.preparation.schemas import PreparationProblemOut
from certwright.preparation.selectors import group_analytics, group_for_educator, groups_of_educator
from certwright.preparation.services import PreparationError, assignment_create, group_create, group_join

router = Router(tags=["preparation"])

EDUCATOR = "Who may call: an educator, for their own classes only (403 for another educator's class)."
FORBIDDEN_EDUCATOR = {"detail": "only educators may do this"}


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


def _problem(exc: PreparationError) -> Status[Any]:
    return Status(422, {"detail": str(exc), "problems": [list(p) for p in exc.problems]})


class JoinOut(Schema):
    class_id: int
    name: str


@router.post(
    "/join/{token}",
    response={200: JoinOut, 401: ErrorOut, 422: PreparationProblemOut},
    summary="Join a class by its invitation token (any signed-in user with a candidate record)",
    description="Who may call: any signed-in user with a candidate record who has the token; 422 for a bad token.",
)
def post_join(request: HttpRequest, token: str) -> Status[Any]:
    try:
        membership = group_join(token=token, user=request.user)
    except PreparationError as exc:
        return _problem(exc)
    return Status(200, {"class_id": membership.group_id, "name": membership.group.name})


class ClassIn(Schema):
    name: str
    kind: str = "class"


class ClassOut(Schema):
    id: int
    name: str
    kind: str
    invite_token: str
    students: int


def _class_out(group: Any) -> dict[str, Any]:
    return {
        "id": group.pk,
        "name": group.name,
        "kind": group.kind,
        "invite_token": group.invite_token,
        "students": group.memberships.count(),
    }


@router.get(
    "/classes",
    response={200: list[ClassOut], 401: ErrorOut, 403: ErrorOut},
    summary="My classes (educators)",
    description=EDUCATOR,
)
def get_classes(request: HttpRequest) -> Status[Any]:
    if not has_role(request.user, Role.EDUCATOR):
        return Status(403, FORBIDDEN_EDUCATOR)
    return Status(200, [_class_out(g) for g in groups_of_educator(user=request.user)])


@router.post(
    "/classes",
    response={201: ClassOut, 401: ErrorOut, 403: ErrorOut, 422: PreparationProblemOut},
    summary="Create a class or study group (educators)",
    description=EDUCATOR,
)
def post_class(request: HttpRequest, data: ClassIn) -> Status[Any]:
    if not has_role(request.user, Role.EDUCATOR):
        return Status(403, FORBIDDEN_EDUCATOR)
    try:
        group = group_create(educator=request.user, name=data.name, kind=data.kind)
    except PreparationError as exc:
        return _problem(exc)
    return Status(201, _class_out(group))


class AssignmentIn(Schema):
    title: str = ""
    test: str
    area: str = ""
    questions: int = 20
    due_on: date


@router.post(
    "/classes/{class_id}/assignments",
    response={201: AssignmentOut, 401: ErrorOut, 403: ErrorOut, 422: PreparationProblemOut},
    summary="Assign practice to a class (educators, own classes)",
    description=EDUCATOR,
)
def post_assignment(request: HttpRequest, class_id: int, data: AssignmentIn) -> Status[Any]:
    group = group_for_educator(user=request.user, group_id=class_id) if has_role(request.user, Role.EDUCATOR) else None
    if group is None:
        return Status(403, {"detail": "you may only assign work to your own classes"})
    try:
        a = assignment_create(
            group=group,
            by=request.user,
            title=data.title,
            test=data.test.upper(),
            area=data.area.upper(),
            questions=data.questions,
            due_on=data.due_on,
        )
    except PreparationError as exc:
        return _problem(exc)
    return Status(
        201,
        {
            "id": a.pk,
            "class_name": group.name,
            "title": a.title,
            "test": a.test,
            "area": a.area,
            "questions": a.questions,
            "due_on": a.due_on,
            "done": 0,
            "complete": False,
            "overdue": False,
        },
    )


class StudentOut(Schema):
    candidate_id: str
    name: str
    answered: int
    correct: int
    assignments_done: int
    areas: dict[str, list[int]]


class AnalyticsOut(Schema):
    class_id: int
    name: str
    areas: dict[str, list[int]]
    students: list[StudentOut]


@router.get(
    "/classes/{class_id}/analytics",
    response={200: AnalyticsOut, 401: ErrorOut, 403: ErrorOut},
    summary="Class analytics per content area and per student (educators, own classes)",
    description=EDUCATOR + " Area values are [correct, answered] over all of the student's practice and reviews.",
)
def get_analytics(request: HttpRequest, class_id: int) -> Status[Any]:
    group = group_for_educator(user=request.user, group_id=class_id) if has_role(request.user, Role.EDUCATOR) else None
    if group is None:
        return Status(403, {"detail": "you may only see your own classes"})
    students, totals = group_analytics(group=group, today=clock.today())
    return Status(
        200,
        {
            "class_id": group.pk,
            "name": group.name,
            "areas": {k: list(v) for k, v in totals.items()},
            "students": [
                {
                    "candidate_id": s.person.candidate_id,
                    "name": s.person.name,
                    "answered": s.answered,
                    "correct": s.correct,
                    "assignments_done": s.assignments_done,
                    "areas": {k: list(v) for k, v in s.areas.items()},
                }
                for s in students
            ],
        },
    )
