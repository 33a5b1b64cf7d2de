"""The daily review queue and the exam-date rule for spaced repetition. Pure; times are parameters.

FSRS (the ``fsrs`` library) schedules each card for long-term memory. Two rules adapt that to a
booked test:

* **Every card is seen before the exam.** A card of a test with a booked appointment that would
  come due after the day before the exam is brought forward to the day before the exam.
* **Near the exam, shorter intervals.** In the last 14 days before the exam an interval is at most
  half of the days left (at least one day), so a card answered two weeks out comes back about
  weekly, then every few days.

The queue (``build_queue``) puts due cards first (most overdue first) and mixes in new items from
the plan's current content area: one new card after every ``DUE_PER_NEW`` due cards, up to the
day's allowance of new cards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

NEAR_EXAM_DAYS = 14
DUE_PER_NEW = 3


class QueueReason(StrEnum):
    DUE = "due"
    NEW = "new"
    BEFORE_EXAM = "before_exam"  # brought forward so it is seen before the exam
    EXAM_NEAR = "exam_near"  # interval shortened in the last 14 days


def exam_adjusted_due(due: datetime, *, reviewed_at: datetime, exam_at: datetime | None) -> tuple[datetime, str | None]:
    """The due time after the exam-date rules, and the rule that moved it (None when unchanged)."""
    if exam_at is None or reviewed_at >= exam_at:
        return due, None
    eve = exam_at - timedelta(days=1)
    days_left = (exam_at - reviewed_at).days
    if days_left <= NEAR_EXAM_DAYS:
        limit, reason = min(eve, reviewed_at + timedelta(days=max(1, days_left // 2))), QueueReason.EXAM_NEAR
    else:
        limit, reason = eve, QueueReason.BEFORE_EXAM
    limit = max(limit, reviewed_at)
    if due > limit:
        return limit, reason
    return due, None


@dataclass(frozen=True, slots=True)
class QueueEntry:
    key: int  # card id for due cards, item id for new ones
    new: bool
    reason: str


def build_queue(
    due: Sequence[tuple[int, datetime, str | None]],
    new_items: Sequence[int],
    *,
    new_allowance: int,
    limit: int = 100,
) -> tuple[QueueEntry, ...]:
    """``due``: (card id, effective due, exam reason or None) of cards due now; ``new_items``: candidate
    items in plan order; ``new_allowance``: new cards still allowed today."""
    if new_allowance < 0 or limit < 1:
        raise ValueError(f"new_allowance must be >= 0 and limit >= 1, got {new_allowance} and {limit}")
    cards = [
        QueueEntry(k, False, reason or QueueReason.DUE) for k, _, reason in sorted(due, key=lambda d: (d[1], d[0]))
    ]
    fresh = [QueueEntry(k, True, QueueReason.NEW) for k in new_items[:new_allowance]]
    out: list[QueueEntry] = []
    while (cards or fresh) and len(out) < limit:
        out.extend(cards[:DUE_PER_NEW])
        del cards[:DUE_PER_NEW]
        if fresh:
            out.append(fresh.pop(0))
    return tuple(out[:limit])
