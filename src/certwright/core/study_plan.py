"""Study plans: the order of tests and content areas, weekly practice and the booking date.

Rules (every one returns its reasons; the day is a parameter):

1. **Tests.** Tests whose retake wait after a failed sitting is still running come first (soonest
   retake first), then other failed tests, then the others in the order given (the target's order: a
   Master's or career path's required tests).
2. **Booking date.** The time from ``today`` to ``target_date`` is shared among the tests in
   proportion to their scored items. A test is booked at the end of its share, but never before
   ``today + booking_notice_days`` (no booking inside the change cutoff). After a failed sitting whose
   retake wait is still running, the plan aims at the first retake day
   ``earliest_retake(result_on, retake_wait_days)`` (result + 31 days with the 30-full-day rule) and
   that test comes first; a failed test whose retake is already allowed gets its share like the
   others (before them), still weak areas first. A booking after ``target_date`` adds the reason
   ``target_too_soon``.
3. **One subject at a time.** Inside a test's span, each content area gets its own block, weakest
   first: after a failed sitting by the score report's percent correct; otherwise by practice
   accuracy (areas with fewer than 5 answers count as 65%); ties by blueprint weight, largest first.
   Block lengths follow the blueprint weights (at least one day each). The last quarter of the span
   (at most 7 days) is mixed review with full-length practice tests.
4. **Weekly practice.** ``weekly_questions`` practice questions a week, all from the current
   block's area (mixed during review); review-queue cards come on top.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from certwright.core.validity import earliest_retake

UNKNOWN_ACCURACY = 0.65
MIN_ANSWERS_FOR_ACCURACY = 5
MAX_REVIEW_DAYS = 7


class PlanReason(StrEnum):
    AFTER_FAILED_SITTING = "after_failed_sitting"  # starts from the weak areas of the score report
    RETAKE_WAIT = "retake_wait"  # booked on the first retake day
    WEAK_AREAS_FIRST = "weak_areas_first"  # areas ordered by practice accuracy
    BLUEPRINT_ORDER = "blueprint_order"  # no evidence yet: largest areas first
    BOOKING_NOTICE = "booking_notice"  # moved to respect the booking notice
    TARGET_TOO_SOON = "target_too_soon"  # the booking falls after the target date
    NOTHING_TO_PLAN = "nothing_to_plan"  # every target test is already certified


class PlanError(ValueError):
    """Bad plan input; ``field`` names what."""

    def __init__(self, field_name: str, message: str) -> None:
        self.field = field_name
        super().__init__(f"{field_name}: {message}")


@dataclass(frozen=True, slots=True)
class AreaInput:
    code: str
    name: str
    count: int | None
    correct: int = 0  # practice answers
    answered: int = 0
    report_percent: int | None = None  # percent correct on the failed sitting's score report


@dataclass(frozen=True, slots=True)
class TestInput:
    code: str
    name: str
    scored: int | None
    areas: tuple[AreaInput, ...]
    failed_on: date | None = None  # day of the last result when it was a fail


@dataclass(frozen=True, slots=True)
class PlanBlock:
    test: str
    area: str  # "" for mixed review
    name: str
    start: date
    end: date  # inclusive
    questions_per_week: int
    why: str

    @property
    def review(self) -> bool:
        return self.area == ""


@dataclass(frozen=True, slots=True)
class TestPlan:
    test: str
    name: str
    start: date
    book_on: date
    blocks: tuple[PlanBlock, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StudyPlan:
    today: date
    target_date: date
    weekly_questions: int
    tests: tuple[TestPlan, ...]
    reasons: tuple[str, ...] = field(default=())

    def block_on(self, day: date) -> PlanBlock | None:
        """The block to work on that day (the first block when the plan has not started)."""
        for test in self.tests:
            for block in test.blocks:
                if block.start <= day <= block.end:
                    return block
        upcoming = [b for t in self.tests for b in t.blocks if b.start > day]
        return upcoming[0] if upcoming else None


def _weight(test: TestInput) -> int:
    return test.scored or sum(a.count or 0 for a in test.areas) or 50


def _area_key(area: AreaInput, failed: bool) -> tuple[float, int]:
    if failed and area.report_percent is not None:
        level = area.report_percent / 100
    elif area.answered >= MIN_ANSWERS_FOR_ACCURACY:
        level = area.correct / area.answered
    else:
        level = UNKNOWN_ACCURACY
    return (level, -(area.count or 0))


def _why(area: AreaInput, failed: bool) -> str:
    if failed and area.report_percent is not None:
        return f"{area.report_percent}% on the score report"
    if area.answered >= MIN_ANSWERS_FOR_ACCURACY:
        return f"{round(100 * area.correct / area.answered)}% in practice ({area.answered} answers)"
    return f"{area.count} questions on the test" if area.count else "not practised yet"


def plan_study(
    tests: Sequence[TestInput],
    *,
    today: date,
    target_date: date,
    weekly_questions: int = 60,
    retake_wait_days: int = 30,
    booking_notice_days: int = 3,
) -> StudyPlan:
    """Plan ``tests`` from ``today`` towards ``target_date``."""
    if target_date <= today:
        raise PlanError("target_date", f"must be after today ({today.isoformat()}), got {target_date.isoformat()}")
    if not 5 <= weekly_questions <= 1000:
        raise PlanError("weekly_questions", f"must be between 5 and 1000, got {weekly_questions}")
    for t in tests:
        if not t.areas:
            raise PlanError("target", f"test {t.code} has no content areas to plan")
    if not tests:
        return StudyPlan(today, target_date, weekly_questions, (), (PlanReason.NOTHING_TO_PLAN,))

    def order(it: tuple[int, TestInput]) -> tuple[int, date, int]:
        index, test = it
        if test.failed_on is None:
            return (2, date.min, index)
        retake = earliest_retake(test.failed_on, retake_wait_days)
        return (0 if retake > today else 1, retake, index)

    ordered = sorted(enumerate(tests), key=order)
    remaining_weight = sum(_weight(t) for _, t in ordered)
    cursor = today
    plans: list[TestPlan] = []
    for _, test in ordered:
        plans.append(
            _plan_test(
                test,
                cursor=cursor,
                today=today,
                target_date=target_date,
                share=_weight(test) / remaining_weight,
                weekly_questions=weekly_questions,
                retake_wait_days=retake_wait_days,
                booking_notice_days=booking_notice_days,
            )
        )
        remaining_weight -= _weight(test)
        cursor = plans[-1].book_on + timedelta(days=1)
    reasons = tuple(dict.fromkeys(r for p in plans for r in p.reasons))
    return StudyPlan(today, target_date, weekly_questions, tuple(plans), reasons)


def _plan_test(
    test: TestInput,
    *,
    cursor: date,
    today: date,
    target_date: date,
    share: float,
    weekly_questions: int,
    retake_wait_days: int,
    booking_notice_days: int,
) -> TestPlan:
    reasons: list[str] = []
    failed = test.failed_on is not None
    notice = today + timedelta(days=booking_notice_days)
    days_left = max((target_date - cursor).days, 1)
    book_on = cursor + timedelta(days=max(1, round(days_left * share)))
    if test.failed_on is not None:
        reasons.append(PlanReason.AFTER_FAILED_SITTING)
        retake = earliest_retake(test.failed_on, retake_wait_days)
        if retake > today:  # the wait is still running: aim at the first retake day
            book_on = max(retake, cursor + timedelta(days=1))
            if book_on == retake:
                reasons.append(PlanReason.RETAKE_WAIT)
    if book_on < notice:
        book_on = notice
        reasons.append(PlanReason.BOOKING_NOTICE)
    if book_on > target_date:
        reasons.append(PlanReason.TARGET_TOO_SOON)
    if not failed:
        known = any(a.answered >= MIN_ANSWERS_FOR_ACCURACY for a in test.areas)
        reasons.append(PlanReason.WEAK_AREAS_FIRST if known else PlanReason.BLUEPRINT_ORDER)
    blocks = _blocks(test, start=cursor, book_on=book_on, failed=failed, weekly_questions=weekly_questions)
    return TestPlan(test.code, test.name, cursor, book_on, blocks, tuple(reasons))


def _blocks(
    test: TestInput, *, start: date, book_on: date, failed: bool, weekly_questions: int
) -> tuple[PlanBlock, ...]:
    span = max((book_on - start).days, 1)  # study days before the exam day
    review_days = min(MAX_REVIEW_DAYS, span // 4)
    area_days = span - review_days
    areas = sorted(test.areas, key=lambda a: _area_key(a, failed))
    if area_days < len(areas):  # too little time for one day per area: keep the weakest ones
        areas = areas[: max(area_days, 1)]
        area_days = max(area_days, 1)
        review_days = span - area_days
    weights = [a.count or 1 for a in areas]
    total = sum(weights)
    lengths = [max(1, int(area_days * w / total)) for w in weights]
    lengths[0] += area_days - sum(lengths)  # rounding goes to the weakest area
    while lengths[0] < 1:  # minimums overshot: take days back from the longest blocks
        longest = max(range(1, len(lengths)), key=lambda i: lengths[i])
        lengths[longest] -= 1
        lengths[0] += 1
    out: list[PlanBlock] = []
    day = start
    for area, length in zip(areas, lengths, strict=True):
        end = day + timedelta(days=length - 1)
        out.append(PlanBlock(test.code, area.code, area.name, day, end, weekly_questions, _why(area, failed)))
        day = end + timedelta(days=1)
    if review_days > 0:
        end = book_on - timedelta(days=1)
        out.append(
            PlanBlock(
                test.code,
                "",
                "Mixed review and full-length practice tests",
                day,
                end,
                weekly_questions,
                "last days before the test",
            )
        )
    return tuple(out)


def area_inputs(
    areas: Sequence[tuple[str, str, int | None]],
    practice: Mapping[str, tuple[int, int]],
    report: Mapping[str, int] | None = None,
) -> tuple[AreaInput, ...]:
    """Build area inputs from ``(code, name, count)``, practice ``{area: (correct, answered)}`` and a score report."""
    report = report or {}
    return tuple(
        AreaInput(code, name, count, *practice.get(code, (0, 0)), report_percent=report.get(code))
        for code, name, count in areas
    )
