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

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from math import ceil

from certwright.core.catalog_schema import ExperienceFamily
from certwright.core.facts import Experience, ExperienceKind
from certwright.core.fastbuild import builder
from certwright.core.standing_records import ExperienceStatus
from certwright.core.validity import DAYS_PER_MONTH

__all__ = ["ExperienceReader", "ExperienceStatus", "evaluate_experience"]  # ExperienceStatus is re-exported

_EPS = 1e-9
_DAY = timedelta(days=1)


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
    rate_changes, training, unverified = _collect(records, family_name, on, full_time_hours, min_hours)
    return _status(rate_changes, training, family, on, unverified)


class ExperienceReader:
    """One person's records on one day, per family: what :func:`evaluate_experience` answers.

    ``status(name)`` equals ``evaluate_experience(records, name, families[name], on, ...)`` and
    ``met_on(name)`` its ``met_on``, found without counting past the day the requirement was met.
    The records are read once; when none is limited to families, the answer depends on a family
    only through its required and training months, so families that share those share it.
    """

    __slots__ = ("_families", "_full_time_hours", "_met", "_min_hours", "_on", "_read", "_records", "_restricted")

    def __init__(
        self,
        records: Sequence[Experience],
        families: Mapping[str, ExperienceFamily],
        on: date,
        full_time_hours: float,
        min_hours: float,
    ) -> None:
        self._records = records
        self._families = families
        self._on = on
        self._full_time_hours = full_time_hours
        self._min_hours = min_hours
        self._restricted: bool | None = None
        self._read: tuple[dict[date, float], list[tuple[date, float]], int] | None = None
        self._met: dict[object, date | None] = {}

    def status(self, family_name: str) -> ExperienceStatus:
        family = self._families[family_name]
        rate_changes, training, unverified = self._records_for(family_name)
        return _status(rate_changes, training, family, self._on, unverified)

    def met_on(self, family_name: str) -> date | None:
        family = self._families[family_name]
        restricted = self._restricted
        if restricted is None:
            restricted = self._restricted = _restricted(self._records)
        key: object = family_name if restricted else (family.required_months, family.training_max_months)
        met = self._met.get(key, _UNKNOWN)
        if met is _UNKNOWN:
            rate_changes, training, _ = self._records_for(family_name)
            met = self._met[key] = _met_day(rate_changes, training, family, self._on)
        return met

    def _records_for(self, family_name: str) -> tuple[dict[date, float], list[tuple[date, float]], int]:
        restricted = self._restricted
        if restricted is None:
            restricted = self._restricted = _restricted(self._records)
        if restricted:
            return _collect(self._records, family_name, self._on, self._full_time_hours, self._min_hours)
        read = self._read
        if read is None:
            read = self._read = _collect(self._records, family_name, self._on, self._full_time_hours, self._min_hours)
        return read


# never a met day: _met_day finds days up to ``on``, and fails for ``on`` = date.max (it needs the day after)
_UNKNOWN: date | None = date.max


def _restricted(records: Iterable[Experience]) -> bool:
    """Whether any record is limited to families."""
    return any(rec.families for rec in records)


def _collect(
    records: Iterable[Experience], family_name: str, on: date, full_time_hours: float, min_hours: float
) -> tuple[dict[date, float], list[tuple[date, float]], int]:
    """Work as rate changes by day, training as (from, months), and the unverified records' count."""
    rate_changes: dict[date, float] = {}
    training: list[tuple[date, float]] = []
    unverified = 0
    training_kind = ExperienceKind.TRAINING
    for rec in records:
        if rec.families and family_name not in rec.families:
            continue
        start = rec.start
        if start is not None and start > on:
            continue
        if not rec.verified:
            unverified += 1
            continue
        if rec.kind is training_kind:
            training.append((start or date.min, rec.months_credit))
            continue
        hours = rec.hours_per_week
        if start is None or hours < min_hours:
            continue
        end = rec.end
        if end is None or end > on:
            end = on
        if end < start:
            continue
        rate = (hours if hours <= full_time_hours else full_time_hours) / full_time_hours  # min(), the first if equal
        rate_changes[start] = rate_changes.get(start, 0.0) + rate
        stop = end + _DAY
        rate_changes[stop] = rate_changes.get(stop, 0.0) - rate
    return rate_changes, training, unverified


