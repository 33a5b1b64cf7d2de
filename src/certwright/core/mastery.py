"""Master designations: derived live from the required tests' certifications."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import date
from itertools import filterfalse

from certwright.core.catalog import Catalog, MasterRule
from certwright.core.decisions import MasterStatus, Reason, TestStatus
from certwright.core.fastbuild import builder
from certwright.core.standing_records import Interval, MasterStanding, TestStanding


def evaluate_masters(tests: Mapping[str, TestStanding], catalog: Catalog, on: date) -> dict[str, MasterStanding]:
    del on  # Master follows the test standings, which are already for that day
    return {code: evaluate_master(rule, tests) for code, rule in catalog.masters.items()}


def evaluate_master(
    rule: MasterRule,
    tests: Mapping[str, TestStanding],
    *,
    professional: AbstractSet[str] | None = None,
    expired: AbstractSet[str] | None = None,
) -> MasterStanding:
    """Master on the standings' day when every required group has a professional certification current that day.

    ``until`` is the earliest expiry among the certifications that make it (for an either/or
    group, the later-expiring of its certified tests). When the rule says Master does not lapse,
    having once held every required test at the same time is enough.

    ``professional`` and ``expired``, when given, are the codes of the tests that ``tests`` shows
    certified (not entry-level) and expired; they spare looking each test up.
    """
    codes = _single_tests(rule)
    if codes is not None:  # every group is one test: the usual rule, answered in one pass
        if professional is None:
            professional = {c for c in codes if _professional(tests.get(c))}
        if expired is None:
            expired = {c for c in codes if (s := tests.get(c)) is not None and s.status is _EXPIRED}
        return evaluate_single_master(rule, codes, tests, professional, expired)
    missing: list[str] = []
    untils: list[date] = []
    starts: list[date] = []
    for group in rule.groups:
        held = [tests[c] for c in group if _professional(tests.get(c))]
        if not held:
            missing.append("|".join(group))
            continue
        best = max(held, key=_until_or_min)
        untils.append(best.until or date.max)
        starts.append(max((s.since or date.min) for s in held))
    if not missing:
        return _master(rule, max(starts), min(untils))
    if not rule.lapses_when_required_expires:
        ever = _ever_master(rule, tests)
        if ever is not None:
            return _master(rule, ever, None)
    return _not_master(rule, tuple(missing), any(_expired_required(group, tests) for group in rule.groups))


def evaluate_single_master(
    rule: MasterRule,
    codes: Sequence[str],
    tests: Mapping[str, TestStanding],
    professional: AbstractSet[str],
    expired: AbstractSet[str],
) -> MasterStanding:
    """:func:`evaluate_master` for a rule each of whose groups is one test, ``codes`` in order.

    ``professional`` and ``expired`` are as for :func:`evaluate_master`.
    """
    missing = tuple(filterfalse(professional.__contains__, codes))
    if not missing:
        standings = [tests[c] for c in codes]
        since = max([s.since or date.min for s in standings])
        return _master(rule, since, min([s.until or date.max for s in standings]))
    if not rule.lapses_when_required_expires:
        ever = _ever_master(rule, tests)
        if ever is not None:
            return _master(rule, ever, None)
    return _not_master(rule, missing, not expired.isdisjoint(codes))


def _master(rule: MasterRule, since: date, until: date | None) -> MasterStanding:
    return _new_master(rule.series, rule.designation, MasterStatus.MASTER, _ALL_CERTIFIED, since, until, ())


def _not_master(rule: MasterRule, missing: tuple[str, ...], expired: bool) -> MasterStanding:
    """The answer for a missing set is the same for everyone: made once per rule and set."""
    key = (id(rule), missing, expired)
    found = _NOT_MASTER.get(key)
    if found is None or found[0] is not rule:
        reasons = _NOT_CERTIFIED_EXPIRED if expired else _NOT_CERTIFIED
        standing = _new_master(rule.series, rule.designation, MasterStatus.NOT_MASTER, reasons, None, None, missing)
        if len(_NOT_MASTER) >= _CACHE_LIMIT:
            _NOT_MASTER.clear()
        found = _NOT_MASTER[key] = (rule, standing)
    return found[1]


def _single_tests(rule: MasterRule) -> tuple[str, ...] | None:
    """The rule's tests when every group is a single test, else None."""
    found = _SINGLE.get(id(rule))
    if found is None or found[0] is not rule:
        single = all(len(g) == 1 for g in rule.groups)
        if len(_SINGLE) >= _CACHE_LIMIT:
            _SINGLE.clear()
        found = _SINGLE[id(rule)] = (rule, tuple(g[0] for g in rule.groups) if single else None)
    return found[1]


_CACHE_LIMIT = 10_000
_NOT_MASTER: dict[tuple[int, tuple[str, ...], bool], tuple[MasterRule, MasterStanding]] = {}
_SINGLE: dict[int, tuple[MasterRule, tuple[str, ...] | None]] = {}


_new_master = builder(MasterStanding)
_CERTIFIED, _EXPIRED = TestStatus.CERTIFIED, TestStatus.EXPIRED
_ALL_CERTIFIED: tuple[str, ...] = (Reason.ALL_REQUIRED_CERTIFIED,)
_NOT_CERTIFIED: tuple[str, ...] = (Reason.REQUIRED_NOT_CERTIFIED,)
_NOT_CERTIFIED_EXPIRED: tuple[str, ...] = (Reason.REQUIRED_NOT_CERTIFIED, Reason.REQUIRED_CERTIFICATION_EXPIRED)


def _until_or_min(standing: TestStanding) -> date:
    return standing.until or date.min


def _professional(standing: TestStanding | None) -> bool:
    return standing is not None and standing.status is TestStatus.CERTIFIED and not standing.entry_level


def _expired_required(group: Sequence[str], tests: Mapping[str, TestStanding]) -> bool:
    """Every test of the group has expired (an expired test is never a current certification)."""
    for code in group:
        s = tests.get(code)
        if s is None or s.status is not TestStatus.EXPIRED:
            return False
    return bool(group)


def _ever_master(rule: MasterRule, tests: Mapping[str, TestStanding]) -> date | None:
    """The first day on which every group was certified at once, if any."""
    per_group: list[list[Interval]] = []
    for group in rule.groups:
        ivs = [iv for c in group if (s := tests.get(c)) for iv in s.intervals if not iv.entry_level]
        if not ivs:
            return None
        per_group.append(ivs)
    for day in sorted({iv.start for ivs in per_group for iv in ivs}):
        if all(any(iv.start <= day < iv.until for iv in ivs) for ivs in per_group):
            return day
    return None
