"""Next actions: what a person should do next, derived from their standing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from certwright.core.decisions import ActionCode, MasterStatus, Reason, TestStatus

if TYPE_CHECKING:
    from certwright.core.catalog import Catalog
    from certwright.core.standing import Standing, TestStanding


@dataclass(frozen=True, slots=True)
class Action:
    """One suggested step. ``date``: do it before (recertify, keep) or from (retake) that day."""

    code: ActionCode
    text: str
    test: str | None = None
    series: str | None = None
    date: date | None = None
    months: float | None = None
    tests: tuple[str, ...] = ()


_PATH_ORDER = {
    TestStatus.AWAITING_EXPERIENCE: 0,
    TestStatus.EXPIRED: 1,
    TestStatus.FAILED: 2,
    TestStatus.NOT_ATTEMPTED: 3,
}


def next_actions(standing: Standing, catalog: Catalog, attempted: Iterable[TestStanding] | None = None) -> list[Action]:
    """Suggested steps, soonest first. ``attempted``: the tests with results (default: all)."""
    window = timedelta(days=catalog.rules.recert_offer_window_days)
    on = standing.as_of
    actions = [*_test_actions(standing.tests.values() if attempted is None else attempted, on, window)]
    for code, master in standing.masters.items():
        rule = catalog.masters[code]
        if master.status is MasterStatus.MASTER:
            if master.until is not None and master.until - on <= window:
                actions.append(
                    Action(
                        ActionCode.KEEP_MASTER,
                        f"Renew before {master.until} to keep {rule.designation}.",
                        series=code,
                        date=master.until,
                    )
                )
            continue
        if not any(
            standing.tests[c].intervals or standing.tests[c].status is not TestStatus.NOT_ATTEMPTED
            for c in _codes(rule.groups)
        ):
            continue
        path = tuple(_pick(group, standing.tests) for group in (m.split("|") for m in master.missing))
        actions.append(
            Action(
                ActionCode.EARN_MASTER,
                f"{rule.designation}: {len(path)} more to go ({', '.join(path)}).",
                series=code,
                tests=path,
            )
        )
    actions.sort(key=lambda a: (a.date or date.max, a.code, a.test or a.series or ""))
    return actions


_CODES: dict[tuple[tuple[str, ...], ...], tuple[str, ...]] = {}


def _codes(groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    found = _CODES.get(groups)
    if found is None:
        found = _CODES[groups] = tuple(c for g in groups for c in g)
    return found


def _test_actions(tests: Iterable[TestStanding], on: date, window: timedelta) -> Iterable[Action]:
    for s in tests:
        status = s.status
        if status is TestStatus.NOT_ATTEMPTED:
            continue
        if status is TestStatus.CERTIFIED and not s.entry_level and s.until is not None:
            if s.until - on <= window:
                yield Action(ActionCode.RECERTIFY, f"Recertify {s.test} before {s.until}.", test=s.test, date=s.until)
        elif status is TestStatus.EXPIRED and s.ever_certified:
            yield Action(
                ActionCode.RECERTIFY_EXPIRED,
                f"{s.test} expired on {s.expired_on}: take the recertification test.",
                test=s.test,
            )
        elif status is TestStatus.FAILED and s.retake_from is not None:
            when = f"from {s.retake_from}" if s.retake_from > on else "now"
            yield Action(ActionCode.RETAKE, f"Retake {s.test} {when}.", test=s.test, date=s.retake_from)
        elif status is TestStatus.AWAITING_EXPERIENCE:
            months = s.experience_missing_months or 0.0
            yield Action(
                ActionCode.DOCUMENT_EXPERIENCE,
                f"Document {months:g} more months of work experience to be certified in {s.test}.",
                test=s.test,
                months=months,
            )
            if Reason.EXPERIENCE_UNVERIFIED in s.reasons:
                yield Action(
                    ActionCode.VERIFY_EXPERIENCE,
                    "Ask your employer to confirm the experience records that are waiting.",
                    test=s.test,
                )


def _pick(group: Sequence[str], tests: dict[str, TestStanding] | object) -> str:
    standings = tests if isinstance(tests, dict) else {}
    return min(group, key=lambda c: _PATH_ORDER.get(standings[c].status, 9) if c in standings else 9)
