"""Master designations: derived live from the required tests' certifications."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from certwright.core.catalog import Catalog, MasterRule
from certwright.core.decisions import MasterStatus, Reason, TestStatus
from certwright.core.standing import Interval, MasterStanding, TestStanding


def evaluate_masters(tests: Mapping[str, TestStanding], catalog: Catalog, on: date) -> dict[str, MasterStanding]:
    del on  # Master follows the test standings, which are already for that day
    return {code: evaluate_master(rule, tests) for code, rule in catalog.masters.items()}


def evaluate_master(rule: MasterRule, tests: Mapping[str, TestStanding]) -> MasterStanding:
    """Master on the standings' day when every required group has a professional certification current that day.

    ``until`` is the earliest expiry among the certifications that make it (for an either/or
    group, the later-expiring of its certified tests). When the rule says Master does not lapse,
    having once held every required test at the same time is enough.
    """
    missing: list[str] = []
    untils: list[date] = []
    starts: list[date] = []
    for group in rule.groups:
        held = [tests[c] for c in group if _professional(tests.get(c))]
        if not held:
            missing.append("|".join(group))
            continue
        best = max(held, key=lambda s: s.until or date.min)
        untils.append(best.until or date.max)
        starts.append(max((s.since or date.min) for s in held))
    if not missing:
        return MasterStanding(
            rule.series,
            rule.designation,
            MasterStatus.MASTER,
            (Reason.ALL_REQUIRED_CERTIFIED,),
            max(starts),
            min(untils),
            (),
        )
    if not rule.lapses_when_required_expires:
        ever = _ever_master(rule, tests)
        if ever is not None:
            return MasterStanding(
                rule.series,
                rule.designation,
                MasterStatus.MASTER,
                (Reason.ALL_REQUIRED_CERTIFIED,),
                ever,
                None,
                (),
            )
    reasons: list[str] = [Reason.REQUIRED_NOT_CERTIFIED]
    if any(_expired_required(group, tests) for group in rule.groups):
        reasons.append(Reason.REQUIRED_CERTIFICATION_EXPIRED)
    return MasterStanding(
        rule.series, rule.designation, MasterStatus.NOT_MASTER, tuple(reasons), None, None, tuple(missing)
    )


def _professional(standing: TestStanding | None) -> bool:
    return standing is not None and standing.status is TestStatus.CERTIFIED and not standing.entry_level


def _expired_required(group: Sequence[str], tests: Mapping[str, TestStanding]) -> bool:
    return all(
        (s := tests.get(c)) is not None and s.status is TestStatus.EXPIRED and not _professional(s) for c in group
    ) and any((s := tests.get(c)) is not None and s.status is TestStatus.EXPIRED for c in group)


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
