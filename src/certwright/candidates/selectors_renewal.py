"""Reading continuous renewal: the current subscription, eligible certifications, progress per area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from certwright.candidates.models import (
    Person,
    RenewalCredit,
    RenewalQuestion,
    RenewalSubscription,
    SubscriptionStatus,
)
from certwright.candidates.models import TestResult as TestResultRow
from certwright.core.catalog import Catalog
from certwright.core.decisions import Reason, TestStatus
from certwright.core.facts import Outcome
from certwright.core.standing import Standing
from certwright.core.validity import add_months


@dataclass(frozen=True)
class AreaProgress:
    """Credits in one certification during one subscription year, and what they lead to."""

    test: str
    name: str
    credits: int
    needed: int
    until: date | None
    extends_to: date | None
    extended: bool

    @property
    def remaining(self) -> int:
        return max(self.needed - self.credits, 0)

    @property
    def text(self) -> str:
        head = f"{self.credits} of {self.needed} credits for {self.test}"
        if self.extended:
            return f"{head} — extended: {self.test} is valid until {self.until}"
        if self.remaining == 0:
            return f"{head} — enough for an extension"
        target = f"to {self.extends_to}" if self.extends_to else "by a year from your last credit"
        return f"{head} — {self.remaining} more extend {self.test} {target}"


def subscription_current(*, person: Person, on: date) -> RenewalSubscription | None:
    """The active subscription covering ``on`` (None when there is none)."""
    return RenewalSubscription.objects.filter(
        person=person, status=SubscriptionStatus.ACTIVE, start__lte=on, end__gt=on
    ).first()


def subscriptions_of(*, person: Person) -> list[RenewalSubscription]:
    return list(RenewalSubscription.objects.filter(person=person).order_by("-start", "-id"))


def month_index(subscription: RenewalSubscription, on: date, months: int) -> int | None:
    """Which month of the subscription ``on`` falls in (0-based), or None outside it."""
    if on < subscription.start or on >= subscription.end:
        return None
    for index in range(months):
        if on < add_months(subscription.start, index + 1):
            return index
    return None


def eligible_tests(*, person: Person, standing: Standing, catalog: Catalog, start: date) -> list[str]:
    """Certifications the person holds (or held, when the catalog allows it) in the renewal series."""
    rules = catalog.renewal
    passed_before = set()
    if rules.only_tests_passed_before_subscription:
        passed_before = set(
            TestResultRow.objects.filter(person=person, outcome=Outcome.PASS.value, date__lt=start).values_list(
                "test", flat=True
            )
        )
    codes = []
    for series in catalog.series:
        if series.code not in rules.eligible_series:
            continue
        for code in series.tests:
            s = standing.tests[code]
            holds = s.status is TestStatus.CERTIFIED and not s.entry_level
            held = s.status is TestStatus.EXPIRED and s.ever_certified and rules.eligible_if_expired
            if not (holds or held):
                continue
            if rules.only_tests_passed_before_subscription and code not in passed_before:
                continue
            codes.append(code)
    return codes


def renewal_progress(
    *, person: Person, subscription: RenewalSubscription, standing: Standing, catalog: Catalog, tests: list[str]
) -> list[AreaProgress]:
    """Progress per certification within the subscription year (correct answers only)."""
    rules = catalog.renewal
    counts: dict[str, int] = {}
    for code in RenewalCredit.objects.filter(
        person=person, correct=True, date__gte=subscription.start, date__lt=subscription.end
    ).values_list("test", flat=True):
        counts[code] = counts.get(code, 0) + rules.credit_per_correct_answer
    rows = []
    for code in sorted(set(tests) | set(counts)):
        s = standing.tests.get(code)
        if s is None:
            continue
        credits = counts.get(code, 0)
        until = s.until if s.status is TestStatus.CERTIFIED else None
        extended = credits >= rules.credits_per_extension and Reason.RENEWAL_EXTENDED in s.reasons
        base = max(until, standing.as_of) if until else None
        rows.append(
            AreaProgress(
                code,
                catalog.tests[code].name,
                credits,
                rules.credits_per_extension,
                until,
                add_months(base, rules.extension_months) if base else None,
                extended,
            )
        )
    return rows


def question_next(*, subscription: RenewalSubscription) -> RenewalQuestion | None:
    """The oldest unanswered question of the subscription."""
    return (
        subscription.questions.filter(answered_at__isnull=True)
        .select_related("item_version__item")
        .order_by("month_index", "test", "seq")
        .first()
    )


def question_counts(*, subscription: RenewalSubscription) -> tuple[int, int]:
    """(answered, issued) questions of the subscription."""
    issued = subscription.questions.count()
    return issued - subscription.questions.filter(answered_at__isnull=True).count(), issued


def question_get(*, question_id: int) -> RenewalQuestion | None:
    return (
        RenewalQuestion.objects.select_related("subscription__person", "item_version__item")
        .filter(pk=question_id)
        .first()
    )
