"""Practice tests: drawn only from practice items, never from operational ones."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction

from certwright.common import clock
from certwright.exams.models import PracticeAnswer, PracticeSession
from certwright.exams.services_orders import DeliveryError
from certwright.itembank.models import Item, ItemVersion
from certwright.preparation.services import practice_answer_recorded
from certwright.programs.selectors import catalog_current


def practice_pool(*, test: str, area: str = "", language: str = "en", diagrams_only: bool = False) -> list[ItemVersion]:
    """The current version of every live practice item of a test (and area); with ``diagrams_only``
    only those whose current version shows an exhibit (wiring diagram, scan data, ...)."""
    items = Item.objects.filter(test=test, use="practice", language=language).exclude(status__in=("retired", "draft"))
    if area:
        items = items.filter(area=area)
    latest: dict[int, ItemVersion] = {}
    for version in ItemVersion.objects.filter(item__in=items).order_by("number"):
        latest[version.item_id] = version
    if diagrams_only:
        return [v for v in latest.values() if v.exhibit_id is not None]
    return list(latest.values())


@transaction.atomic
def practice_start(
    *,
    user: Any,
    test: str,
    area: str = "",
    length: int = 20,
    timed: bool = False,
    feedback: str = "each",
    seed: int | None = None,
    diagrams_only: bool = False,
) -> PracticeSession:
    catalog = catalog_current()
    spec = catalog.tests.get(test)
    if spec is None:
        raise DeliveryError([("unknown_test", f"there is no test {test!r}")])
    if area and spec.area(area) is None:
        raise DeliveryError([("unknown_area", f"{test} has no content area {area!r}")])
    if feedback not in ("each", "end"):
        raise DeliveryError([("bad_feedback", "feedback is 'each' or 'end'")])
    pool = practice_pool(test=test, area=area, diagrams_only=diagrams_only)
    if not pool:
        what = "practice items with diagrams or exhibits" if diagrams_only else "practice items"
        raise DeliveryError(
            [("no_practice_items", f"there are no {what} for {test}{' area ' + area if area else ''} yet")]
        )
    chosen = random.Random(seed).sample(pool, min(max(1, length), len(pool)))  # noqa: S311 - not security
    deadline = None
    if timed:
        deadline = clock.now() + timedelta(minutes=round(len(chosen) * catalog.rules.default_minutes_per_question))
    session = PracticeSession.objects.create(user=user, test=test, area=area, feedback=feedback, deadline=deadline)
    PracticeAnswer.objects.bulk_create(
        [PracticeAnswer(session=session, position=i, item_version=v) for i, v in enumerate(chosen)]
    )
    return session


@dataclass(frozen=True)
class PracticeFeedback:
    correct: bool
    key: str
    rationale: str
    chosen_rationale: str


@transaction.atomic
def practice_answer(*, session: PracticeSession, position: int, answer: str) -> PracticeFeedback | None:
    """Record an answer; returns the feedback when the session gives it after each answer."""
    if session.finished_at is not None:
        raise DeliveryError([("finished", "this practice test is finished")])
    if session.deadline is not None and clock.now() > session.deadline:
        practice_finish(session=session)
        raise DeliveryError([("time_up", "the time is up")])
    if answer not in ("A", "B", "C", "D"):
        raise DeliveryError([("bad_answer", "choose A, B, C or D")])
    row = PracticeAnswer.objects.select_related("item_version").filter(session=session, position=position).first()
    if row is None:
        raise DeliveryError([("no_such_question", f"there is no question {position + 1}")])
    first_answer = not row.answer
    row.answer, row.answered_at = answer, clock.now()
    row.save(update_fields=["answer", "answered_at"])
    if first_answer:  # the item becomes a spaced-repetition card (preparation app)
        practice_answer_recorded(user=session.user, version=row.item_version, answer=answer)
    return feedback_for(row) if session.feedback == "each" else None


def feedback_for(row: PracticeAnswer) -> PracticeFeedback:
    version = row.item_version
    chosen = next((o.get("rationale") or "" for o in version.options if o["letter"] == row.answer), "")
    return PracticeFeedback(row.answer == version.key, version.key, version.rationale, chosen)


@transaction.atomic
def practice_finish(*, session: PracticeSession) -> PracticeSession:
    if session.finished_at is None:
        session.finished_at = clock.now()
        session.save(update_fields=["finished_at"])
    return session
