"""Continuous renewal: subscribe, cancel, issue the month's questions (idempotent), answer once.

Each answer is stored as a RenewalCredit (``correct`` true or false); the standing engine counts the
correct ones and extends a certification when a subscription year has enough of them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from certwright.candidates.models import (
    Person,
    RenewalCredit,
    RenewalQuestion,
    RenewalSubscription,
    SubscriptionStatus,
)
from certwright.candidates.selectors import person_standing
from certwright.candidates.selectors_renewal import eligible_tests, month_index
from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.core.items import ItemStatus, ItemUse
from certwright.core.validity import add_months
from certwright.credentials.services import credentials_sync
from certwright.exams.models import Response
from certwright.itembank.models import Item, ItemVersion
from certwright.programs.selectors import catalog_current

RECENT_DAYS = 730  # an operational item the person saw in a test this recently is not asked again


class RenewalError(ValueError):
    """A renewal action that cannot be done; ``code`` is stable, the message says why."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass
class IssueReport:
    issued: list[str] = field(default_factory=list)
    existing: int = 0
    no_items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AnswerOutcome:
    question: RenewalQuestion
    correct: bool
    key: str


@transaction.atomic
def renewal_subscribe(*, person: Person, today: date, by: Any = None) -> RenewalSubscription:
    """Start a subscription year today and issue its first questions. Refused while one is running or when
    nothing is eligible."""
    Person.objects.select_for_update().filter(pk=person.pk).first()
    active = RenewalSubscription.objects.filter(person=person, status=SubscriptionStatus.ACTIVE).first()
    if active is not None and active.end > today:
        raise RenewalError("already_subscribed", f"you already have a subscription running until {active.end}")
    if active is not None:
        active.status = SubscriptionStatus.ENDED
        active.save(update_fields=["status"])
    catalog = catalog_current()
    if not eligible_tests(
        person=person, standing=person_standing(person=person, on=today), catalog=catalog, start=today
    ):
        raise RenewalError(
            "nothing_eligible", "you hold no certification that continuous renewal covers (passed before today)"
        )
    subscription = RenewalSubscription.objects.create(
        person=person, start=today, end=add_months(today, catalog.renewal.subscription_months)
    )
    audit_record(
        actor=by,
        action="renewal.subscribe",
        obj=subscription,
        after={"person": person.candidate_id, "start": today.isoformat(), "end": subscription.end.isoformat()},
    )
    renewal_issue(subscription=subscription, today=today)  # the first month's questions, at once
    return subscription


@transaction.atomic
def renewal_cancel(*, subscription: RenewalSubscription, by: Any = None) -> RenewalSubscription:
    """Stop the subscription: no more questions; credits already earned stay."""
    subscription = RenewalSubscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status != SubscriptionStatus.ACTIVE:
        raise RenewalError("not_active", "this subscription is not active")
    subscription.status = SubscriptionStatus.CANCELLED
    subscription.cancelled_at = clock.now()
    subscription.save(update_fields=["status", "cancelled_at"])
    audit_record(actor=by, action="renewal.cancel", obj=subscription, before={"status": "active"})
    return subscription


def _seen_items(person: Person, today: date) -> tuple[set[int], set[int]]:
    """(items asked in renewal before, items seen in a test in the last RECENT_DAYS days)."""
    renewal = set(
        RenewalQuestion.objects.filter(subscription__person=person).values_list("item_version__item_id", flat=True)
    )
    since = today - timedelta(days=RECENT_DAYS)
    tested = set(
        Response.objects.filter(sitting__person=person, sitting__checked_in_at__date__gte=since).values_list(
            "item_version__item_id", flat=True
        )
    )
    return renewal, tested


def _candidates(test: str, language: str) -> list[ItemVersion]:
    """The current version of each operational, exhibit-free item of ``test`` (in ``language`` if there are any)."""
    rows = (
        ItemVersion.objects.filter(
            item__test=test, item__use=ItemUse.OPERATIONAL.value, item__status=ItemStatus.OPERATIONAL.value
        )
        .select_related("item")
        .order_by("item_id", "-number")
    )
    latest: dict[int, ItemVersion] = {}
    for version in rows:
        latest.setdefault(version.item_id, version)
    current = [v for v in latest.values() if v.exhibit_id is None]
    own = [v for v in current if v.item.language == language]
    return own or [v for v in current if v.item.language == "en"]


