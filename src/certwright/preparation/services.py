"""Preparation writes: study goals, FSRS reviews, classes, invitations and assignments (audited)."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from fsrs import Card, Rating, Scheduler

from certwright.candidates.models import Person
from certwright.candidates.selectors import person_for_user
from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.core.career_paths import load_career_paths
from certwright.core.review_queue import exam_adjusted_due
from certwright.itembank.models import Item, ItemVersion
from certwright.preparation.models import (
    Assignment,
    GroupKind,
    Membership,
    ReviewCard,
    ReviewLog,
    ReviewSource,
    StudyGoal,
    StudyGroup,
    TargetKind,
)
from certwright.preparation.selectors import exam_times
from certwright.programs.selectors import catalog_current

# Day-level scheduling (no minute learning steps: a practice item comes back on a later day);
# no fuzzing: the same answers give the same schedule.
SCHEDULER = Scheduler(enable_fuzzing=False, learning_steps=(), relearning_steps=())


class PreparationError(ValueError):
    """Bad input; ``problems`` lists ``(field, message)``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))


# --- spaced repetition -----------------------------------------------------------------------


@transaction.atomic
def card_review(
    *, person: Person, version: ItemVersion, answer: str, source: str, now: datetime | None = None
) -> ReviewLog:
    """Answer one item: create its card on first sight, rate it (right = Good, wrong = Again), schedule it
    with FSRS and apply the exam-date rule (core.review_queue)."""
    if answer not in ("A", "B", "C", "D"):
        raise PreparationError([("answer", "choose A, B, C or D")])
    if source not in ReviewSource.values:
        raise PreparationError([("source", f"unknown source {source!r}")])
    now = (now or clock.now()).astimezone(UTC)  # fsrs works in UTC
    item = version.item
    card_row = ReviewCard.objects.select_for_update().filter(person=person, item=item).first()
    fsrs_card = Card.from_dict(card_row.fsrs) if card_row else Card(card_id=item.pk)
    correct = answer == version.key
    rating = Rating.Good if correct else Rating.Again
    fsrs_card, _ = SCHEDULER.review_card(fsrs_card, rating, now)
    due, _reason = exam_adjusted_due(
        fsrs_card.due, reviewed_at=now, exam_at=exam_times(person=person, now=now).get(item.test)
    )
    if card_row is None:
        card_row = ReviewCard(person=person, item=item, test=item.test, area=item.area, created_at=now)
    card_row.fsrs, card_row.due = fsrs_card.to_dict(), due
    card_row.reviews += 1
    card_row.lapses += 0 if correct else 1
    card_row.save()
    return ReviewLog.objects.create(
        card=card_row,
        item_version=version,
        source=source,
        answer=answer,
        correct=correct,
        rating=int(rating),
        reviewed_at=now,
    )


def practice_answer_recorded(*, user: Any, version: ItemVersion, answer: str) -> ReviewLog | None:
    """Called by the practice test after each answer: the item becomes (or moves) a review card.
    Users without a candidate record practise without cards."""
    person = person_for_user(user=user)
    if person is None or answer not in ("A", "B", "C", "D"):
        return None
    return card_review(person=person, version=version, answer=answer, source=ReviewSource.PRACTICE)


def review_answer(*, person: Person, item_id: int, answer: str) -> tuple[ReviewLog, ItemVersion]:
    """An answer from the review queue: any practice item (new or carded) of the programme."""
    item = Item.objects.filter(pk=item_id, use="practice").exclude(status__in=("retired", "draft")).first()
    if item is None:
        raise PreparationError([("item", f"there is no practice item {item_id}")])
    version = item.current
    return card_review(person=person, version=version, answer=answer, source=ReviewSource.REVIEW), version


# --- study goals ---------------------------------------------------------------------------


def target_problems(*, kind: str, code: str) -> list[tuple[str, str]]:
    catalog = catalog_current()
    if kind == TargetKind.TEST:
        spec = catalog.tests.get(code)
        if spec is None:
            return [("target_code", f"there is no test {code!r}")]
        if not spec.areas:
            return [("target_code", f"{code} has no published content areas to plan by")]
    elif kind == TargetKind.MASTER:
        if code not in catalog.masters:
            return [("target_code", f"there is no Master designation for series {code!r}")]
    elif kind == TargetKind.PATH:
        if code not in load_career_paths(catalog):
            return [("target_code", f"there is no career path {code!r}")]
    else:
        return [("target_kind", "choose test, master or path")]
    return []


