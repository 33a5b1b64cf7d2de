"""May a person register for a test? Prerequisites, retake waits and recertification rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from certwright.core.catalog import Catalog, TestSpec
from certwright.core.decisions import Reason, TestStatus
from certwright.core.facts import Outcome, ResultKind, TestResult
from certwright.core.validity import earliest_retake


@dataclass(frozen=True, slots=True)
class Registration:
    """The decision for one test and kind of attempt on one day.

    ``allowed_from`` is the first day the attempt is allowed when only a wait stands in the way.
    ``missing`` names the prerequisite tests (``A8``, or ``A9|H2|S2|T2`` for any one of them).
    """

    test: str
    kind: ResultKind
    allowed: bool
    reasons: tuple[str, ...] = ()
    allowed_from: date | None = None
    missing: tuple[str, ...] = ()


def registration_decision(
    spec: TestSpec,
    kind: ResultKind,
    results: Sequence[TestResult],
    standings: Mapping[str, object],
    catalog: Catalog,
    on: date,
    *,
    own: Sequence[TestResult] | None = None,
) -> Registration:
    """Decide whether an attempt of ``kind`` at ``spec`` may be bought or booked on ``on``.

    ``results`` are all the person's results; ``standings`` maps test codes to
    :class:`~certwright.core.standing.TestStanding` on the same day.
    """
    rules = catalog.rules
    reasons: list[str] = []
    missing: list[str] = []
    if own is None:
        own = [r for r in results if r.test == spec.code and r.date <= on]
    if kind is ResultKind.RECERTIFICATION:
        standing = standings.get(spec.code)
        if rules.recert_requires_previous_certification and not getattr(standing, "ever_certified", False):
            reasons.append(Reason.RECERT_NEEDS_PREVIOUS_CERTIFICATION)
    elif kind is ResultKind.INITIAL:
        for req in spec.register_requires:
            if not _requirement_met(req.any_of, req.condition, results, standings, on):
                missing.append(req.label())
        if missing:
            reasons.append(Reason.PREREQUISITE_MISSING)
    allowed_from = None
    last = max((r.date for r in own if r.outcome.value in rules.retake_applies_to), default=None)
    if last is not None:
        wait_until = earliest_retake(last, rules.retake_wait_full_days)
        if wait_until > on:
            reasons.append(Reason.RETAKE_WAIT)
            allowed_from = wait_until
    if reasons != [Reason.RETAKE_WAIT]:
        allowed_from = None
    return Registration(spec.code, kind, not reasons, tuple(reasons), allowed_from, tuple(missing))


def _requirement_met(
    any_of: Sequence[str],
    condition: str,
    results: Sequence[TestResult],
    standings: Mapping[str, object],
    on: date,
) -> bool:
    if condition == "passed":
        return any(
            r.test in any_of and r.outcome is Outcome.PASS and r.date <= on and r.kind is not ResultKind.ENTRY_LEVEL
            for r in results
        )
    return any(
        getattr(standings.get(code), "status", None) is TestStatus.CERTIFIED
        and not getattr(standings.get(code), "entry_level", False)
        for code in any_of
    )