def _pick(versions: list[ItemVersion], seen: tuple[set[int], set[int]], seed: str) -> ItemVersion | None:
    renewal, tested = seen
    for pool in (
        [v for v in versions if v.item_id not in renewal and v.item_id not in tested],
        [v for v in versions if v.item_id not in renewal],
        versions,
    ):
        if pool:
            return random.Random(seed).choice(sorted(pool, key=lambda v: v.pk))  # noqa: S311 - not security
    return None


def renewal_issue(*, subscription: RenewalSubscription, today: date) -> IssueReport:
    """Issue this month's questions of an active subscription. Safe to run any number of times, also at
    once: each (test, month, slot) is one row under a unique constraint."""
    report = IssueReport()
    catalog = catalog_current()
    rules = catalog.renewal
    if subscription.status != SubscriptionStatus.ACTIVE:
        return report
    month = month_index(subscription, today, rules.subscription_months)
    if month is None:
        return report
    person = subscription.person
    standing = person_standing(person=person, on=today)
    seen = _seen_items(person, today)
    for test in eligible_tests(person=person, standing=standing, catalog=catalog, start=subscription.start):
        for seq in range(rules.questions_per_month_per_area):
            if RenewalQuestion.objects.filter(
                subscription=subscription, test=test, month_index=month, seq=seq
            ).exists():
                report.existing += 1
                continue
            version = _pick(
                _candidates(test, person.preferred_language), seen, f"{subscription.pk}:{test}:{month}:{seq}"
            )
            if version is None:
                report.no_items.append(test)
                break
            if _issue_one(subscription, test, month, seq, version):
                seen[0].add(version.item_id)
                report.issued.append(test)
            else:
                report.existing += 1
    return report


def _issue_one(subscription: RenewalSubscription, test: str, month: int, seq: int, version: ItemVersion) -> bool:
    try:
        with transaction.atomic():
            question = RenewalQuestion.objects.create(
                subscription=subscription, test=test, month_index=month, seq=seq, item_version=version
            )
            ItemVersion.objects.filter(pk=version.pk).update(delivered=True)  # frozen: the question shows this text
            Item.objects.filter(pk=version.item_id).update(exposure_count=F("exposure_count") + 1)
            audit_record(
                actor=None,
                action="renewal.issue",
                obj=question,
                after={"test": test, "month": month + 1, "item": version.item.item_id, "version": version.number},
            )
    except IntegrityError:  # another process issued this slot first
        return False
    return True


def renewal_issue_all(*, today: date) -> IssueReport:
    """Issue this month's questions for every active subscription (the `renewal_issue` command)."""
    total = IssueReport()
    for subscription in RenewalSubscription.objects.filter(
        status=SubscriptionStatus.ACTIVE, start__lte=today, end__gt=today
    ).select_related("person"):
        report = renewal_issue(subscription=subscription, today=today)
        total.issued += report.issued
        total.existing += report.existing
        total.no_items += report.no_items
    return total


@transaction.atomic
def renewal_answer(*, question: RenewalQuestion, person: Person, choice: str, by: Any = None) -> AnswerOutcome:
    """Answer a question once. The answer becomes a RenewalCredit dated today; a correct one may extend
    the certification, and the person's credentials follow."""
    question = (
        RenewalQuestion.objects.select_for_update().select_related("subscription", "item_version").get(pk=question.pk)
    )
    subscription = question.subscription
    today = clock.today()
    if subscription.person_id != person.pk:
        raise RenewalError("not_yours", "this question belongs to someone else")
    if question.answered_at is not None:
        raise RenewalError("already_answered", f"you answered this question on {clock.localdate(question.answered_at)}")
    if subscription.status != SubscriptionStatus.ACTIVE or not subscription.start <= today < subscription.end:
        raise RenewalError("subscription_closed", "your subscription is not running, so answers no longer count")
    version = question.item_version
    letters = [o["letter"] for o in version.options]
    choice = choice.strip().upper()
    if choice not in letters:
        raise RenewalError("bad_choice", f"choose one of {', '.join(letters)}")
    correct = choice == version.key
    credit = RenewalCredit.objects.create(person=person, test=question.test, date=today, correct=correct)
    question.answered_at = clock.now()
    question.chosen = choice
    question.correct = correct
    question.credit = credit
    question.save(update_fields=["answered_at", "chosen", "correct", "credit"])
    audit_record(
        actor=by,
        action="renewal.answer",
        obj=question,
        after={"test": question.test, "correct": correct, "credit": credit.pk},
    )
    if correct:
        credentials_sync(person=person, today=today, by=by)
    return AnswerOutcome(question, correct, version.key)
