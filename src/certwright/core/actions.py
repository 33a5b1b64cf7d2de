"""Next actions: what a person should do next, derived from their standing.

:func:`next_actions` reads them off a :class:`~certwright.core.standing_records.Standing`. The
standing engine makes the same steps while it evaluates (each test's step in
:func:`certwright.core.standing_scan.evaluate_results`, each Master series' step in
:func:`certwright.core.standing.evaluate_standing`) with the functions below, so each step's
wording lives here only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from certwright.core.decisions import ActionCode, MasterStatus, Reason, TestStatus
from certwright.core.fastbuild import builder
from certwright.core.standing_records import Action

__all__ = [  # Action is re-exported
    "Action",
    "experience_actions",
    "master_action",
    "next_actions",
    "recertify_action",
    "recertify_expired_action",
    "retake_action",
    "series_info",
    "soonest",
]

if TYPE_CHECKING:
    from certwright.core.catalog import Catalog, MasterRule
    from certwright.core.standing_records import MasterStanding, Standing, TestStanding


_new_action = builder(Action)

_PATH_ORDER = {
    TestStatus.AWAITING_EXPERIENCE: 0,
    TestStatus.EXPIRED: 1,
    TestStatus.FAILED: 2,
    TestStatus.NOT_ATTEMPTED: 3,
}


def next_actions(standing: Standing, catalog: Catalog, attempted: Iterable[TestStanding] | None = None) -> list[Action]:
    """Suggested steps, soonest first. ``attempted``: the tests with results (default: all)."""
    tests = standing.tests
    on = standing.as_of
    window, series = series_info(catalog)
    actions = _test_actions(tests.values() if attempted is None else attempted, on, window)
    for code, master in standing.masters.items():
        info = series[code]
        if master.status is not _MASTER and not any(
            tests[c].intervals or tests[c].status is not _NOT_ATTEMPTED for c in info[1]
        ):
            continue
        action = master_action(code, master, tests, on, window, info)
        if action is not None:
            actions.append(action)
    if len(actions) > 1:
        actions.sort(key=soonest)
    return actions


SeriesInfo = tuple["MasterRule", tuple[str, ...], bool]
"""A Master rule, its tests in order, and whether each of its groups is one test."""

_CATALOGS: dict[int, tuple[Catalog, timedelta, dict[str, SeriesInfo]]] = {}


def series_info(catalog: Catalog) -> tuple[timedelta, dict[str, SeriesInfo]]:
    """The recertification offer window, and per Master series its :data:`SeriesInfo` (made once per catalog)."""
    found = _CATALOGS.get(id(catalog))
    if found is None or found[0] is not catalog:
        series: dict[str, SeriesInfo] = {}
        for code, rule in catalog.masters.items():
            codes = tuple(c for g in rule.groups for c in g)
            series[code] = (rule, codes, all(len(g) == 1 for g in rule.groups) and not any("|" in c for c in codes))
        if len(_CATALOGS) >= 64:
            _CATALOGS.clear()
        found = _CATALOGS[id(catalog)] = (catalog, timedelta(days=catalog.rules.recert_offer_window_days), series)
    return found[1], found[2]


def master_action(
    code: str,
    master: MasterStanding,
    tests: Mapping[str, TestStanding],
    on: date,
    window: timedelta,
    info: SeriesInfo,
) -> Action | None:
    """The step for Master series ``code``: keep it (when it ends within the window) or earn it.

    The caller skips a series that is not Master and none of whose tests has a result that counts
    or a certification.
    """
    rule, _, single = info
    if master.status is _MASTER:
        if master.until is not None and master.until - on <= window:
            text = f"Renew before {_ISO[master.until]} to keep {rule.designation}."
            return _new_action(ActionCode.KEEP_MASTER, text, None, code, master.until, None, ())
        return None
    path = master.missing if single else tuple(_pick(group, tests) for group in map(_split, master.missing))
    key = (rule.designation, code, path)
    action = _EARN.get(key)
    if action is None:
        text = f"{rule.designation}: {len(path)} more to go ({', '.join(path)})."
        action = _new_action(ActionCode.EARN_MASTER, text, None, code, None, None, path)
        if len(_EARN) < _CACHE_LIMIT:
            _EARN[key] = action
    return action


def soonest(a: Action) -> tuple[date, str, str]:
    """The order of the steps: by day (steps without one last), then code, then test or series."""
    return a.date or date.max, a.code, a.test or a.series or ""


def recertify_action(test: str, until: date) -> Action:
    """Recertify a current certification that ends within the offer window."""
    return _new_action(_RECERTIFY, f"Recertify {test} before {_ISO[until]}.", test, None, until, None, ())


def recertify_expired_action(test: str, expired_on: date | None) -> Action:
    """Take the recertification test of an expired professional certification."""
    shown = "None" if expired_on is None else _ISO[expired_on]
    text = f"{test} expired on {shown}: take the recertification test."
    return _new_action(_RECERTIFY_EXPIRED, text, test, None, None, None, ())


def retake_action(test: str, retake: date, on: date) -> Action:
    """Retake a failed test (from ``retake``, or now when the wait is over)."""
    text = f"Retake {test} from {_ISO[retake]}." if retake > on else f"Retake {test} now."
    return _new_action(_RETAKE, text, test, None, retake, None, ())


def experience_actions(test: str, months: float | None, reasons: Sequence[str]) -> list[Action]:
    """Document the missing experience (and have waiting records confirmed) for a pass awaiting it."""
    months = months or 0.0
    text = f"Document {months:g} more months of work experience to be certified in {test}."
    actions = [_new_action(ActionCode.DOCUMENT_EXPERIENCE, text, test, None, None, months, ())]
    if Reason.EXPERIENCE_UNVERIFIED in reasons:
        text = "Ask your employer to confirm the experience records that are waiting."
        actions.append(_new_action(ActionCode.VERIFY_EXPERIENCE, text, test, None, None, None, ()))
    return actions


class _IsoDays(dict[date, str]):
    """``day.isoformat()`` remembered per day (action texts name days; formatting one is slow)."""

    __slots__ = ()

    def __missing__(self, day: date) -> str:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        text = self[day] = day.isoformat()
        return text


_CACHE_LIMIT = 50_000
_ISO = _IsoDays()
_EARN: dict[tuple[str, str, tuple[str, ...]], Action] = {}  # an "earn Master" step is the same for everyone
_SPLIT: dict[str, tuple[str, ...]] = {}


def _split(missing: str) -> tuple[str, ...]:
    """A Master's missing group (``A1`` or ``H1|H2``) as its tests."""
    found = _SPLIT.get(missing)
    if found is None:
        found = tuple(missing.split("|"))
        if len(_SPLIT) < _CACHE_LIMIT:
            _SPLIT[missing] = found
    return found


