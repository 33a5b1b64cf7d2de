"""The standing engine: what is a person certified in on a given day, and why.

``evaluate_standing(facts, catalog, on)`` reads only facts dated on or before ``on``; the answer
for a day never depends on what happened later. Every decision carries reason codes from
:class:`~certwright.core.decisions.Reason`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from certwright.core.actions import attempted_actions
from certwright.core.catalog import Catalog, MasterRule, RequirementSpec
from certwright.core.decisions import Reason, TestStatus
from certwright.core.facts import Outcome, PersonFacts, ResultKind, TestResult
from certwright.core.fastbuild import builder
from certwright.core.mastery import evaluate_master
from certwright.core.registration import Registration, registration_decision
from certwright.core.standing_records import Action, Interval, MasterStanding, Standing, TestStanding
from certwright.core.standing_scan import IntervalsFrom, evaluate_results, new_registration
from certwright.core.validity import MonthsAfter, earliest_retake

# the records are re-exported: callers import them from here
__all__ = ["Action", "Interval", "MasterStanding", "Standing", "TestStanding", "evaluate_standing", "evaluate_tests"]

R = Reason


@dataclass(slots=True, eq=False)
class _Prepared:
    """What every evaluation with one catalog shares, computed once per catalog.

    ``defaults`` and friends are the answers for people with no results in a test or series;
    the rest are the catalog's rule parameters in the form the evaluation reads fastest.
    """

    catalog: Catalog
    defaults: dict[str, TestStanding]
    master_defaults: dict[str, MasterStanding]
    masters: tuple[tuple[str, MasterRule, frozenset[str]], ...]
    prereq_codes: tuple[str, ...]
    hold_codes: tuple[str, ...]
    prereq_tests: dict[str, frozenset[str]]
    prereq_defaults: dict[str, Registration | None]
    recert_allowed: dict[str, Registration]
    valid_until: MonthsAfter
    initial_interval: IntervalsFrom
    recert_interval: IntervalsFrom
    entry_interval: IntervalsFrom
    shelf_end: MonthsAfter | None
    retake_wait: timedelta
    retake_outcomes: frozenset[Outcome]
    no_show_counts: bool
    recert_needs_previous: bool
    full_time_hours: float
    min_hours: float


_PREPARED: dict[int, _Prepared] = {}


def _prepared(catalog: Catalog) -> _Prepared:
    found = _PREPARED.get(id(catalog))
    if found is not None and found.catalog is catalog:
        return found
    rules = catalog.rules
    defaults = {code: TestStanding(code, TestStatus.NOT_ATTEMPTED, (R.NO_RESULTS,)) for code in catalog.tests}
    prereq_codes = tuple(code for code, t in catalog.tests.items() if t.register_requires)
    nobody: dict[str, Registration | None] = {}
    for code in prereq_codes:  # the decision for a person with no result in the test or its prerequisites
        decision = registration_decision(catalog.tests[code], ResultKind.INITIAL, (), defaults, catalog, date.min)
        nobody[code] = None if decision.allowed else decision
    day = date(2000, 1, 1)
    shelf = rules.passed_result_shelf_life_months
    valid_until = MonthsAfter(rules.validity_months)
    prep = _Prepared(
        catalog,
        defaults,
        {code: evaluate_master(rule, defaults) for code, rule in catalog.masters.items()},
        tuple((code, rule, frozenset(c for g in rule.groups for c in g)) for code, rule in catalog.masters.items()),
        prereq_codes,
        tuple(code for code, t in catalog.tests.items() if t.hold_requires),
        {code: frozenset(c for r in catalog.tests[code].register_requires for c in r.any_of) for code in prereq_codes},
        nobody,
        {code: Registration(code, ResultKind.RECERTIFICATION, True) for code in catalog.tests},
        valid_until,
        IntervalsFrom(valid_until, recert=False, entry_level=False),
        IntervalsFrom(valid_until, recert=True, entry_level=False),
        IntervalsFrom(MonthsAfter(catalog.entry_level.validity_months), recert=False, entry_level=True),
        None if shelf is None else MonthsAfter(shelf),
        earliest_retake(day, rules.retake_wait_full_days) - day,
        frozenset(o for o in Outcome if o.value in rules.retake_applies_to),
        rules.no_show_counts_for_retake,
        rules.recert_requires_previous_certification,
        rules.part_time_full_time_hours,
        rules.min_hours_per_week_counted,
    )
    if len(_PREPARED) >= 64:  # catalogs are few; one reloaded again and again must not pile up
        _PREPARED.clear()
    _PREPARED[id(catalog)] = prep
    return prep


def evaluate_standing(facts: PersonFacts, catalog: Catalog, on: date) -> Standing:
    """Evaluate every test and Master designation of ``catalog`` for ``facts`` on day ``on``."""
    prep = _PREPARED.get(id(catalog))
    if prep is None or prep.catalog is not catalog:
        prep = _prepared(catalog)
    by_test = _results_by_test(facts.results, on)
    registrations: dict[str, Registration] = {}
    professional: set[str] = set()
    expired: set[str] = set()
    evaluated = evaluate_results(facts, by_test, prep, on, registrations, professional, expired)
    tests = prep.defaults.copy()
    tests.update(evaluated)
    if prep.hold_codes:
        _apply_hold_requirements(tests, facts.results, catalog, on, prep.hold_codes)
        professional = {c for c in professional if tests[c].status is TestStatus.CERTIFIED}
    masters = prep.master_defaults.copy()
    for series, rule, involved in prep.masters:
        if not involved.isdisjoint(evaluated):
            masters[series] = evaluate_master(rule, tests, professional=professional, expired=expired)
    for code in prep.prereq_codes:
        if code not in evaluated and prep.prereq_tests[code].isdisjoint(by_test):
            default = prep.prereq_defaults[code]
            if default is not None:
                registrations[code] = default
            continue
        decision = _prerequisite_registration(code, tests, by_test, professional, prep, on)
        if decision is not None:
            registrations[code] = decision
    actions = attempted_actions(tests, masters, catalog, on, evaluated)
    return _new_standing(facts.person_id, on, catalog.policy_version, tests, masters, registrations, tuple(actions))


def evaluate_tests(facts: PersonFacts, catalog: Catalog, on: date) -> dict[str, TestStanding]:
    """Every test's standing on ``on`` (tests without results are ``not_attempted``)."""
    prep = _prepared(catalog)
    tests = prep.defaults.copy()
    tests.update(evaluate_results(facts, _results_by_test(facts.results, on), prep, on, None, None, None))
    if prep.hold_codes:
        _apply_hold_requirements(tests, facts.results, catalog, on, prep.hold_codes)
    return tests


