"""The hot path of the standing engine: each test a person has results in, in one pass.

:func:`evaluate_results` runs the results of each test in order into certifications and then
applies the status rules (``docs/domain/rules.md``) for :func:`certwright.core.standing.evaluate_standing`;
every test without results is answered from a shared default. The catalog's parameters come
precomputed in :class:`~certwright.core.standing._Prepared`, and the records are made with
:func:`certwright.core.fastbuild.builder`. Each test's registration decision and next actions are
made here too, from what the rules found.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING

from certwright.core.actions import experience_actions, recertify_action, recertify_expired_action, retake_action
from certwright.core.catalog import Catalog
from certwright.core.decisions import Reason, TestStatus
from certwright.core.experience import ExperienceReader
from certwright.core.facts import Outcome, PersonFacts, ResultKind, TestResult
from certwright.core.fastbuild import builder
from certwright.core.registration import Registration, new_registration
from certwright.core.standing_records import Action, Interval, TestStanding
from certwright.core.validity import add_months

if TYPE_CHECKING:
    from certwright.core.standing import _Prepared

R = Reason
new_interval = builder(Interval)
new_test_standing = builder(TestStanding)

_UNTIL = attrgetter("until")
_START_UNTIL = attrgetter("start", "until")
_PASS, _FAIL, _NO_SHOW = Outcome.PASS, Outcome.FAIL, Outcome.NO_SHOW
_INITIAL, _ENTRY, _RECERT = ResultKind.INITIAL, ResultKind.ENTRY_LEVEL, ResultKind.RECERTIFICATION
_NOT_ATTEMPTED, _CERTIFIED = TestStatus.NOT_ATTEMPTED, TestStatus.CERTIFIED
_EXPIRED, _FAILED = TestStatus.EXPIRED, TestStatus.FAILED
_RETAKE_WAIT: tuple[str, ...] = (R.RETAKE_WAIT,)
_PASSED = R.PASSED
_PASSED_EXPERIENCE_MET: tuple[str, ...] = (R.PASSED, R.EXPERIENCE_MET)
_PASSED_RECERTIFIED: tuple[str, ...] = (R.PASSED, R.RECERTIFIED)
_PASSED_RECERT_WITHOUT_PREVIOUS: tuple[str, ...] = (R.PASSED, R.RECERT_WITHOUT_PREVIOUS_CERTIFICATION)
_PASSED_SHELF_LIFE_EXCEEDED: tuple[str, ...] = (R.PASSED, R.PASS_SHELF_LIFE_EXCEEDED)
_PASSED_EXPIRED_BEFORE_EXPERIENCE: tuple[str, ...] = (R.PASSED, R.EXPIRED_BEFORE_EXPERIENCE_MET)
_ENTRY_LEVEL, _CURRENT = R.ENTRY_LEVEL, R.CERTIFICATION_CURRENT
_ENTRY_LEVEL_EXPIRED, _CERTIFICATION_EXPIRED = R.ENTRY_LEVEL_EXPIRED, R.CERTIFICATION_EXPIRED
_FAILED_LAST_ATTEMPT, _RETAKE_WAIT_REASON = R.FAILED_LAST_ATTEMPT, R.RETAKE_WAIT


_DISTINCT: dict[tuple[str, ...], tuple[str, ...]] = {}  # a test's reasons in order, each once
_DISTINCT_LIMIT = 20_000


def evaluate_results(  # noqa: C901, PLR0912, PLR0915 - the hot loop: one pass per test, then its rules in order
    facts: PersonFacts,
    by_test: dict[str, list[TestResult]],
    prep: _Prepared,
    on: date,
    tests: dict[str, TestStanding],
    *,
    registrations: dict[str, Registration],
    professional: set[str],
    expired: set[str],
    actions: list[Action],
) -> None:
    """The standing in every catalog test ``facts`` has results in, on ``on``, into ``tests``.

    ``by_test``: the results dated on or before ``on`` per test, by date; the rules read the results
    of one day with the passes first, then the others in their order. ``registrations`` gets the
    registration decision each of these tests makes by itself (a recertification, or an attempt
    while a retake wait runs), ``professional`` and ``expired`` the codes of the tests certified
    (not entry-level) and expired, and ``actions`` the next actions of these tests, in their order
    (what :func:`certwright.core.actions.next_actions` says for each).
    """
    credits: dict[str, list[date]] | None = None
    renewal_credits = prep.renewal_credits
    if len(facts.renewal_credits) >= renewal_credits:  # else no test has enough
        credits = {}
        for credit in facts.renewal_credits:
            if credit.correct and credit.date <= on:
                found = credits.get(credit.test)
                if found is None:
                    credits[credit.test] = [credit.date]
                else:
                    found.append(credit.date)
    revoked: dict[str, date] | None = None
    if facts.revocations:
        revoked = {}
        for revocation in facts.revocations:
            if revocation.date <= on:
                before = revoked.get(revocation.test)
                if before is None or revocation.date > before:
                    revoked[revocation.test] = revocation.date
    reader: ExperienceReader | None = None
    experience: dict[str, date | None] = {}  # the day each family's requirement was met
    family_of = prep.family_of
    valid_until, shelf_end = prep.valid_until, prep.shelf_end
    initial_interval, recert_interval, entry_interval = prep.initial_interval, prep.recert_interval, prep.entry_interval
    no_show_counts, recert_needs_previous = prep.no_show_counts, prep.recert_needs_previous
    retake_outcomes, retake_wait, recert_allowed = prep.retake_outcomes, prep.retake_wait, prep.recert_allowed
    retake_cutoff, offer_by = prep.day(on)
    for code, results in by_test.items():
        family = family_of.get(code)  # the test's experience family
        if family is None:  # not a test of the catalog
            continue
        revoked_on = revoked.get(code) if revoked else None
        reasons: list[str] = []
        intervals: list[Interval] = []
        pending: date | None = None  # an initial pass still waiting for the experience
        last: TestResult | None = None  # the attempt a retake wait runs from
        held_from: date | None = None  # the earliest start of a professional (not entry-level) certification
        met_known = False  # the experience requirement's day (met) has been looked up
        met: date | None = None
        for result in results:
            outcome = result.outcome
            if outcome is not _PASS:
                if outcome is not _NO_SHOW or no_show_counts:
                    last = result
                continue
            passed = result.date
            if last is None or last.date != passed or last.outcome is _PASS:  # a same-day non-pass is later
                last = result
            if revoked_on is not None and passed <= revoked_on:
                continue
            # each pass adds ``passed`` and what became of it to the reasons (as a constant pair)
            kind = result.kind
            if kind is _ENTRY:
                reasons.append(_PASSED)
                intervals.append(entry_interval[passed])
            elif kind is _RECERT:
                if recert_needs_previous and (held_from is None or held_from > passed):
                    reasons += _PASSED_RECERT_WITHOUT_PREVIOUS
                else:
                    intervals.append(recert_interval[passed])
                    reasons += _PASSED_RECERTIFIED
                    if held_from is None or passed < held_from:
                        held_from = passed
            else:  # initial: certified once the experience requirement is met too
                if not met_known:
                    if family in experience:
                        met = experience[family]
                    else:
                        if reader is None:
                            reader = ExperienceReader(
                                facts.experience, prep.catalog.families, on, prep.full_time_hours, prep.min_hours
                            )
                        met = experience[family] = reader.met_on(family)
                    met_known = True
                if met is None:
                    reasons.append(_PASSED)
                    pending = passed
                elif shelf_end is not None and met > shelf_end[passed]:
                    reasons += _PASSED_SHELF_LIFE_EXCEEDED
                elif met <= passed:  # certified from the pass
                    reasons += _PASSED_EXPERIENCE_MET
                    intervals.append(initial_interval[passed])
                    pending = None
                    if held_from is None:  # an earlier start is on or before ``passed`` (and ``met``)
                        held_from = passed
                else:  # from the day the experience was met, if that is before the pass expires
                    expires = valid_until[passed]
                    if met >= expires:
                        reasons += _PASSED_EXPIRED_BEFORE_EXPERIENCE
                        pending = passed
                    else:
                        reasons += _PASSED_EXPERIENCE_MET
                        intervals.append(new_interval(met, expires, passed, False, False, False))
                        pending = None
                        if held_from is None or met < held_from:
                            held_from = met
        if credits is not None and code in credits:
            days = credits[code]
            if len(days) >= renewal_credits:  # else no subscription year can have enough
                _apply_renewal(intervals, days, results, prep.catalog, reasons)

        status = _NOT_ATTEMPTED
        since: date | None = None
        until: date | None = None
        expired_on: date | None = None
        entry = False
        if intervals:
            first = intervals[0]
            if len(intervals) == 1:
                if first.start <= on:
                    if on < first.until:
                        status, since, until, entry = _CERTIFIED, first.start, first.until, first.entry_level
                    else:
                        status, expired_on = _EXPIRED, first.until
            elif len(intervals) == 2:
                status, since, until, expired_on, entry = _status_of_two(first, intervals[1], on)
            else:
                status, since, until, expired_on, entry = _status_from(intervals, on)

        # the status's reasons, and the next actions that do not depend on a retake wait (as
        # next_actions reads them off the standing)
        missing: float | None = None
        if status is _CERTIFIED:
            if entry:
                reasons.append(_ENTRY_LEVEL)
            else:
                reasons.append(_CURRENT)
                professional.add(code)
                # offered when ``until - on <= window``: ``until`` on or before ``offer_by`` (None: no such day)
                if until is not None and (until <= offer_by if offer_by else until - on <= prep.window):
                    actions.append(recertify_action(code, until))
        elif revoked_on is not None and (not intervals or revoked_on >= max(map(_UNTIL, intervals))):
            status = TestStatus.REVOKED
            reasons.append(R.REVOKED)
        elif pending is not None and reader is not None and valid_until[pending] > on:
            status = TestStatus.AWAITING_EXPERIENCE
            exp = reader.status(family)
            missing = round(exp.missing_months, 1)
            reasons.append(R.EXPERIENCE_MISSING)
            if exp.unverified_records:
                reasons.append(R.EXPERIENCE_UNVERIFIED)
            actions.extend(experience_actions(code, missing, reasons))
        elif pending is not None and status is not _EXPIRED:
            status, expired_on = _EXPIRED, valid_until[pending]
            reasons.append(R.EXPIRED_BEFORE_EXPERIENCE_MET)
            expired.add(code)
            if held_from is not None:  # it was a professional certification
                actions.append(recertify_expired_action(code, expired_on))
        elif status is _EXPIRED:
            if len(intervals) == 1:
                latest = first
            elif len(intervals) == 2:  # the first of the latest-ending, as max() picks
                latest = intervals[1] if intervals[1].until > first.until else first
            else:
                latest = max(intervals, key=_UNTIL)
            reasons.append(_ENTRY_LEVEL_EXPIRED if latest.entry_level else _CERTIFICATION_EXPIRED)
            expired.add(code)
            if held_from is not None:  # it was a professional certification
                actions.append(recertify_expired_action(code, expired_on))
        elif last is not None and last.outcome is _FAIL:
            status = _FAILED
            reasons.append(_FAILED_LAST_ATTEMPT)
        else:
            reasons.append(R.NO_SHOW if _final(results).outcome is _NO_SHOW else R.NO_RESULTS)

        retake_from = None
        waiting = False
        if last is not None:  # a wait from the last attempt (after a result that starts one)
            if retake_cutoff is None or last.date > retake_cutoff:  # the wait runs past ``on``
                if last.outcome in retake_outcomes:
                    reasons.append(_RETAKE_WAIT_REASON)
                    retake_from = last.date + retake_wait
                    waiting = True
                    if status is _FAILED:
                        actions.append(retake_action(code, retake_from, on))
            elif status is _FAILED and last.outcome in retake_outcomes:
                retake_from = last.date + retake_wait
                actions.append(retake_action(code, retake_from, on))
        key = tuple(reasons)
        distinct = _DISTINCT.get(key)
        if distinct is None:
            distinct = tuple(dict.fromkeys(key))
            if len(_DISTINCT) < _DISTINCT_LIMIT:
                _DISTINCT[key] = distinct
        tests[code] = new_test_standing(
            code, status, distinct, since, until, expired_on, retake_from, entry, missing, tuple(intervals)
        )
        # the decision registration_decision makes, read off the standing (tests check they agree)
        if waiting:
            registrations[code] = new_registration(
                code, _INITIAL if held_from is None else _RECERT, False, _RETAKE_WAIT, retake_from, ()
            )
        elif held_from is not None:
            registrations[code] = recert_allowed[code]


def _final(results: Sequence[TestResult]) -> TestResult:
    """The last result in the rules' order: on the latest day, passes come before other results."""
    day = results[-1].date
    for result in reversed(results):
        if result.date != day:
            break
        if result.outcome is not _PASS:
            return result
    return results[-1]


