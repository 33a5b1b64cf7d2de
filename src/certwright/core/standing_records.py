"""The standing engine's records: frozen, slotted dataclasses, the engine's answers.

They live apart from the modules that compute them (``standing``, ``actions`` and
``experience`` re-export them) so that the engine's modules import one another without a cycle
and can be compiled with mypyc (``scripts/build-accel``), while the records stay ordinary Python
dataclasses, as ``fastbuild.builder`` needs. This module is never compiled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from certwright.core.decisions import ActionCode, MasterStatus, TestStatus
from certwright.core.registration import Registration


@dataclass(frozen=True, slots=True)
class Interval:
    """One certification: valid from ``start`` (inclusive) to ``until`` (exclusive)."""

    start: date
    until: date
    passed_on: date
    recert: bool = False
    entry_level: bool = False
    extended: bool = False


@dataclass(frozen=True, slots=True)
class TestStanding:
    test: str
    status: TestStatus
    reasons: tuple[str, ...]
    since: date | None = None
    until: date | None = None
    expired_on: date | None = None
    retake_from: date | None = None
    entry_level: bool = False
    experience_missing_months: float | None = None
    intervals: tuple[Interval, ...] = ()

    @property
    def ever_certified(self) -> bool:
        return any(not i.entry_level for i in self.intervals)


@dataclass(frozen=True, slots=True)
class MasterStanding:
    series: str
    designation: str
    status: MasterStatus
    reasons: tuple[str, ...]
    since: date | None
    until: date | None
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Standing:
    person_id: str
    as_of: date
    policy_version: int
    tests: Mapping[str, TestStanding]
    masters: Mapping[str, MasterStanding]
    registrations: Mapping[str, Registration]
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True, slots=True)
class Action:
    """One suggested step. ``date``: do it before (recertify, keep) or from (retake) that day."""

    code: ActionCode
    text: str
    test: str | None = None
    series: str | None = None
    date: date | None = None
    months: float | None = None
    tests: tuple[str, ...] = ()


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
