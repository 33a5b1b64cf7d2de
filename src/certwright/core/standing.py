"""The standing engine: what is a person certified in on a given day, and why.

``evaluate_standing(facts, catalog, on)`` reads only facts dated on or before ``on``; the answer
for a day never depends on what happened later. Every decision carries reason codes from
:class:`~certwright.core.decisions.Reason`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from certwright.core.catalog import Catalog, RequirementSpec, TestSpec
from certwright.core.decisions import MasterStatus, Reason, TestStatus
from certwright.core.experience import ExperienceStatus, evaluate_experience
from certwright.core.facts import Outcome, PersonFacts, RenewalCredit, ResultKind, TestResult
from certwright.core.registration import Registration, registration_decision
from certwright.core.validity import add_months, earliest_retake

R = Reason


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
class _Prepared:
    """Per-catalog answers for people with no results in a test or series (computed once)."""

    catalog: Catalog
    defaults: dict[str, TestStanding]
    master_defaults: dict[str, MasterStanding]
    master_tests: dict[str, frozenset[str]]
    prereq_codes: tuple[str, ...]
    hold_codes: tuple[str, ...]
    prereq_tests: dict[str, frozenset[str]]
    prereq_defaults: dict[str, Registration | None]


_PREPARED: dict[int, _Prepared] = {}


def _prepared(catalog: Catalog) -> _Prepared:
    found = _PREPARED.get(id(catalog))
    if found is not None and found.catalog is catalog:
        return found
    defaults = {code: TestStanding(code, TestStatus.NOT_ATTEMPTED, (R.NO_RESULTS,)) for code in catalog.tests}
    prereq_codes = tuple(code for code, t in catalog.tests.items() if t.register_requires)
    nobody: dict[str, Registration | None] = {}
    for code in prereq_codes:  # the decision for a person with no result in the test or its prerequisites
        decision = registration_decision(catalog.tests[code], ResultKind.INITIAL, (), defaults, catalog, date.min)
        nobody[code] = None if decision.allowed else decision
    prep = _Prepared(
        catalog,
        defaults,
        {code: evaluate_master(rule, defaults) for code, rule in catalog.masters.items()},
        {code: frozenset(c for g in rule.groups for c in g) for code, rule in catalog.masters.items()},
        prereq_codes,
        tuple(code for code, t in catalog.tests.items() if t.hold_requires),
        {code: frozenset(c for r in catalog.tests[code].register_requires for c in r.any_of) for code in prereq_codes},
        nobody,
    )
    _PREPARED[id(catalog)] = prep
    return prep


def evaluate_standing(facts: PersonFacts, catalog: Catalog, on: date) -> Standing:
    """Evaluate every test and Master designation of ``catalog`` for ``facts`` on day ``on``."""
    prep = _prepared(catalog)
    by_test = _results_by_test(facts, on)
    tests = dict(prep.defaults)
    evaluated = _evaluate_results(facts, by_test, catalog, on)
    tests.update(evaluated)
    if prep.hold_codes:
        _apply_hold_requirements(tests, facts.results, catalog, on, prep.hold_codes)
    masters = dict(prep.master_defaults)
    for series, involved in prep.master_tests.items():
        if not involved.isdisjoint(evaluated):
            masters[series] = evaluate_master(catalog.masters[series], tests)
    registrations: dict[str, Registration] = {}
    for code, test in evaluated.items():
        ever = test.ever_certified
        if ever or (test.retake_from is not None and test.retake_from > on):
            # the same decision registration_decision makes, read off the standing (tests check they agree)
            kind = ResultKind.RECERTIFICATION if ever else ResultKind.INITIAL
            waiting = test.retake_from is not None and test.retake_from > on
            registrations[code] = Registration(
                code, kind, not waiting, (R.RETAKE_WAIT,) if waiting else (), test.retake_from if waiting else None
            )
    involved = frozenset(by_test)
    for code in prep.prereq_codes:
        if code not in evaluated and involved.isdisjoint(prep.prereq_tests[code]):
            default = prep.prereq_defaults[code]
            if default is not None:
                registrations[code] = default
            continue
        test = tests[code]
        kind = ResultKind.RECERTIFICATION if test.ever_certified else ResultKind.INITIAL
        decision = registration_decision(
            catalog.tests[code], kind, facts.results, tests, catalog, on, own=by_test.get(code, ())
        )
        if not decision.allowed or kind is ResultKind.RECERTIFICATION:
            registrations[code] = decision
    standing = Standing(facts.person_id, on, catalog.policy_version, tests, masters, registrations)
    actions = next_actions(standing, catalog, [evaluated[c] for c in evaluated])
    return Standing(facts.person_id, on, catalog.policy_version, tests, masters, registrations, tuple(actions))


def evaluate_tests(facts: PersonFacts, catalog: Catalog, on: date) -> dict[str, TestStanding]:
    """Every test's standing on ``on`` (tests without results are ``not_attempted``)."""
    prep = _prepared(catalog)
    tests = dict(prep.defaults)
    tests.update(_evaluate_results(facts, _results_by_test(facts, on), catalog, on))
    if prep.hold_codes:
        _apply_hold_requirements(tests, facts.results, catalog, on, prep.hold_codes)
    return tests