def _status(
    rate_changes: dict[date, float],
    training: list[tuple[date, float]],
    family: ExperienceFamily,
    on: date,
    unverified: int,
) -> ExperienceStatus:
    met_on, worked, trained = _sweep(rate_changes, training, family, on, until_met=False)
    return _new_status(family.required_months, worked / DAYS_PER_MONTH, trained / DAYS_PER_MONTH, met_on, unverified)


def _sweep(
    rate_changes: dict[date, float],
    training: list[tuple[date, float]],
    family: ExperienceFamily,
    on: date,
    *,
    until_met: bool,
) -> tuple[date | None, float, float]:
    """The day the requirement was met, and the days worked and trained counted up to ``on``.

    With ``until_met`` the count stops once the requirement is met (only the day is wanted).
    """
    required_days = family.required_months * DAYS_PER_MONTH
    cap_days = family.training_max_months * DAYS_PER_MONTH
    steps: dict[date, float] = {}
    for start, months in training:
        steps[start] = steps.get(start, 0.0) + months * DAYS_PER_MONTH
    points = sorted({*rate_changes, *steps, on + _DAY})
    worked = trained = rate = 0.0
    met_on: date | None = None if required_days > _EPS else date.min
    if met_on is not None and until_met:
        return met_on, worked, trained
    for i, day in enumerate(points):
        if day > on:
            break
        rate += rate_changes.get(day, 0.0)
        if steps:  # without training the credit stays 0
            trained = min(cap_days, trained + steps.get(day, 0.0))
        following = points[i + 1]
        span = (following - day).days
        per_day = (1.0 if rate > 1.0 else rate) if rate > _EPS else 0.0  # min(rate, 1.0)
        if met_on is None:
            need = required_days - trained - worked
            if need <= _EPS:
                met_on = day
            elif per_day > 0:
                days_needed = ceil(need / per_day - _EPS)
                if days_needed <= span:
                    met_on = day + timedelta(days=days_needed - 1)
            if met_on is not None and until_met:
                break
        worked += per_day * span
    return met_on, worked, trained


def _met_day(
    rate_changes: dict[date, float], training: list[tuple[date, float]], family: ExperienceFamily, on: date
) -> date | None:
    """``_sweep(..., until_met=True)``'s day, found the same way with less bookkeeping.

    Every rate change and training step is on or before the day after ``on`` (records starting
    later are left out, work ends by ``on``), so the points run in order up to that day.
    """
    required_days = family.required_months * DAYS_PER_MONTH
    after = on + _DAY
    steps: dict[date, float] = {}
    if training:
        cap_days = family.training_max_months * DAYS_PER_MONTH
        for start, months in training:
            steps[start] = steps.get(start, 0.0) + months * DAYS_PER_MONTH
        points = sorted({*rate_changes, *steps, after})
    else:
        cap_days = 0.0
        points = sorted(rate_changes)  # the keys are distinct, and none is after ``after``
        if not points or points[-1] != after:
            points.append(after)
    if not required_days > _EPS:
        return date.min
    worked = trained = rate = 0.0
    day = points[0]
    get = rate_changes.get
    for following in points[1:]:
        rate += get(day, 0.0)
        if steps:  # without training the credit stays 0
            trained = min(cap_days, trained + steps.get(day, 0.0))
        need = required_days - trained - worked
        if need <= _EPS:
            return day
        per_day = (1.0 if rate > 1.0 else rate) if rate > _EPS else 0.0  # min(rate, 1.0)
        span = (following - day).days
        if per_day > 0:
            days_needed = ceil(need / per_day - _EPS)
            if days_needed <= span:  # the day is on or before ``on``
                return date.fromordinal(day.toordinal() + days_needed - 1)
        worked += per_day * span
        day = following
    return None


_new_status = builder(ExperienceStatus)
