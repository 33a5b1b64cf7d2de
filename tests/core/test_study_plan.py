"""Study plans: test and area order, booking dates, the retake rule after a failed sitting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from certwright.core.catalog import load_catalog
from certwright.core.study_plan import PlanError, PlanReason, TestInput, area_inputs, plan_study

CATALOG = load_catalog()
TODAY = date(2026, 11, 28)


def _test(code: str, *, failed_on: date | None = None, report=None, practice=None) -> TestInput:  # type: ignore[no-untyped-def]
    spec = CATALOG.tests[code]
    areas = area_inputs([(a.code, a.name, a.count) for a in spec.areas], practice or {}, report)
    return TestInput(code, spec.name, spec.scored, areas, failed_on)


class StudyPlanTests:
    def test_one_subject_at_a_time_in_blueprint_order_and_book_by_the_target(self) -> None:
        plan = plan_study([_test("A5")], today=TODAY, target_date=date(2027, 2, 26))
        (a5,) = plan.tests
        assert a5.book_on == date(2027, 2, 26)
        assert [b.area for b in a5.blocks] == ["A", "C", "D", "B", ""]
        assert a5.blocks[0].start == TODAY
        assert a5.blocks[-1].end == date(2027, 2, 25)
        assert all(x.end + timedelta(days=1) == y.start for x, y in zip(a5.blocks, a5.blocks[1:], strict=False))
        assert PlanReason.BLUEPRINT_ORDER in plan.reasons
        assert plan.block_on(date(2026, 12, 1)).area == "A"  # type: ignore[union-attr]

    def test_weak_practice_areas_first(self) -> None:
        practice = {"A": (18, 20), "B": (3, 10), "C": (8, 10), "D": (5, 10)}
        plan = plan_study([_test("A5", practice=practice)], today=TODAY, target_date=date(2027, 1, 30))
        assert [b.area for b in plan.tests[0].blocks][:4] == ["B", "D", "C", "A"]
        assert plan.tests[0].blocks[0].why == "30% in practice (10 answers)"

    def test_after_a_failed_sitting_weak_areas_first_and_book_on_result_plus_31(self) -> None:
        failed = _test("A2", failed_on=date(2026, 11, 16), report={"A": 40, "B": 75, "C": 55})
        plan = plan_study([_test("A3"), failed], today=TODAY, target_date=date(2027, 4, 1))
        first, second = plan.tests
        assert first.test == "A2"
        assert first.book_on == date(2026, 12, 17)  # 16 Nov + 31 days
        assert PlanReason.RETAKE_WAIT in first.reasons
        assert [b.area for b in first.blocks] == ["A", "C", "B", ""]
        assert first.blocks[0].why == "40% on the score report"
        assert second.start == date(2026, 12, 18)
        assert second.book_on == date(2027, 4, 1)

    def test_an_old_failure_gets_its_share_of_time_after_the_running_retake_wait(self) -> None:
        old = _test("A3", failed_on=date(2026, 9, 28))  # retake allowed since 29 October
        recent = _test("A2", failed_on=date(2026, 11, 16))
        plan = plan_study([old, recent], today=TODAY, target_date=date(2027, 5, 27))
        assert [t.test for t in plan.tests] == ["A2", "A3"]
        assert plan.tests[0].book_on == date(2026, 12, 17)
        assert plan.tests[1].book_on == date(2027, 5, 27)
        assert PlanReason.RETAKE_WAIT not in plan.tests[1].reasons
        assert PlanReason.AFTER_FAILED_SITTING in plan.tests[1].reasons

    def test_too_soon_target_and_notice(self) -> None:
        plan = plan_study([_test("A1"), _test("A4")], today=TODAY, target_date=TODAY + timedelta(days=2))
        assert plan.tests[0].book_on == TODAY + timedelta(days=3)
        assert PlanReason.BOOKING_NOTICE in plan.tests[0].reasons
        assert PlanReason.TARGET_TOO_SOON in plan.reasons

    def test_nothing_to_plan_and_bad_input(self) -> None:
        assert plan_study([], today=TODAY, target_date=date(2027, 1, 1)).reasons == (PlanReason.NOTHING_TO_PLAN,)
        with pytest.raises(PlanError, match="target_date: must be after today"):
            plan_study([_test("A1")], today=TODAY, target_date=TODAY)
        with pytest.raises(PlanError, match="weekly_questions"):
            plan_study([_test("A1")], today=TODAY, target_date=date(2027, 1, 1), weekly_questions=2)
