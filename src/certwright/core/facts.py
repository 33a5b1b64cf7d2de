"""A person's facts, as the standing engine reads them: results, experience, renewal credits.

Facts are plain frozen records. Where they come from (the database, a JSON file) is not this
module's concern; see :mod:`certwright.core.standing_io` for the JSON form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - an outcome
    FAIL = "fail"
    NO_SHOW = "no_show"


class ResultKind(StrEnum):
    INITIAL = "initial"
    RECERTIFICATION = "recertification"
    ENTRY_LEVEL = "entry_level"


class ExperienceKind(StrEnum):
    WORK = "work"
    TRAINING = "training"


@dataclass(frozen=True, slots=True)
class TestResult:
    test: str
    date: date
    outcome: Outcome
    kind: ResultKind = ResultKind.INITIAL


@dataclass(frozen=True, slots=True)
class Experience:
    """A period of work (start..end, ``end`` None = ongoing) or a training credit in months.

    ``families`` limits the record to experience families (empty: counts for every family).
    A training record counts from ``start`` when given, otherwise from the beginning.
    """

    kind: ExperienceKind
    verified: bool
    start: date | None = None
    end: date | None = None
    hours_per_week: float = 40.0
    months_credit: float = 0.0
    description: str = ""
    families: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RenewalCredit:
    test: str
    date: date
    correct: bool


@dataclass(frozen=True, slots=True)
class Revocation:
    """Staff revoked the certification in ``test``: passes on or before ``date`` no longer count."""

    test: str
    date: date
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PersonFacts:
    person_id: str
    name: str
    results: tuple[TestResult, ...] = ()
    experience: tuple[Experience, ...] = ()
    renewal_credits: tuple[RenewalCredit, ...] = ()
    revocations: tuple[Revocation, ...] = ()
