"""The standing engine: what is a person certified in on a given day, and why.

``evaluate_standing(facts, catalog, on)`` reads only facts dated on or before ``on``; the answer
for a day never depends on what happened later. Every decision carries reason codes from
:class:`~certwright.core.decisions.Reason`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import filterfalse
from operator import attrgetter

from certwright.core.actions import SeriesInfo, master_action, series_info, soonest
from certwright.core.catalog import Catalog, MasterRule, RequirementSpec
from certwright.core.decisions import MasterStatus, Reason, TestStatus
from certwright.core.facts import Outcome, PersonFacts, ResultKind, TestResult
from certwright.core.fastbuild import builder
from certwright.core.mastery import evaluate_master, evaluate_single_master
from certwright.core.registration import PrerequisitePlan, Registration, registration_decision
from certwright.core.standing_records import Action, Interval, MasterStanding, Standing, TestStanding
from certwright.core.standing_scan import evaluate_results, new_interval
from certwright.core.validity import MonthsAfter, earliest_retake

# the records are re-exported: callers import them from here
__all__ = ["Action", "Interval", "MasterStanding", "Standing", "TestStanding", "evaluate_standing", "evaluate_tests"]

R = Reason


class IntervalsFrom(dict[date, Interval]):
    """The certification a pass on a day gives when it starts that day, made once per day.

    ``IntervalsFrom(valid_until, recert=..., entry_level=...)[passed]`` is
    ``Interval(passed, valid_until[passed], passed, recert, entry_level, False)``; the record is
    immutable, so everyone who passed that day shares it. The memory starts over past 100,000 days.
    """

    __slots__ = ("entry_level", "recert", "valid_until")

    def __init__(self, valid_until: MonthsAfter, *, recert: bool, entry_level: bool) -> None:
        super().__init__()
        self.valid_until = valid_until
        self.recert = recert
        self.entry_level = entry_level

    def __missing__(self, passed: date) -> Interval:
        if len(self) >= 100_000:
            self.clear()
        interval = self[passed] = new_interval(
            passed, self.valid_until[passed], passed, self.recert, self.entry_level, False
        )
        return interval


@dataclass(slots=True, eq=False)
class _Prepared:
    """What every evaluation with one catalog shares, computed once per catalog.

    ``defaults`` and friends are the answers for people with no results in a test or series;
    the rest are the catalog's rule parameters in the form the evaluation reads fastest.
    """

    catalog: Catalog
    defaults: dict[str, TestStanding]
    master_defaults: dict[str, MasterStanding]
    # per Master series: code, rule, its tests (a set), its tests in order when each group is one
    # test (else None), the same when a "not Master" answer and its step depend only on the missing
    # tests and on whether one expired (else None), whether the answer without results is Master,
    # and its next-action facts
    masters: tuple[
        tuple[str, MasterRule, frozenset[str], tuple[str, ...] | None, tuple[str, ...] | None, bool, SeriesInfo], ...
    ]
    not_master: dict[tuple[str, tuple[str, ...], bool], tuple[MasterStanding, Action | None]]
    # per test with registration prerequisites: its code, the tests the prerequisites name, the
    # decision for a person with no result in any of them (None: allowed), and its plan
    prerequisites: tuple[tuple[str, frozenset[str], Registration | None, PrerequisitePlan], ...]
    hold_codes: tuple[str, ...]
    family_of: dict[str, str]  # per test, its experience family
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
    renewal_credits: int  # the fewest correct credits that can earn an extension (sys.maxsize: none can)
    window: timedelta  # the recertification offer window
    days: dict[date, tuple[date | None, date | None]]

    def day(self, on: date) -> tuple[date | None, date | None]:
        """For day ``on``: the last result day whose retake wait is over, and the last certification
        end offered a recertification (each None when it would fall outside the days there are)."""
        found = self.days.get(on)
        if found is None:
            try:
                cutoff: date | None = on - self.retake_wait
            except OverflowError:  # ``on`` is within one wait of the first day there is: every wait still runs
                cutoff = None
            try:
                offer_by: date | None = on + self.window
            except OverflowError:
                offer_by = None
            if len(self.days) >= 1_000:
                self.days.clear()
            found = self.days[on] = (cutoff, offer_by)
        return found


_PREPARED: dict[int, _Prepared] = {}


def _prepared(catalog: Catalog) -> _Prepared:
    found = _PREPARED.get(id(catalog))
    if found is not None and found.catalog is catalog:
        return found
    rules = catalog.rules
    defaults = {code: TestStanding(code, TestStatus.NOT_ATTEMPTED, (R.NO_RESULTS,)) for code in catalog.tests}
    prerequisites = []
    for code, spec in catalog.tests.items():
        if spec.register_requires:
            nobody = registration_decision(spec, ResultKind.INITIAL, (), defaults, catalog, date.min)
            named = frozenset(c for r in spec.register_requires for c in r.any_of)
            prerequisites.append((code, named, None if nobody.allowed else nobody, PrerequisitePlan(spec, catalog)))
    day = date(2000, 1, 1)
    shelf = rules.passed_result_shelf_life_months
    valid_until = MonthsAfter(rules.validity_months)
    window, series = series_info(catalog)
    master_defaults = {code: evaluate_master(rule, defaults) for code, rule in catalog.masters.items()}
    singles = {  # a rule's tests in order when each of its groups is one test
        code: tuple(g[0] for g in rule.groups) if all(len(g) == 1 for g in rule.groups) else None
        for code, rule in catalog.masters.items()
    }
    prep = _Prepared(
        catalog,
        defaults,
        master_defaults,
        tuple(
            (
                code,
                rule,
                frozenset(c for g in rule.groups for c in g if c in catalog.tests),  # the ones evaluated
                singles[code],
                singles[code] if rule.lapses_when_required_expires and series[code][2] else None,
                master_defaults[code].status is MasterStatus.MASTER,
                series[code],
            )
            for code, rule in catalog.masters.items()
        ),
        {},
        tuple(prerequisites),
        tuple(code for code, t in catalog.tests.items() if t.hold_requires),
        {code: t.family for code, t in catalog.tests.items()},
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
        _fewest_credits(catalog.renewal.credit_per_correct_answer, catalog.renewal.credits_per_extension),
        window,
        {},
    )
    if len(_PREPARED) >= 64:  # catalogs are few; one reloaded again and again must not pile up
        _PREPARED.clear()
    _PREPARED[id(catalog)] = prep
    return prep


def _fewest_credits(per_answer: int, per_extension: int) -> int:
    """The fewest correct renewal answers in one subscription year that reach ``per_extension``.

    Each answer adds ``per_answer`` to the year's count; ``sys.maxsize`` when no number of answers does.
    """
    if per_answer >= per_extension:
        return 1
    if per_answer <= 0:
        return sys.maxsize
    return -(-per_extension // per_answer)


def evaluate_standing(facts: PersonFacts, catalog: Catalog, on: date) -> Standing:
    """Evaluate every test and Master designation of ``catalog`` for ``facts`` on day ``on``."""
    prep = _PREPARED.get(id(catalog))
    if prep is None or prep.catalog is not catalog:
        prep = _prepared(catalog)
    by_test = _results_by_test(facts.results, on)
    registrations: dict[str, Registration] = {}
    professional: set[str] = set()
    expired: set[str] = set()
    actions: list[Action] = []
    tests = prep.defaults.copy()
    evaluate_results(
        facts,
        by_test,
        prep,
        on,
        tests,
        registrations=registrations,
        professional=professional,
        expired=expired,
        actions=actions,
    )
    if prep.hold_codes:
        # the tests' next actions stay those of the standings before this (as they always were)
        _apply_hold_requirements(tests, facts.results, catalog, on, prep.hold_codes)
        professional = {c for c in professional if tests[c].status is TestStatus.CERTIFIED}
    masters = _masters(prep, tests, by_test, professional, expired, on, actions)
    for code, named, nobody, plan in prep.prerequisites:
        if code in by_test:
            decision = plan.decision(tests[code], by_test, professional, on)
            if decision is not None:
                registrations[code] = decision
        elif named.isdisjoint(by_test):  # no result in the test or the tests its prerequisites name
            if nobody is not None:
                registrations[code] = nobody
        else:  # a first attempt: refused while a prerequisite is missing
            missing = plan.missing(by_test, professional)
            if missing:
                registrations[code] = plan.refused(missing)
    if len(actions) > 1:
        actions.sort(key=soonest)
    return _new_standing(facts.person_id, on, catalog.policy_version, tests, masters, registrations, tuple(actions))


def _masters(
    prep: _Prepared,
    tests: Mapping[str, TestStanding],
    by_test: Mapping[str, list[TestResult]],
    professional: AbstractSet[str],
    expired: AbstractSet[str],
    on: date,
    actions: list[Action],
) -> dict[str, MasterStanding]:
    """Every Master series' standing; the series' next actions go to ``actions``.

    A series gets a step when it is Master or one of its tests counts (a result or a certification).
    Its tests without results (not in ``by_test``) have the standing of a person without results.
    """
    masters = prep.master_defaults.copy()
    for series, rule, involved, singles, shared, master_by_default, info in prep.masters:
        if involved.isdisjoint(by_test):  # the answer without results (no step unless it is Master)
            if master_by_default:
                actions.extend(_steps(master_action(series, masters[series], tests, on, prep.window, info)))
            continue
        if shared is not None:
            missing = tuple(filterfalse(professional.__contains__, shared))
            if missing:  # not Master: the answer and its step depend only on what is missing
                lapsed = not expired.isdisjoint(shared)
                key = (series, missing, lapsed)
                found = prep.not_master.get(key)
                if found is None:
                    master = evaluate_single_master(rule, shared, tests, professional, expired)
                    found = (master, master_action(series, master, tests, on, prep.window, info))
                    if len(prep.not_master) < 10_000:
                        prep.not_master[key] = found
                masters[series] = found[0]
                # a step when a test counts: one certified or expired does; else look at the others
                step = found[1]
                if step is not None and (lapsed or len(missing) < len(shared) or _counts(involved, by_test, tests)):
                    actions.append(step)
                continue
        if singles is None:
            master = evaluate_master(rule, tests, professional=professional, expired=expired)
        else:
            master = evaluate_single_master(rule, singles, tests, professional, expired)
        masters[series] = master
        if master.status is MasterStatus.MASTER or _counts(involved, by_test, tests):
            actions.extend(_steps(master_action(series, master, tests, on, prep.window, info)))
    return masters


def _steps(action: Action | None) -> tuple[Action, ...]:
    return () if action is None else (action,)


def _counts(involved: frozenset[str], by_test: Mapping[str, object], tests: Mapping[str, TestStanding]) -> bool:
    """Whether a test of ``involved`` with results has a certification or a status other than not attempted."""
    for code in involved.intersection(by_test):
        found = tests[code]
        if found.intervals or found.status is not TestStatus.NOT_ATTEMPTED:
            return True
    return False


def evaluate_tests(facts: PersonFacts, catalog: Catalog, on: date) -> dict[str, TestStanding]:
    """Every test's standing on ``on`` (tests without results are ``not_attempted``)."""
    prep = _prepared(catalog)
    tests = prep.defaults.copy()
    by_test = _results_by_test(facts.results, on)
    evaluate_results(facts, by_test, prep, on, tests, registrations={}, professional=set(), expired=set(), actions=[])
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
