"""Invariants of the standing engine, checked on generated people (Hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from certwright.core.catalog import load_catalog
from certwright.core.decisions import MasterStatus, TestStatus
from certwright.core.facts import (
    Experience,
    ExperienceKind,
    Outcome,
    PersonFacts,
    RenewalCredit,
    ResultKind,
    TestResult,
)
from certwright.core.registration import registration_decision
from certwright.core.standing import evaluate_standing

CATALOG = load_catalog()
CODES = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "G1", "L1", "H1", "H2", "H3", "T4"]
DAY0 = date(2010, 1, 1)

days = st.integers(min_value=0, max_value=6000).map(lambda n: DAY0 + timedelta(days=n))
results = st.builds(
    TestResult,
    st.sampled_from(CODES),
    days,
    st.sampled_from(list(Outcome)),
    st.sampled_from(list(ResultKind)),
)
work = st.builds(
    lambda start, length, hours, verified: Experience(
        ExperienceKind.WORK, verified, start, start + timedelta(days=length) if length else None, hours
    ),
    days,
    st.integers(min_value=0, max_value=3000),
    st.sampled_from([10.0, 20.0, 40.0, 60.0]),
    st.booleans(),
)
training = st.builds(
    lambda months, verified: Experience(ExperienceKind.TRAINING, verified, months_credit=months),
    st.sampled_from([3.0, 6.0, 12.0, 24.0]),
    st.booleans(),
)
credits = st.builds(RenewalCredit, st.sampled_from(CODES), days, st.booleans())
people = st.builds(
    lambda r, e, c: PersonFacts("p", "P", tuple(r), tuple(e), tuple(c)),
    st.lists(results, max_size=14),
    st.lists(st.one_of(work, training), max_size=3),
    st.lists(credits, max_size=10),
)


@settings(max_examples=150, deadline=None)
@given(people, days)
def test_master_implies_every_required_test_certified(person: PersonFacts, on: date) -> None:
    standing = evaluate_standing(person, CATALOG, on)
    for code, master in standing.masters.items():
        if master.status is MasterStatus.MASTER:
            for group in CATALOG.masters[code].groups:
                assert any(
                    standing.tests[c].status is TestStatus.CERTIFIED and not standing.tests[c].entry_level
                    for c in group
                ), (code, group)
            assert master.until is not None
            assert master.until > on


@settings(max_examples=150, deadline=None)
@given(people, days, st.lists(results, min_size=1, max_size=5), st.lists(credits, max_size=4))
def test_later_facts_never_change_the_answer(
    person: PersonFacts, on: date, extra: list[TestResult], extra_credits: list[RenewalCredit]
) -> None:
    later = [TestResult(r.test, on + timedelta(days=1 + (r.date - DAY0).days % 900), r.outcome, r.kind) for r in extra]
    later_credits = [
        RenewalCredit(c.test, on + timedelta(days=1 + (c.date - DAY0).days % 400), c.correct) for c in extra_credits
    ]
    more = PersonFacts(
        person.person_id,
        person.name,
        person.results + tuple(later),
        person.experience,
        person.renewal_credits + tuple(later_credits),
    )
    a = evaluate_standing(person, CATALOG, on)
    b = evaluate_standing(more, CATALOG, on)
    assert a.tests == b.tests
    assert a.masters == b.masters
    assert a.actions == b.actions


@settings(max_examples=150, deadline=None)
@given(
    people,
    days,
    st.sampled_from(CODES),
    st.sampled_from([ResultKind.INITIAL, ResultKind.RECERTIFICATION]),
    st.integers(min_value=0, max_value=4000),
)
def test_adding_a_pass_never_removes_a_certification(
    person: PersonFacts, on: date, code: str, kind: ResultKind, back: int
) -> None:
    passed = TestResult(code, on - timedelta(days=back), Outcome.PASS, kind)
    more = PersonFacts(
        person.person_id, person.name, (*person.results, passed), person.experience, person.renewal_credits
    )
    before = evaluate_standing(person, CATALOG, on)
    after = evaluate_standing(more, CATALOG, on)
    for test, standing in before.tests.items():
        if standing.status is TestStatus.CERTIFIED:
            assert after.tests[test].status is TestStatus.CERTIFIED, test
    for series, master in before.masters.items():
        if master.status is MasterStatus.MASTER:
            assert after.masters[series].status is MasterStatus.MASTER, series


@settings(max_examples=100, deadline=None)
@given(people, days)
def test_standing_registration_summary_agrees_with_registration_decision(person: PersonFacts, on: date) -> None:
    standing = evaluate_standing(person, CATALOG, on)
    for code, summary in standing.registrations.items():
        decision = registration_decision(CATALOG.tests[code], summary.kind, person.results, standing.tests, CATALOG, on)
        assert (decision.allowed, decision.allowed_from) == (summary.allowed, summary.allowed_from), code