def _results_by_test(facts: PersonFacts, on: date) -> dict[str, list[TestResult]]:
    by_test: dict[str, list[TestResult]] = {}
    for result in facts.results:
        if result.date <= on:
            found = by_test.get(result.test)
            if found is None:
                by_test[result.test] = [result]
            else:
                found.append(result)
    for results in by_test.values():
        if len(results) > 1:
            results.sort(key=_result_order)
    return by_test


def _evaluate_results(
    facts: PersonFacts, by_test: dict[str, list[TestResult]], catalog: Catalog, on: date
) -> dict[str, TestStanding]:
    credits: dict[str, list[RenewalCredit]] = {}
    for credit in facts.renewal_credits:
        if credit.date <= on and credit.correct:
            credits.setdefault(credit.test, []).append(credit)
    experience: dict[str, ExperienceStatus] = {}
    rules = catalog.rules
    tests: dict[str, TestStanding] = {}
    for code, results in by_test.items():
        spec = catalog.tests.get(code)
        if spec is None:
            continue
        exp = experience.get(spec.family)
        if exp is None:
            exp = experience[spec.family] = evaluate_experience(
                facts.experience,
                spec.family,
                catalog.families[spec.family],
                on,
                full_time_hours=rules.part_time_full_time_hours,
                min_hours=rules.min_hours_per_week_counted,
            )
        revoked_on = None
        if facts.revocations:
            revoked_on = max((r.date for r in facts.revocations if r.test == code and r.date <= on), default=None)
        tests[code] = _evaluate_test(spec, results, credits.get(code, ()), exp, revoked_on, catalog, on)
    return tests


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


def _result_order(result: TestResult) -> tuple[date, int]:
    return result.date, 0 if result.outcome is Outcome.PASS else 1


@dataclass(slots=True)
class _Scan:
    """What the results of one test add up to, before deciding the status."""

    reasons: list[str]
    intervals: list[Interval]
    pending: date | None = None
    last_attempt: TestResult | None = None


def _scan(results: Sequence[TestResult], exp: ExperienceStatus, revoked_on: date | None, catalog: Catalog) -> _Scan:
    scan = _Scan([], [])
    counts_no_show = catalog.rules.no_show_counts_for_retake
    for result in results:
        if result.outcome is Outcome.NO_SHOW:
            if counts_no_show:
                scan.last_attempt = result
            continue
        scan.last_attempt = result
        if result.outcome is Outcome.PASS and (revoked_on is None or result.date > revoked_on):
            scan.pending = _add_pass(result, scan.intervals, exp, catalog, scan.reasons, scan.pending)
    return scan


def _evaluate_test(
    spec: TestSpec,
    results: Sequence[TestResult],
    credits: Sequence[RenewalCredit],
    exp: ExperienceStatus,
    revoked_on: date | None,
    catalog: Catalog,
    on: date,
) -> TestStanding:
    rules = catalog.rules
    scan = _scan(results, exp, revoked_on, catalog)
    intervals, reasons, last = scan.intervals, scan.reasons, scan.last_attempt
    if credits:
        _apply_renewal(intervals, credits, results, catalog, reasons)
    status, since, until, expired_on = _status_from(intervals, on)
    entry = status is TestStatus.CERTIFIED and _current_entry(intervals, on)
    missing: float | None = None
    pending_until = add_months(scan.pending, rules.validity_months) if scan.pending else None
    if status is TestStatus.CERTIFIED:
        reasons.append(R.ENTRY_LEVEL if entry else R.CERTIFICATION_CURRENT)
    elif revoked_on is not None and (not intervals or revoked_on >= max(i.until for i in intervals)):
        status = TestStatus.REVOKED
        reasons.append(R.REVOKED)
    elif pending_until is not None and pending_until > on:
        status = TestStatus.AWAITING_EXPERIENCE
        missing = round(exp.missing_months, 1)
        reasons.append(R.EXPERIENCE_MISSING)
        if exp.unverified_records:
            reasons.append(R.EXPERIENCE_UNVERIFIED)
    elif pending_until is not None and status is not TestStatus.EXPIRED:
        status, expired_on = TestStatus.EXPIRED, pending_until
        reasons.append(R.EXPIRED_BEFORE_EXPERIENCE_MET)
    elif status is TestStatus.EXPIRED:
        reasons.append(R.ENTRY_LEVEL_EXPIRED if _last_entry(intervals) else R.CERTIFICATION_EXPIRED)
    elif last is not None and last.outcome is Outcome.FAIL:
        status = TestStatus.FAILED
        reasons.append(R.FAILED_LAST_ATTEMPT)
    else:
        reasons.append(R.NO_SHOW if results and results[-1].outcome is Outcome.NO_SHOW else R.NO_RESULTS)
    retake_from = _retake_from(last, status, catalog, on, reasons)
    return TestStanding(
        spec.code,
        status,
        tuple(dict.fromkeys(reasons)),
        since=since,
        until=until,
        expired_on=expired_on,
        retake_from=retake_from,
        entry_level=entry,
        experience_missing_months=missing,
        intervals=tuple(intervals),
    )