_DATE = attrgetter("date")


def _results_by_test(results: Sequence[TestResult], on: date) -> dict[str, list[TestResult]]:
    """Results dated on or before ``on`` per test (tests in order of first result), by date.

    Results of one test on the same day stay in their given order; the rules read them with the
    passes first (see :func:`certwright.core.standing_scan.evaluate_results`).
    """
    by_test: dict[str, list[TestResult]] = {}
    get = by_test.get
    for result in results:
        if result.date <= on:
            found = get(result.test)
            if found is None:
                by_test[result.test] = [result]
            else:
                found.append(result)
    for found in by_test.values():
        if len(found) > 1:
            if len(found) == 2:
                if found[0].date > found[1].date:
                    found.reverse()
            else:
                found.sort(key=_DATE)
    return by_test


def _prerequisite_registration(
    code: str,
    tests: Mapping[str, TestStanding],
    by_test: Mapping[str, list[TestResult]],
    professional: AbstractSet[str],
    prep: _Prepared,
    on: date,
) -> Registration | None:
    """``registration_decision`` for the next attempt at ``code``, when the standing shows it.

    The decision for a recertification, or for a first attempt that is refused (None for an allowed
    first attempt). The same rules as :func:`~certwright.core.registration.registration_decision`,
    read off the day's standings (``professional``: the tests certified professionally) and results
    per test; the tests check that the two agree.
    """
    reasons: list[str] = []
    missing: list[str] = []
    intervals = tests[code].intervals
    if intervals and any(not i.entry_level for i in intervals):  # ever certified: a recertification
        kind = ResultKind.RECERTIFICATION
    else:
        kind = ResultKind.INITIAL
        for req in prep.catalog.tests[code].register_requires:
            if req.condition == "passed":
                met = any(
                    r.outcome is Outcome.PASS and r.kind is not ResultKind.ENTRY_LEVEL
                    for c in req.any_of
                    if c in by_test
                    for r in by_test[c]
                )
            else:
                met = not professional.isdisjoint(req.any_of)
            if not met:
                missing.append(req.label())
        if missing:
            reasons.append(R.PREREQUISITE_MISSING)
    allowed_from = None
    own = by_test.get(code)
    if own:
        last = None
        for r in own:
            if r.outcome in prep.retake_outcomes and (last is None or r.date > last):
                last = r.date
        if last is not None and last + prep.retake_wait > on:
            reasons.append(R.RETAKE_WAIT)
            allowed_from = last + prep.retake_wait if len(reasons) == 1 else None
    if not reasons:
        return None if kind is ResultKind.INITIAL else prep.recert_allowed[code]
    return new_registration(code, kind, False, tuple(reasons), allowed_from, tuple(missing))


def _apply_hold_requirements(
    tests: dict[str, TestStanding], results: Sequence[TestResult], catalog: Catalog, on: date, codes: Sequence[str]
) -> None:
    """A certification whose 'to hold' prerequisites are not met waits for them."""
    for code in codes:
        standing = tests[code]
        spec = catalog.tests[code]
        held = standing.status is TestStatus.CERTIFIED
        if held and spec.hold_requires and _unmet(spec.hold_requires, results, tests, on):
            tests[code] = TestStanding(
                code,
                TestStatus.AWAITING_PREREQUISITE,
                (*standing.reasons, R.PREREQUISITE_NOT_HELD),
                intervals=standing.intervals,
            )


def _unmet(
    reqs: Sequence[RequirementSpec], results: Sequence[TestResult], tests: Mapping[str, TestStanding], on: date
) -> tuple[str, ...]:
    unmet: list[str] = []
    for req in reqs:
        if req.condition == "passed":
            ok = any(r.test in req.any_of and r.outcome is Outcome.PASS and r.date <= on for r in results)
        else:
            ok = any(
                (s := tests.get(code)) is not None and s.status is TestStatus.CERTIFIED and not s.entry_level
                for code in req.any_of
            )
        if not ok:
            unmet.append(req.label())
    return tuple(unmet)


_new_standing = builder(Standing)
