"""Reading delivery data. Questions handed to candidates carry no key and no rationale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import Count, Q, QuerySet

from certwright.accounts.models import User
from certwright.candidates.models import Person
from certwright.common import clock
from certwright.exams.models import OPEN_PURCHASE, Order, Purchase, Response, Sitting, TestSession
from certwright.itembank.models import Exhibit


def purchases_of(*, person: Any) -> QuerySet[Purchase]:
    return (
        Purchase.objects.filter(person=person)
        .select_related("order", "result")
        .prefetch_related("appointments__session__centre")
        .order_by("-order__created_at", "test")
    )


def open_tests_of(*, person: Any) -> list[str]:
    return list(Purchase.objects.filter(person=person, status__in=OPEN_PURCHASE).values_list("test", flat=True))


def sessions_for(*, purchase: Purchase) -> QuerySet[TestSession]:
    """Future sessions inside the purchase window with a free seat."""
    now = clock.now()
    return (
        TestSession.objects.filter(starts_at__gt=now, starts_at__date__lte=purchase.window_ends)
        .annotate(taken=Count("appointments", filter=Q(appointments__cancelled_at__isnull=True)))
        .select_related("centre")
        .order_by("starts_at")
    )


def orders_pending() -> QuerySet[Order]:
    return Order.objects.filter(status="pending").select_related("person").prefetch_related("purchases")


def sessions_on(*, day: date) -> QuerySet[TestSession]:
    return (
        TestSession.objects.filter(starts_at__date=day)
        .select_related("centre")
        .prefetch_related("appointments__purchase__person", "appointments__purchase__sitting")
    )


def sitting_of(*, sitting_id: int) -> Sitting | None:
    return Sitting.objects.select_related("form", "person", "purchase").filter(pk=sitting_id).first()


@dataclass(frozen=True)
class OptionText:
    letter: str
    text: str


@dataclass(frozen=True)
class QuestionView:
    """What the candidate's browser receives for one question: texts only, never keys."""

    position: int
    number: int
    total: int
    item_language: str
    stem: str
    options: tuple[OptionText, ...]
    exhibit: Exhibit | None
    answer: str
    flagged: bool

    @property
    def language(self) -> str:
        return self.item_language


def question_view(*, sitting: Sitting, position: int) -> QuestionView | None:
    response = (
        Response.objects.select_related("item_version__item", "item_version__exhibit")
        .filter(sitting=sitting, position=position)
        .first()
    )
    if response is None:
        return None
    version = response.item_version
    return QuestionView(
        position=position,
        number=position + 1,
        total=len(sitting.form.slots),
        item_language=version.item.language,
        stem=version.stem,
        options=tuple(OptionText(o["letter"], o["text"]) for o in version.options),
        exhibit=version.exhibit,
        answer=response.answer,
        flagged=response.flagged,
    )


def review_rows(*, sitting: Sitting) -> list[dict[str, Any]]:
    return [
        {"position": r.position, "number": r.position + 1, "answered": bool(r.answer), "flagged": r.flagged}
        for r in sitting.responses.order_by("position")
    ]


def max_seq(*, sitting: Sitting) -> int:
    return max(sitting.responses.values_list("seq", flat=True), default=0)


def sitting_session_owner(*, session_key: str, sitting_id: int, now: datetime) -> tuple[int, str, bool, str] | None:
    """For the autosave fast path, in one query: the session's stored data and the sitting owner's
    user id, password hash and active flag; ``None`` when the session is unknown or expired or the
    sitting does not exist. The caller decodes the session and checks it names that user."""
    session, sitting = Session._meta.db_table, Sitting._meta.db_table
    person, user = Person._meta.db_table, User._meta.db_table
    # table names from the models' metadata; every value is a parameter
    sql = (
        f"SELECT u.id, u.password, u.is_active, s.session_data FROM {session} s, {sitting} st "  # noqa: S608
        f"JOIN {person} p ON p.id = st.person_id JOIN {user} u ON u.id = p.user_id "
        f"WHERE s.session_key = %s AND s.expire_date > %s AND st.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [session_key, connection.ops.adapt_datetimefield_value(now), sitting_id])
        row = cursor.fetchone()
    return None if row is None else (int(row[0]), str(row[1]), bool(row[2]), str(row[3]))
