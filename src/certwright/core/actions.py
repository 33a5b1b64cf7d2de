"""Next actions: what a person should do next, derived from their standing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from certwright.core.decisions import ActionCode, MasterStatus, Reason, TestStatus
from certwright.core.fastbuild import builder
from certwright.core.standing_records import Action

__all__ = ["Action", "attempted_actions", "next_actions"]  # Action is re-exported

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
    chosen = tests.values() if attempted is None else attempted
    return _actions(tests, standing.masters, catalog, standing.as_of, chosen, None)


def attempted_actions(
    tests: Mapping[str, TestStanding],
    masters: Mapping[str, MasterStanding],
    catalog: Catalog,
    on: date,
    attempted: Mapping[str, TestStanding],
) -> list[Action]:
    """:func:`next_actions` for a standing being evaluated.

    ``attempted`` maps the tests with results to their standings; every other test of ``tests`` is
    ``not_attempted`` without certifications, so a series none of whose tests were attempted is
    skipped without looking at them.
    """
    return _actions(tests, masters, catalog, on, attempted.values(), attempted)


def _actions(
    tests: Mapping[str, TestStanding],
    masters: Mapping[str, MasterStanding],
    catalog: Catalog,
    on: date,
    attempted: Iterable[TestStanding],
    attempted_codes: Mapping[str, TestStanding] | None,
) -> list[Action]:
    found = _CATALOGS.get(id(catalog))
    if found is None or found[0] is not catalog:
        found = _catalog_info(catalog)
    window, series = found[1], found[2]
    actions = _test_actions(attempted, on, window)
    touched = None if attempted_codes is None else attempted_codes.keys()
    for code, master in masters.items():
        rule, codes, single, code_set = series[code]
        if master.status is _MASTER:
            if master.until is not None and master.until - on <= window:
                text = f"Renew before {_ISO[master.until]} to keep {rule.designation}."
                actions.append(_new_action(ActionCode.KEEP_MASTER, text, None, code, master.until, None, ()))
            continue
        if touched is None:
            if not any(tests[c].intervals or tests[c].status is not _NOT_ATTEMPTED for c in codes):
                continue
        else:  # a test without results is not attempted and holds no certification
            for c in code_set.intersection(touched):
                if tests[c].intervals or tests[c].status is not _NOT_ATTEMPTED:
                    break
            else:
                continue
        path = master.missing if single else tuple(_pick(group, tests) for group in map(_split, master.missing))
        key = (rule.designation, code, path)
        action = _EARN.get(key)
        if action is None:
            text = f"{rule.designation}: {len(path)} more to go ({', '.join(path)})."
            action = _new_action(ActionCode.EARN_MASTER, text, None, code, None, None, path)
            if len(_EARN) < _CACHE_LIMIT:
                _EARN[key] = action
        actions.append(action)
    if len(actions) > 1:
        actions.sort(key=_soonest)
    return actions


_SeriesInfo = dict[str, tuple["MasterRule", tuple[str, ...], bool, frozenset[str]]]
_CATALOGS: dict[int, tuple[Catalog, timedelta, _SeriesInfo]] = {}


def _catalog_info(catalog: Catalog) -> tuple[Catalog, timedelta, _SeriesInfo]:
    """The offer window, and per Master rule its tests (in order and as a set) and whether each group is one test."""
    series: _SeriesInfo = {}
    for code, rule in catalog.masters.items():
        codes = tuple(c for g in rule.groups for c in g)
        single = all(len(g) == 1 for g in rule.groups) and not any("|" in c for c in codes)
        series[code] = (rule, codes, single, frozenset(codes))
    if len(_CATALOGS) >= 64:
        _CATALOGS.clear()
    found = _CATALOGS[id(catalog)] = (catalog, timedelta(days=catalog.rules.recert_offer_window_days), series)
    return found


def _soonest(a: Action) -> tuple[date, str, str]:
    return a.date or date.max, a.code, a.test or a.series or ""


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
                text = f"Recertify {s.test} before {_ISO[until]}."
                actions.append(_new_action(_RECERTIFY, text, s.test, None, until, None, ()))
        elif status is _EXPIRED:
            for interval in s.intervals:
                if not interval.entry_level:  # it was a professional certification
                    expired_on = s.expired_on
                    shown = "None" if expired_on is None else _ISO[expired_on]
                    text = f"{s.test} expired on {shown}: take the recertification test."
                    actions.append(_new_action(_RECERTIFY_EXPIRED, text, s.test, None, None, None, ()))
                    break
        elif status is _FAILED:
            retake = s.retake_from
            if retake is not None:
                text = f"Retake {s.test} from {_ISO[retake]}." if retake > on else f"Retake {s.test} now."
                actions.append(_new_action(_RETAKE, text, s.test, None, retake, None, ()))
        elif status is _AWAITING_EXPERIENCE:
            months = s.experience_missing_months or 0.0
            text = f"Document {months:g} more months of work experience to be certified in {s.test}."
            actions.append(_new_action(ActionCode.DOCUMENT_EXPERIENCE, text, s.test, None, None, months, ()))
            if Reason.EXPERIENCE_UNVERIFIED in s.reasons:
                text = "Ask your employer to confirm the experience records that are waiting."
                actions.append(_new_action(ActionCode.VERIFY_EXPERIENCE, text, s.test, None, None, None, ()))
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