def _test_actions(tests: Iterable[TestStanding], on: date, window: timedelta) -> list[Action]:
    actions: list[Action] = []
    for s in tests:
        status = s.status
        if status is _CERTIFIED:
            until = s.until
            if not s.entry_level and until is not None and until - on <= window:
                actions.append(recertify_action(s.test, until))
        elif status is _EXPIRED:
            if any(not interval.entry_level for interval in s.intervals):  # it was a professional certification
                actions.append(recertify_expired_action(s.test, s.expired_on))
        elif status is _FAILED:
            if s.retake_from is not None:
                actions.append(retake_action(s.test, s.retake_from, on))
        elif status is _AWAITING_EXPERIENCE:
            actions.extend(experience_actions(s.test, s.experience_missing_months, s.reasons))
    return actions


_CERTIFIED, _EXPIRED, _FAILED = TestStatus.CERTIFIED, TestStatus.EXPIRED, TestStatus.FAILED
_NOT_ATTEMPTED, _AWAITING_EXPERIENCE = TestStatus.NOT_ATTEMPTED, TestStatus.AWAITING_EXPERIENCE
_MASTER = MasterStatus.MASTER
_RECERTIFY, _RECERTIFY_EXPIRED, _RETAKE = ActionCode.RECERTIFY, ActionCode.RECERTIFY_EXPIRED, ActionCode.RETAKE


def _pick(group: Sequence[str], tests: Mapping[str, TestStanding] | object) -> str:
    if len(group) == 1:
        return group[0]
    standings = tests if isinstance(tests, dict) else {}
    return min(group, key=lambda c: _PATH_ORDER.get(standings[c].status, 9) if c in standings else 9)