def _status_of_two(
    a: Interval, b: Interval, on: date
) -> tuple[TestStatus, date | None, date | None, date | None, bool]:
    """:func:`_status_from` for two certifications."""
    a_current = a.start <= on < a.until
    if b.start <= on < b.until:
        if a_current:
            since = a.start if a.start < b.start else b.start
            until = a.until if a.until > b.until else b.until
            return _CERTIFIED, since, until, None, a.entry_level and b.entry_level
        since = b.start
        if a.start < since <= a.until:  # carried back through an earlier certification reaching it
            since = a.start
        return _CERTIFIED, since, b.until, None, b.entry_level
    if a_current:
        since = a.start
        if b.start < since <= b.until:
            since = b.start
        return _CERTIFIED, since, a.until, None, a.entry_level
    if a.until <= on:
        if b.until <= on:
            return _EXPIRED, None, None, a.until if a.until > b.until else b.until, False
        return _EXPIRED, None, None, a.until, False
    if b.until <= on:
        return _EXPIRED, None, None, b.until, False
    return _NOT_ATTEMPTED, None, None, None, False


def _status_from(
    intervals: Sequence[Interval], on: date
) -> tuple[TestStatus, date | None, date | None, date | None, bool]:
    """Status, since, until, expired_on and entry-level-only, from two or more certifications.

    Certified while one is current: ``since`` is the earliest start of the current ones, carried
    back through earlier certifications that reach it; ``until`` the latest current end.
    """
    since: date | None = None
    until: date | None = None
    expired_on: date | None = None
    entry = True
    for iv in intervals:
        if iv.start <= on < iv.until:
            if since is None or iv.start < since:
                since = iv.start
            if until is None or iv.until > until:
                until = iv.until
            if not iv.entry_level:
                entry = False
        elif iv.until <= on and (expired_on is None or iv.until > expired_on):
            expired_on = iv.until
    if since is not None:
        # with two, at most one starts before ``since``, so their order does not matter
        for iv in intervals if len(intervals) == 2 else sorted(intervals, key=_START_UNTIL, reverse=True):
            if iv.start < since <= iv.until:
                since = iv.start
        return _CERTIFIED, since, until, None, entry
    if expired_on is not None:
        return _EXPIRED, None, None, expired_on, False
    return TestStatus.NOT_ATTEMPTED, None, None, None, False


def _apply_renewal(
    intervals: list[Interval],
    credit_days: Sequence[date],
    results: Sequence[TestResult],
    catalog: Catalog,
    reasons: list[str],
) -> None:
    """Each subscription year (anchored at its first credit) with enough credits extends once."""
    renewal = catalog.renewal
    ordered = sorted(credit_days)
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
