"""The exam-date rule for spaced repetition and the daily review queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from certwright.core.review_queue import QueueReason, build_queue, exam_adjusted_due

NOW = datetime(2026, 11, 28, 15, tzinfo=UTC)


class ExamRuleTests:
    def test_no_exam_or_exam_passed_leaves_fsrs_alone(self) -> None:
        due = NOW + timedelta(days=40)
        assert exam_adjusted_due(due, reviewed_at=NOW, exam_at=None) == (due, None)
        assert exam_adjusted_due(due, reviewed_at=NOW, exam_at=NOW - timedelta(days=1)) == (due, None)

    def test_every_card_is_seen_before_a_far_exam(self) -> None:
        exam = NOW + timedelta(days=30)
        assert exam_adjusted_due(NOW + timedelta(days=40), reviewed_at=NOW, exam_at=exam) == (
            exam - timedelta(days=1),
            QueueReason.BEFORE_EXAM,
        )
        assert exam_adjusted_due(NOW + timedelta(days=5), reviewed_at=NOW, exam_at=exam) == (
            NOW + timedelta(days=5),
            None,
        )

    def test_near_the_exam_intervals_are_at_most_half_the_days_left(self) -> None:
        exam = NOW + timedelta(days=10)
        assert exam_adjusted_due(NOW + timedelta(days=9), reviewed_at=NOW, exam_at=exam) == (
            NOW + timedelta(days=5),
            QueueReason.EXAM_NEAR,
        )
        tomorrow = NOW + timedelta(days=1, hours=2)
        assert exam_adjusted_due(NOW + timedelta(days=3), reviewed_at=NOW, exam_at=tomorrow)[0] == NOW + timedelta(
            hours=2
        )


class QueueTests:
    def test_due_first_most_overdue_first_with_new_cards_mixed_in(self) -> None:
        due = [(i, NOW - timedelta(days=i), None) for i in range(1, 8)]
        queue = build_queue(due, [101, 102, 103], new_allowance=2)
        assert [e.key for e in queue] == [7, 6, 5, 101, 4, 3, 2, 102, 1]
        assert [e.new for e in queue].count(True) == 2
        assert queue[3].reason == QueueReason.NEW

    def test_limits(self) -> None:
        assert build_queue([], [1, 2, 3], new_allowance=0) == ()
        assert len(build_queue([(1, NOW, "exam_near")], [5, 6], new_allowance=5, limit=2)) == 2
        with pytest.raises(ValueError, match="new_allowance"):
            build_queue([], [], new_allowance=-1)
