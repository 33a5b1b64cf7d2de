"""Counting work experience and training credit towards a test family's requirement.

Rules (each a catalog parameter):

* only verified records count;
* a work period counts every calendar day from ``start`` to ``end`` inclusive (an ongoing
  period up to the as-of day) at ``hours_per_week / full_time_hours`` of a day, part-time pro rata;
* overlapping periods count once: on any day the credit is the sum of the periods' fractions,
  capped at one full-time day;
* training credit (months) counts from its date and at most ``training_max_months`` in total;
* a month is 365.25 / 12 days.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from certwright.core.catalog_schema import ExperienceFamily
from certwright.core.facts import Experience, ExperienceKind
from certwright.core.validity import DAYS_PER_MONTH

_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class ExperienceStatus:
    required_months: float
    work_months: float
    training_months: float
    met_on: date | None
    unverified_records: int

    @property
    def credited_months(self) -> float:
        return self.work_months + self.training_months

    @property
    def missing_months(self) -> float:
        return max(0.0, self.required_months - self.credited_months)


def evaluate_experience(
    records: Iterable[Experience],
    family_name: str,
    family: ExperienceFamily,
    on: date,
    *,
    full_time_hours: float = 40.0,
    min_hours: float = 0.0,
) -> ExperienceStatus:
    """How much experience counts for ``family`` on ``on``, and the day the requirement was met."""
    rate_changes: dict[date, float] = {}
    training: list[tuple[date, float]] = []
    unverified = 0
    for rec in records:
        if rec.families and family_name not in rec.families:
            continue
        if rec.start is not None and rec.start > on:
            continue
        if not rec.verified:
            unverified += 1
            continue
        if rec.kind is ExperienceKind.TRAINING:
            training.append((rec.start or date.min, rec.months_credit))
            continue
        if rec.start is None or rec.hours_per_week < min_hours:
            continue
        end = on if rec.end is None or rec.end > on else rec.end
        if end < rec.start:
            continue
        rate = min(rec.hours_per_week, full_time_hours) / full_time_hours
        rate_changes[rec.start] = rate_changes.get(rec.start, 0.0) + rate
        stop = end + timedelta(days=1)
        rate_changes[stop] = rate_changes.get(stop, 0.0) - rate
    return _sweep(rate_changes, training, family, on, unverified)


def _sweep(
    rate_changes: dict[date, float],
    training: list[tuple[date, float]],
    family: ExperienceFamily,
    on: date,
    unverified: int,
) -> ExperienceStatus:
    required_days = family.required_months * DAYS_PER_MONTH
    cap_days = family.training_max_months * DAYS_PER_MONTH
    steps: dict[date, float] = {}
    for start, months in training:
        steps[start] = steps.get(start, 0.0) + months * DAYS_PER_MONTH
    points = sorted({*rate_changes, *steps, on + timedelta(days=1)})
    worked = trained = rate = 0.0
    met_on: date | None = None if required_days > _EPS else date.min
    for i, day in enumerate(points):
        if day > on:
            break
        rate += rate_changes.get(day, 0.0)
        trained = min(cap_days, trained + steps.get(day, 0.0))
        following = points[i + 1]
        span = (following - day).days
        per_day = min(rate, 1.0) if rate > _EPS else 0.0
        if met_on is None:
            need = required_days - trained - worked
            if need <= _EPS:
                met_on = day
            elif per_day > 0:
                days_needed = math.ceil(need / per_day - _EPS)
                if days_needed <= span:
                    met_on = day + timedelta(days=days_needed - 1)
        worked += per_day * span
    return ExperienceStatus(
        required_months=family.required_months,
        work_months=worked / DAYS_PER_MONTH,
        training_months=trained / DAYS_PER_MONTH,
        met_on=met_on,
        unverified_records=unverified,
    )
