"""Date arithmetic for validity, expiry and waits. Pure; every date is a parameter."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

DAYS_PER_MONTH = 365.25 / 12


@lru_cache(maxsize=131072)
def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months; a day past the end of the target month is clamped.

    2024-02-29 + 12 months = 2025-02-28; 2021-01-31 + 1 month = 2021-02-28.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


class MonthsAfter(dict[date, date]):
    """``add_months(day, months)`` for one fixed ``months``, remembered per day.

    The standing engine keeps one per rule (validity, entry-level validity, shelf life) and reads
    it like a mapping: ``after[day]``. The memory is bounded: it starts over past 100,000 days.
    """

    __slots__ = ("months",)

    def __init__(self, months: int) -> None:
        super().__init__()
        self.months = months

    def __missing__(self, day: date) -> date:
        if len(self) >= _MONTHS_AFTER_LIMIT:
            self.clear()
        value = self[day] = add_months(day, self.months)
        return value


_MONTHS_AFTER_LIMIT = 100_000


def expiry_date(passed_on: date, validity_months: int) -> date:
    """The day a certification from a pass on ``passed_on`` stops being valid."""
    return add_months(passed_on, validity_months)


def earliest_retake(result_on: date, full_days: int) -> date:
    """After ``full_days`` full days have passed since the result day.

    With the 30-full-day rule, a result on 1 March allows a retake on 31 March + 1 = 1 April:
    the days 2..31 March are the 30 full days.
    """
    return result_on + timedelta(days=full_days + 1)


def months_to_days(months: float) -> float:
    return months * DAYS_PER_MONTH


def days_to_months(days: float) -> float:
    return days / DAYS_PER_MONTH
