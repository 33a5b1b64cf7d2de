"""Blue Seal-style recognition of a shop location and role requirements of a job role.

Pure: the callers pass each technician's current certifications as ``test -> valid until``
(exclusive, as :class:`certwright.core.standing.Interval` has it) and the day to decide for.
Nothing is read from the clock; "if nothing changes" means no new certifications and no renewals,
so certifications only run out and the decision on a later day is computed from the same input.

A location qualifies on a day when
- at least ``min_certified_share`` of its technicians who diagnose and repair hold a current
  certification in a test of any area of service (the share is rounded up to whole technicians:
  75 % of 5 technicians needs 4), and there is at least one such technician; and
- when ``every_service_area_covered``: every area of service the location offers has at least one
  technician (any technician at the location) certified in one of the area's tests.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from fractions import Fraction

from certwright.core.catalog_schema import BlueSeal


class RecognitionReason(StrEnum):
    ELIGIBLE = "eligible"
    NO_TECHNICIANS = "no_technicians"
    TOO_FEW_CERTIFIED = "too_few_certified"
    AREA_NOT_COVERED = "area_not_covered"
    UNKNOWN_AREA = "unknown_area"
    NO_LOCATIONS = "no_locations"


class RoleReason(StrEnum):
    MEETS = "meets"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class RecognitionRule:
    min_certified_share: float
    every_service_area_covered: bool
    service_areas: Mapping[str, tuple[str, ...]]

    @property
    def counted_tests(self) -> frozenset[str]:
        return frozenset(t for tests in self.service_areas.values() for t in tests)


@dataclass(frozen=True, slots=True)
class Technician:
    key: str
    name: str
    diagnoses_and_repairs: bool
    certifications: Mapping[str, date]  # test -> valid until (exclusive)

    def holds(self, test: str, on: date) -> bool:
        until = self.certifications.get(test)
        return until is not None and until > on


@dataclass(frozen=True, slots=True)
class LocationFacts:
    key: str
    name: str
    areas: tuple[str, ...]
    technicians: tuple[Technician, ...]


@dataclass(frozen=True, slots=True)
class Shortfall:
    reason: RecognitionReason
    message: str
    area: str = ""
    tests: tuple[str, ...] = ()
    count: int = 0


@dataclass(frozen=True, slots=True)
class LocationDecision:
    location: str
    name: str
    on: date
    eligible: bool
    reasons: tuple[RecognitionReason, ...]
    shortfalls: tuple[Shortfall, ...]
    technicians: int
    certified: int
    required: int
    covered: Mapping[str, int]  # area -> number of certified technicians
    loses_on: date | None = None
    loses_because: tuple[Shortfall, ...] = ()

    @property
    def summary(self) -> str:
        if self.eligible:
            if self.loses_on is None:
                return f"{self.name} qualifies."
            return f"{self.name} qualifies until {self.loses_on.isoformat()} if nothing changes."
        return f"{self.name} does not qualify: " + "; ".join(s.message for s in self.shortfalls) + "."


@dataclass(frozen=True, slots=True)
class RecognitionDecision:
    on: date
    eligible: bool
    locations: tuple[LocationDecision, ...]
    loses_on: date | None
    reasons: tuple[RecognitionReason, ...]


def area_label(area: str) -> str:
    return area.replace("_", " ").capitalize()


def required_count(share: float, technicians: int) -> int:
    """Whole technicians needed for ``share`` of ``technicians`` (rounded up; exact for decimals)."""
    return math.ceil(Fraction(str(share)) * technicians)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def location_decision(location: LocationFacts, rule: RecognitionRule, on: date) -> LocationDecision:
    """The decision for one location on ``on`` (without the loss date; see :func:`evaluate_location`)."""
    counted = rule.counted_tests
    doers = [t for t in location.technicians if t.diagnoses_and_repairs]
    certified = sum(1 for t in doers if any(t.holds(code, on) for code in counted))
    required = max(1, required_count(rule.min_certified_share, len(doers)))
    shortfalls: list[Shortfall] = []
    where = f"at the {location.name} location"
    if not doers:
        shortfalls.append(
            Shortfall(RecognitionReason.NO_TECHNICIANS, f"no technicians who diagnose and repair are listed {where}")
        )
    elif certified < required:
        more = required - certified
        pct = f"{float(Fraction(str(rule.min_certified_share)) * 100):g}"
        shortfalls.append(
            Shortfall(
                RecognitionReason.TOO_FEW_CERTIFIED,
                f"certify {'one' if more == 1 else more} more {'technician' if more == 1 else 'technicians'} {where} "
                f"({certified} of {len(doers)} certified; {pct} % needs {required})",
                count=more,
            )
        )
    covered: dict[str, int] = {}
    for area in location.areas:
        tests = rule.service_areas.get(area)
        if tests is None:
            shortfalls.append(
                Shortfall(RecognitionReason.UNKNOWN_AREA, f"{area!r} is not an area of service in the catalog", area)
            )
            continue
        n = sum(1 for t in location.technicians if any(t.holds(code, on) for code in tests))
        covered[area] = n
        if n == 0 and rule.every_service_area_covered:
            shortfalls.append(
                Shortfall(
                    RecognitionReason.AREA_NOT_COVERED,
                    f"no one is certified in {' or '.join(tests)} ({area_label(area).lower()}) {where}",
                    area,
                    tests,
                )
            )
    reasons = tuple(dict.fromkeys(s.reason for s in shortfalls)) or (RecognitionReason.ELIGIBLE,)
    return LocationDecision(
        location.key,
        location.name,
        on,
        not shortfalls,
        reasons,
        tuple(shortfalls),
        len(doers),
        certified,
        required,
        covered,
    )


def _change_days(technicians: Iterable[Technician], on: date) -> list[date]:
    return sorted({until for t in technicians for until in t.certifications.values() if until > on})


def evaluate_location(location: LocationFacts, rule: RecognitionRule, on: date) -> LocationDecision:
    """The decision on ``on``; when eligible, also the first day it would stop being eligible if
    nothing changes (the earliest expiry that breaks a condition) and which conditions break."""
    decision = location_decision(location, rule, on)
    if not decision.eligible:
        return decision
    for day in _change_days(location.technicians, on):
        later = location_decision(location, rule, day)
        if not later.eligible:
            return replace(decision, loses_on=day, loses_because=later.shortfalls)
    return decision


def evaluate_recognition(locations: Sequence[LocationFacts], rule: RecognitionRule, on: date) -> RecognitionDecision:
    """An organisation qualifies when every one of its locations does (and it has at least one);
    it loses eligibility on the earliest day any location does."""
    decisions = tuple(evaluate_location(loc, rule, on) for loc in locations)
    if not decisions:
        return RecognitionDecision(on, False, (), None, (RecognitionReason.NO_LOCATIONS,))
    eligible = all(d.eligible for d in decisions)
    losses = [d.loses_on for d in decisions if d.loses_on is not None]
    reasons = tuple(dict.fromkeys(r for d in decisions for r in d.reasons if r is not RecognitionReason.ELIGIBLE))
    return RecognitionDecision(
        on, eligible, decisions, min(losses) if eligible and losses else None, reasons or (RecognitionReason.ELIGIBLE,)
    )


@dataclass(frozen=True, slots=True)
class RoleCheck:
    meets: bool
    reason: RoleReason
    missing: tuple[str, ...]
    stops_on: date | None  # first day a required certification is no longer held (when it meets)

    @property
    def message(self) -> str:
        if not self.meets:
            return "missing " + ", ".join(self.missing)
        if self.stops_on is None:
            return "meets the requirement"
        return f"meets the requirement until {self.stops_on.isoformat()}"


def role_check(required: Iterable[str], certifications: Mapping[str, date], on: date) -> RoleCheck:
    """Whether someone holding ``certifications`` (test -> valid until, exclusive) meets a role
    that requires every test of ``required`` on ``on``, and the day they stop meeting it."""
    needed = tuple(dict.fromkeys(required))
    missing = tuple(t for t in needed if not (certifications.get(t) is not None and certifications[t] > on))
    if missing:
        return RoleCheck(False, RoleReason.MISSING, missing, None)
    stops = min((certifications[t] for t in needed), default=None)
    return RoleCheck(True, RoleReason.MEETS, (), stops)


def rule_from_catalog(blue_seal: BlueSeal) -> RecognitionRule:
    """The rule as the catalog's ``recognition.blue_seal`` section configures it."""
    return RecognitionRule(
        blue_seal.min_certified_share,
        blue_seal.every_service_area_covered,
        {area: tuple(tests) for area, tests in blue_seal.service_areas.items()},
    )
