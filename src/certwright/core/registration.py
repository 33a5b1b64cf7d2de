"""May a person register for a test? Prerequisites, retake waits and recertification rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from certwright.core.catalog import Catalog, TestSpec
from certwright.core.decisions import Reason, TestStatus
from certwright.core.facts import Outcome, ResultKind, TestResult
from certwright.core.fastbuild import builder
from certwright.core.validity import earliest_retake

if TYPE_CHECKING:
    from certwright.core.standing_records import TestStanding


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


new_registration = builder(Registration)
"""``Registration(...)`` taking every field positionally, without the frozen dataclass's per-field cost."""


class PrerequisitePlan:
    """The registration decision for a test with prerequisites, read off a person's standing.

    Made once per catalog and test. :meth:`decision` gives what :func:`registration_decision`
    gives for the person's next attempt (the tests check that the two agree), read off the day's
    standings instead of all the results again.
    """

    __slots__ = ("_code", "_recert_allowed", "_refused", "_retake_outcomes", "_retake_wait", "_rules")

    def __init__(self, spec: TestSpec, catalog: Catalog) -> None:
        self._code = spec.code
        # per prerequisite: whether it needs a pass (else a current certification), its tests, its label
        self._rules = tuple((r.condition == "passed", r.any_of, r.label()) for r in spec.register_requires)
        rules = catalog.rules
        self._retake_outcomes = frozenset(o for o in Outcome if o.value in rules.retake_applies_to)
        self._retake_wait = earliest_retake(date(2000, 1, 1), rules.retake_wait_full_days) - date(2000, 1, 1)
        self._recert_allowed = Registration(spec.code, ResultKind.RECERTIFICATION, True)
        self._refused: dict[tuple[str, ...], Registration] = {}

    def decision(
        self,
        standing: TestStanding,
        by_test: Mapping[str, Sequence[TestResult]],
        professional: AbstractSet[str],
        on: date,
    ) -> Registration | None:
        """The decision for the next attempt: a recertification, or a first attempt (None when allowed).

        ``standing``: the test's standing on ``on``; ``by_test``: the results on or before ``on`` per
        test, by date; ``professional``: the tests certified (not entry-level) on ``on``.
        """
        if any(not i.entry_level for i in standing.intervals):  # ever certified: a recertification
            kind = ResultKind.RECERTIFICATION
            missing: tuple[str, ...] = ()
        else:
            kind = ResultKind.INITIAL
            missing = self.missing(by_test, professional)
        own = by_test.get(self._code)
        if own:
            last = None
            for r in own:
                if r.outcome in self._retake_outcomes and (last is None or r.date > last):
                    last = r.date
            if last is not None and last + self._retake_wait > on:
                if missing:
                    return new_registration(self._code, kind, False, _MISSING_AND_WAIT, None, missing)
                return new_registration(self._code, kind, False, _WAIT, last + self._retake_wait, missing)
        if kind is ResultKind.RECERTIFICATION:
            return self._recert_allowed
        return self.refused(missing) if missing else None

    def missing(self, by_test: Mapping[str, Sequence[TestResult]], professional: AbstractSet[str]) -> tuple[str, ...]:
        """The labels of the prerequisites not met: passed ever (not entry-level), or certified now."""
        missing: list[str] = []
        for needs_pass, any_of, label in self._rules:
            if needs_pass:
                met = False
                for code in any_of:
                    for r in by_test.get(code, ()):
                        if r.outcome is Outcome.PASS and r.kind is not ResultKind.ENTRY_LEVEL:
                            met = True
                            break
                    if met:
                        break
            else:
                met = not professional.isdisjoint(any_of)
            if not met:
                missing.append(label)
        return tuple(missing)

    def refused(self, missing: tuple[str, ...]) -> Registration:
        """A first attempt refused for the ``missing`` prerequisites: the same for everyone, made once."""
        found = self._refused.get(missing)
        if found is None:
            found = new_registration(self._code, ResultKind.INITIAL, False, _MISSING, None, missing)
            if len(self._refused) < 10_000:
                self._refused[missing] = found
        return found


_MISSING: tuple[str, ...] = (Reason.PREREQUISITE_MISSING,)
_WAIT: tuple[str, ...] = (Reason.RETAKE_WAIT,)
_MISSING_AND_WAIT: tuple[str, ...] = (Reason.PREREQUISITE_MISSING, Reason.RETAKE_WAIT)