@transaction.atomic
def goal_set(
    *,
    person: Person,
    kind: str,
    code: str,
    target_date: date,
    weekly_questions: int = 60,
    new_per_day: int = 10,
    by: Any,
) -> StudyGoal:
    """Set the person's study goal (the previous one is kept, inactive)."""
    problems = target_problems(kind=kind, code=code)
    if target_date <= clock.today():
        problems.append(("target_date", f"must be after today ({clock.today().isoformat()})"))
    if not 5 <= weekly_questions <= 1000:
        problems.append(("weekly_questions", "must be between 5 and 1000"))
    if not 0 <= new_per_day <= 100:
        problems.append(("new_per_day", "must be between 0 and 100"))
    if problems:
        raise PreparationError(problems)
    before = StudyGoal.objects.filter(person=person, active=True).first()
    StudyGoal.objects.filter(person=person, active=True).update(active=False)
    goal = StudyGoal.objects.create(
        person=person,
        target_kind=kind,
        target_code=code,
        target_date=target_date,
        weekly_questions=weekly_questions,
        new_per_day=new_per_day,
    )
    audit_record(
        actor=by,
        action="study_goal.set",
        obj=goal,
        before={"kind": before.target_kind, "code": before.target_code} if before else None,
        after={"kind": kind, "code": code, "target_date": target_date.isoformat()},
    )
    return goal


# --- classes -------------------------------------------------------------------------------


@transaction.atomic
def group_create(*, educator: Any, name: str, kind: str = GroupKind.CLASS) -> StudyGroup:
    problems = []
    if not name.strip() or len(name) > 120:
        problems.append(("name", "give the class a name of 1 to 120 characters"))
    if kind not in GroupKind.values:
        problems.append(("kind", "choose class or study_group"))
    if problems:
        raise PreparationError(problems)
    group = StudyGroup.objects.create(
        name=name.strip(), kind=kind, educator=educator, invite_token=secrets.token_urlsafe(24)
    )
    audit_record(actor=educator, action="study_group.create", obj=group, after={"name": group.name, "kind": kind})
    return group


@transaction.atomic
def invite_renew(*, group: StudyGroup, by: Any) -> StudyGroup:
    """A new invitation link; the old one stops working."""
    group.invite_token = secrets.token_urlsafe(24)
    group.save(update_fields=["invite_token"])
    audit_record(actor=by, action="study_group.invite_renew", obj=group)
    return group


@transaction.atomic
def group_join(*, token: str, user: Any) -> Membership:
    group = StudyGroup.objects.filter(invite_token=token).first() if token else None
    if group is None:
        raise PreparationError([("token", "this invitation link is not valid (it may have been renewed)")])
    person = person_for_user(user=user)
    if person is None:
        raise PreparationError([("person", "your account has no candidate record; ask programme staff to add one")])
    existing = Membership.objects.filter(group=group, person=person).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=group, person=person)
    except IntegrityError:  # joined twice at the same moment
        return Membership.objects.get(group=group, person=person)
    audit_record(actor=user, action="study_group.join", obj=membership, after={"group": group.pk})
    return membership


@transaction.atomic
def assignment_create(
    *, group: StudyGroup, by: Any, title: str, test: str, area: str = "", questions: int = 20, due_on: date
) -> Assignment:
    catalog = catalog_current()
    problems: list[tuple[str, str]] = []
    spec = catalog.tests.get(test)
    if spec is None:
        problems.append(("test", f"there is no test {test!r}"))
    elif area and spec.area(area) is None:
        problems.append(("area", f"{test} has no content area {area!r}"))
    if not 1 <= questions <= 200:
        problems.append(("questions", "must be between 1 and 200"))
    if due_on < clock.today():
        problems.append(("due_on", f"must be today or later ({clock.today().isoformat()})"))
    if problems:
        raise PreparationError(problems)
    assignment = Assignment.objects.create(
        group=group,
        title=title.strip()[:160] or f"Practise {test}{' area ' + area if area else ''}",
        test=test,
        area=area,
        questions=questions,
        due_on=due_on,
        created_by=by,
    )
    audit_record(
        actor=by,
        action="assignment.create",
        obj=assignment,
        after={"group": group.pk, "test": test, "area": area, "questions": questions, "due_on": due_on.isoformat()},
    )
    return assignment