def _retake_from(
    last: TestResult | None, status: TestStatus, catalog: Catalog, on: date, reasons: list[str]
) -> date | None:
    """The first retake day: shown for a failed test, and for others while the wait still runs."""
    if last is None or last.outcome.value not in catalog.rules.retake_applies_to:
        return None
    retake = earliest_retake(last.date, catalog.rules.retake_wait_full_days)
    if retake > on:
        reasons.append(R.RETAKE_WAIT)
        return retake
    return retake if status is TestStatus.FAILED else None


def _add_pass(
    result: TestResult,
    intervals: list[Interval],
    exp: ExperienceStatus,
    catalog: Catalog,
    reasons: list[str],
    pending: date | None,
) -> date | None:
    rules = catalog.rules
    passed = result.date
    reasons.append(R.PASSED)
    if result.kind is ResultKind.ENTRY_LEVEL:
        until = add_months(passed, catalog.entry_level.validity_months)
        intervals.append(Interval(passed, until, passed, entry_level=True))
        return pending
    until = add_months(passed, rules.validity_months)
    if result.kind is ResultKind.RECERTIFICATION:
        held = any(not i.entry_level and i.start <= passed for i in intervals)
        if rules.recert_requires_previous_certification and not held:
            reasons.append(R.RECERT_WITHOUT_PREVIOUS_CERTIFICATION)
            return pending
        intervals.append(Interval(passed, until, passed, recert=True))
        reasons.append(R.RECERTIFIED)
        return pending
    met = exp.met_on
    if met is None:
        return passed
    start = max(passed, met)
    shelf = rules.passed_result_shelf_life_months
    if shelf is not None and met > add_months(passed, shelf):
        reasons.append(R.PASS_SHELF_LIFE_EXCEEDED)
        return pending
    if start >= until:
        reasons.append(R.EXPIRED_BEFORE_EXPERIENCE_MET)
        return passed
    reasons.append(R.EXPERIENCE_MET)
    intervals.append(Interval(start, until, passed))
    return None


def _apply_renewal(
    intervals: list[Interval],
    credits: Sequence[RenewalCredit],
    results: Sequence[TestResult],
    catalog: Catalog,
    reasons: list[str],
) -> None:
    """Each subscription year (anchored at its first credit) with enough credits extends once."""
    renewal = catalog.renewal
    ordered = sorted(c.date for c in credits)
    window_end: date | None = None
    count = 0
    granted = False
    window_start = ordered[0]
    for day in ordered:
        if window_end is None or day >= window_end:
            window_start, window_end, count, granted = day, add_months(day, renewal.subscription_months), 0, False
        count += renewal.credit_per_correct_answer
        if granted or count < renewal.credits_per_extension:
            continue
        granted = True
        passed_before = any(r.outcome is Outcome.PASS and r.date < window_start for r in results)
        if renewal.only_tests_passed_before_subscription and not passed_before:
            continue
        _extend(intervals, day, catalog, reasons)


def _extend(intervals: list[Interval], day: date, catalog: Catalog, reasons: list[str]) -> None:
    candidates = [i for i, iv in enumerate(intervals) if iv.start <= day and not iv.entry_level]
    if not candidates:
        return
    index = candidates[-1]
    iv = intervals[index]
    if iv.until <= day and not catalog.renewal.eligible_if_expired:
        return
    base = max(iv.until, day)
    intervals[index] = Interval(
        iv.start, add_months(base, catalog.renewal.extension_months), iv.passed_on, iv.recert, False, True
    )
    reasons.append(R.RENEWAL_EXTENDED)


def _status_from(intervals: Sequence[Interval], on: date) -> tuple[TestStatus, date | None, date | None, date | None]:
    if not intervals:
        return TestStatus.NOT_ATTEMPTED, None, None, None
    ordered = sorted(intervals, key=lambda i: (i.start, i.until))
    current = [i for i in ordered if i.start <= on < i.until]
    if current:
        until = max(i.until for i in current)
        since = min(i.start for i in current)
        for iv in reversed(ordered):
            if iv.start < since <= iv.until:
                since = iv.start
        return TestStatus.CERTIFIED, since, until, None
    past = [i.until for i in ordered if i.until <= on]
    if past:
        return TestStatus.EXPIRED, None, None, max(past)
    return TestStatus.NOT_ATTEMPTED, None, None, None


def _current_entry(intervals: Sequence[Interval], on: date) -> bool:
    current = [i for i in intervals if i.start <= on < i.until]
    return bool(current) and all(i.entry_level for i in current)


def _last_entry(intervals: Sequence[Interval]) -> bool:
    return max(intervals, key=lambda i: i.until).entry_level


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


from certwright.core.actions import Action, next_actions  # noqa: E402 - builds on the types above
from certwright.core.mastery import evaluate_master  # noqa: E402
