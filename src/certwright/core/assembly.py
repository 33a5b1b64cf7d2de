"""Fixed-form assembly: a test's blueprint and item pools -> one form in delivery order.

``assemble_form`` fills every content area with exactly its operational count, adds unscored
pretest items spread over the areas, shuffles everything together so pretest items cannot be told
apart by position, and returns a frozen :class:`Form`. It raises :class:`AssemblyError` (stable
reason codes, a plain message naming each short area) when no valid form exists.

Rules, in priority order: counts per area and enemy pairs are hard; items the candidate has seen
are avoided, then the least-exposed items are preferred, ties broken by the seeded generator.
Enemies are symmetric (if X lists Y, X and Y are enemies) and follow translations: a Spanish item
is the same content as its English source, so it inherits the source's enemies, exposure and
"seen" state, and never shares a form with it.

Reproducible: the same inputs and seed give the identical form on every Python version, because
only ``random.Random.random()`` (whose sequence Python guarantees) is used; shuffles sort by drawn
keys. The seed must come from the server (``secrets``) and stay there, or delivery order is
predictable. See ``docs/domain/forms-and-scoring.md``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

from certwright.core.catalog import TestSpec
from certwright.core.facts import ResultKind
from certwright.core.items import ItemStatus

SOURCE_LANGUAGE = "en"  # the bank's authoring language; other languages are translations of it

_T = TypeVar("_T")


class AssemblyReason(StrEnum):
    # assembly fails
    NO_BLUEPRINT = "no_blueprint"
    NO_RECERT_FORM = "no_recert_form"
    UNSUPPORTED_KIND = "unsupported_kind"
    LANGUAGE_NOT_OFFERED = "language_not_offered"
    DUPLICATE_ITEM = "duplicate_item"
    INSUFFICIENT_POOL = "insufficient_pool"
    # notes on an assembled form
    PRETEST_SHORT = "pretest_short"
    SEEN_ITEMS_USED = "seen_items_used"
    # validate_form
    AREA_COUNT_MISMATCH = "area_count_mismatch"
    TOO_MANY_UNSCORED = "too_many_unscored"
    UNKNOWN_ITEM = "unknown_item"
    WRONG_STATUS = "wrong_status"
    WRONG_AREA = "wrong_area"
    WRONG_LANGUAGE = "wrong_language"
    ENEMIES_TOGETHER = "enemies_together"


@dataclass(frozen=True, slots=True)
class PoolItem:
    """What assembly needs to know about one item. Statuses other than operational/pretest are ignored."""

    id: str
    area: str
    status: ItemStatus
    enemies: tuple[str, ...] = ()
    exposure: int = 0
    language: str = SOURCE_LANGUAGE
    translation_of: str | None = None


@dataclass(frozen=True, slots=True)
class Blueprint:
    """Operational items per content area (catalog order) and the number of unscored pretest slots."""

    test: str
    kind: ResultKind
    areas: tuple[tuple[str, int], ...]
    unscored: int

    @property
    def scored(self) -> int:
        return sum(count for _, count in self.areas)

    def count(self, area: str) -> int:
        return next((count for code, count in self.areas if code == area), 0)


@dataclass(frozen=True, slots=True)
class Slot:
    item_id: str
    area: str
    scored: bool


@dataclass(frozen=True, slots=True)
class Note:
    """Something staff should know about an assembled form: a reason code, the area, how many items."""

    code: AssemblyReason
    area: str | None
    count: int
    message: str


@dataclass(frozen=True, slots=True)
class Form:
    test: str
    kind: ResultKind
    language: str
    seed: int
    slots: tuple[Slot, ...]
    time_limit_minutes: int
    blueprint: Blueprint
    notes: tuple[Note, ...] = ()

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(slot.item_id for slot in self.slots)

    @property
    def scored_slots(self) -> tuple[Slot, ...]:
        return tuple(slot for slot in self.slots if slot.scored)


@dataclass(frozen=True, slots=True)
class Shortfall:
    """``short`` more operational items are needed in ``area``; the pool had ``eligible``."""

    area: str
    needed: int
    short: int
    eligible: int


class AssemblyError(ValueError):
    """No valid form: ``reasons`` are AssemblyReason codes, ``shortfalls`` the short areas."""

    def __init__(self, test: str, reasons: Sequence[str], message: str, shortfalls: Sequence[Shortfall] = ()) -> None:
        self.test = test
        self.reasons = tuple(reasons)
        self.shortfalls = tuple(shortfalls)
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class FormCheck:
    valid: bool
    reasons: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Candidate:
    item: PoolItem
    content: str  # the source item's id: one per form, whatever the language
    seen: bool
    exposure: int
    tiebreak: float


# -- blueprint ---------------------------------------------------------------------------------


def apportion(counts: Sequence[tuple[str, int]], total: int) -> tuple[tuple[str, int], ...]:
    """Scale area counts to ``total`` by largest remainder (ties: catalog order).

    Every area with a count > 0 keeps at least one item when ``total`` allows it; the item comes
    from the area whose share most exceeds its exact quota.
    """
    whole = sum(count for _, count in counts)
    if whole <= 0 or total <= 0:
        return tuple((code, 0) for code, _ in counts)
    exact = [Fraction(count * total, whole) for _, count in counts]
    shares = [int(q) for q in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    positive = [i for i, (_, count) in enumerate(counts) if count > 0]
    if total >= len(positive):
        for i in sorted((i for i in positive if shares[i] == 0), key=lambda i: (-exact[i], i)):
            donor = max((j for j in positive if shares[j] > 1), key=lambda j: (shares[j] - exact[j], -j))
            shares[donor] -= 1
            shares[i] += 1
    return tuple((code, share) for (code, _), share in zip(counts, shares, strict=True))


def blueprint_for(spec: TestSpec, kind: ResultKind = ResultKind.INITIAL, *, unscored: int | None = None) -> Blueprint:
    """The blueprint of ``spec`` for ``kind``; ``unscored`` overrides the pretest slots.

    Initial forms use the catalog counts and ``spec.unscored`` pretest slots. Recertification forms
    scale the counts to ``spec.recert_scored`` (:func:`apportion`) and carry no pretest slots unless
    ``unscored`` says so (the catalog does not say that recertification tests seed pretest items).
    """
    counts = [(area.code, area.count) for area in spec.areas]
    if spec.scored is None or not counts or any(count is None for _, count in counts):
        raise AssemblyError(spec.code, [AssemblyReason.NO_BLUEPRINT], f"{spec.code} has no blueprint in the catalog")
    known = [(code, int(count or 0)) for code, count in counts]
    if sum(count for _, count in known) != spec.scored:
        message = f"{spec.code}: the area counts add up to {sum(c for _, c in known)}, not {spec.scored} scored"
        raise AssemblyError(spec.code, [AssemblyReason.NO_BLUEPRINT], message)
    if kind is ResultKind.INITIAL:
        pretest = (spec.unscored or 0) if unscored is None else unscored
        return Blueprint(spec.code, kind, tuple(known), pretest)
    if kind is ResultKind.RECERTIFICATION:
        if spec.recert_scored is None:
            message = f"{spec.code} has no recertification test in the catalog"
            raise AssemblyError(spec.code, [AssemblyReason.NO_RECERT_FORM], message)
        return Blueprint(spec.code, kind, apportion(known, spec.recert_scored), unscored or 0)
    raise AssemblyError(spec.code, [AssemblyReason.UNSUPPORTED_KIND], f"no form is assembled for {kind} attempts")


def time_limit_minutes(spec: TestSpec, kind: ResultKind, n_slots: int, minutes_per_question: float) -> int:
    """The catalog's time limit for ``kind``, else ``minutes_per_question`` x slots, rounded half up."""
    fixed = spec.recert_minutes if kind is ResultKind.RECERTIFICATION else spec.minutes
    if fixed is not None:
        return fixed
    exact = Decimal(str(minutes_per_question)) * n_slots
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# -- assembly ----------------------------------------------------------------------------------


def assemble_form(
    spec: TestSpec,
    pool: Iterable[PoolItem],
    *,
    seed: int,
    minutes_per_question: float,
    kind: ResultKind = ResultKind.INITIAL,
    language: str = SOURCE_LANGUAGE,
    seen: frozenset[str] = frozenset(),
    unscored: int | None = None,
) -> Form:
    """Assemble one form of ``spec`` from ``pool`` (operational and pretest items, every language).

    ``seen``: operational item ids this candidate already saw. ``minutes_per_question``: the
    catalog's ``rules.default_minutes_per_question``, used when the test has no time limit.
    Raises AssemblyError: no_blueprint, no_recert_form, unsupported_kind, language_not_offered,
    duplicate_item, insufficient_pool.
    """
    blueprint = blueprint_for(spec, kind, unscored=unscored)
    if language not in spec.languages:
        message = f"{spec.code} is not offered in {language!r} (offered: {', '.join(spec.languages)})"
        raise AssemblyError(spec.code, [AssemblyReason.LANGUAGE_NOT_OFFERED], message)
    by_id = _index(spec.code, pool)
    rng = random.Random(seed)  # noqa: S311 - reproducible delivery order, not a secret
    operational, pretest = _candidates(by_id, language, seen, rng)
    enemies = _enemy_graph(by_id)
    chosen = _pick_operational(blueprint, operational, enemies)
    shortfalls = [
        Shortfall(area, need, need - len(chosen[area]), len(operational.get(area, ())))
        for area, need in blueprint.areas
        if len(chosen[area]) < need
    ]
    if shortfalls:
        raise AssemblyError(
            spec.code,
            [AssemblyReason.INSUFFICIENT_POOL],
            _shortfall_message(spec.code, language, shortfalls),
            shortfalls,
        )
    taken = {c.content for picked in chosen.values() for c in picked}
    extra = _pick_pretest(blueprint, pretest, enemies, taken, rng)
    slots = [Slot(c.item.id, area, scored=True) for area, picked in chosen.items() for c in picked]
    slots += [Slot(c.item.id, c.item.area, scored=False) for c in extra]
    ordered = tuple(_shuffled(slots, rng))
    return Form(
        test=spec.code,
        kind=kind,
        language=language,
        seed=seed,
        slots=ordered,
        time_limit_minutes=time_limit_minutes(spec, kind, len(ordered), minutes_per_question),
        blueprint=blueprint,
        notes=_notes(blueprint, chosen, len(extra)),
    )


def _index(test: str, pool: Iterable[PoolItem]) -> dict[str, PoolItem]:
    by_id: dict[str, PoolItem] = {}
    for item in pool:
        if item.id in by_id and by_id[item.id] != item:
            message = f"{test}: item {item.id} appears twice in the pool with different data"
            raise AssemblyError(test, [AssemblyReason.DUPLICATE_ITEM], message)
        by_id[item.id] = item
    return by_id


def _content(item: PoolItem) -> str:
    return item.translation_of or item.id


def _eligible_language(item: PoolItem, by_id: Mapping[str, PoolItem], language: str) -> bool:
    if item.language != language:
        return False
    if item.translation_of is None:
        return language == SOURCE_LANGUAGE
    source = by_id.get(item.translation_of)
    return (
        source is not None
        and source.translation_of is None
        and source.language == SOURCE_LANGUAGE
        and source.area == item.area
        and source.status == item.status
    )


def _candidates(
    by_id: Mapping[str, PoolItem], language: str, seen: frozenset[str], rng: random.Random
) -> tuple[dict[str, list[_Candidate]], dict[str, list[_Candidate]]]:
    """Eligible operational and pretest candidates per area, best first."""
    seen_content = {_content(by_id[s]) if s in by_id else s for s in seen}
    out: dict[ItemStatus, dict[str, list[_Candidate]]] = {ItemStatus.OPERATIONAL: {}, ItemStatus.PRETEST: {}}
    for item_id in sorted(by_id):
        item = by_id[item_id]
        tiebreak = rng.random()  # drawn for every item so eligibility does not shift other draws
        if item.status not in out or not _eligible_language(item, by_id, language):
            continue
        source = by_id.get(item.translation_of) if item.translation_of else None
        exposure = item.exposure + (source.exposure if source else 0)
        content = _content(item)
        candidate = _Candidate(item, content, content in seen_content, exposure, tiebreak)
        out[item.status].setdefault(item.area, []).append(candidate)
    for per_area in out.values():
        for cands in per_area.values():
            cands.sort(key=lambda c: (c.seen, c.exposure, c.tiebreak, c.item.id))
    return out[ItemStatus.OPERATIONAL], out[ItemStatus.PRETEST]


def _enemy_graph(by_id: Mapping[str, PoolItem]) -> dict[str, set[str]]:
    """Content id -> the content ids it may not share a form with (symmetric)."""
    graph: dict[str, set[str]] = {}
    for item in by_id.values():
        mine = _content(item)
        for enemy_id in item.enemies:
            other = _content(by_id[enemy_id]) if enemy_id in by_id else enemy_id
            if other != mine:
                graph.setdefault(mine, set()).add(other)
                graph.setdefault(other, set()).add(mine)
    return graph


def _blocked(candidate: _Candidate, taken: set[str], enemies: Mapping[str, set[str]]) -> bool:
    return candidate.content in taken or not enemies.get(candidate.content, set()).isdisjoint(taken)


def _pick_operational(
    blueprint: Blueprint, cands: Mapping[str, list[_Candidate]], enemies: Mapping[str, set[str]]
) -> dict[str, list[_Candidate]]:
    """Greedy fill, tightest area first, then single-swap repairs of areas enemies left short."""
    chosen: dict[str, list[_Candidate]] = {area: [] for area, _ in blueprint.areas}
    taken: set[str] = set()
    order = sorted(
        range(len(blueprint.areas)),
        key=lambda i: (len(cands.get(blueprint.areas[i][0], ())) - blueprint.areas[i][1], i),
    )
    for i in order:
        area, need = blueprint.areas[i]
        for c in cands.get(area, ()):
            if len(chosen[area]) >= need:
                break
            if not _blocked(c, taken, enemies):
                chosen[area].append(c)
                taken.add(c.content)
    for area, need in blueprint.areas:
        if len(chosen[area]) < need:
            _repair(area, need, cands, chosen, taken, enemies)
    return chosen


def _repair(
    area: str,
    need: int,
    cands: Mapping[str, list[_Candidate]],
    chosen: dict[str, list[_Candidate]],
    taken: set[str],
    enemies: Mapping[str, set[str]],
) -> None:
    """Place a blocked candidate of ``area`` by moving its one blocking enemy's area to another item."""
    for c in cands.get(area, ()):
        if len(chosen[area]) >= need:
            return
        blockers = enemies.get(c.content, set()) & taken
        if c.content in taken or len(blockers) != 1:
            continue
        (blocker,) = blockers
        b_area, b = next((a, x) for a, picked in chosen.items() for x in picked if x.content == blocker)
        if b_area == area:
            continue
        chosen[b_area].remove(b)
        taken.discard(blocker)
        taken.add(c.content)
        swap = next((r for r in cands.get(b_area, ()) if r is not b and not _blocked(r, taken, enemies)), None)
        if swap is None:
            taken.discard(c.content)
            taken.add(blocker)
            chosen[b_area].append(b)
            continue
        chosen[area].append(c)
        chosen[b_area].append(swap)
        taken.add(swap.content)


def _pick_pretest(
    blueprint: Blueprint,
    cands: Mapping[str, list[_Candidate]],
    enemies: Mapping[str, set[str]],
    taken: set[str],
    rng: random.Random,
) -> list[_Candidate]:
    """Round-robin over the areas (in a seeded order) so pretest items spread as evenly as possible."""
    pending = {area: iter(cands.get(area, ())) for area in _shuffled([a for a, _ in blueprint.areas], rng)}
    picked: list[_Candidate] = []
    while len(picked) < blueprint.unscored and pending:
        for area in list(pending):
            if len(picked) >= blueprint.unscored:
                break
            found = next((c for c in pending[area] if not _blocked(c, taken, enemies)), None)
            if found is None:
                del pending[area]
                continue
            picked.append(found)
            taken.add(found.content)
    return picked


def _shuffled(values: Sequence[_T], rng: random.Random) -> list[_T]:
    keys = [rng.random() for _ in values]
    return [values[i] for i in sorted(range(len(values)), key=lambda i: (keys[i], i))]


def _shortfall_message(test: str, language: str, shortfalls: Sequence[Shortfall]) -> str:
    parts = []
    for s in shortfalls:
        text = f"area {s.area} lacks {s.short} operational item(s) (needs {s.needed}, {s.eligible} eligible"
        text += ", the rest blocked by enemy items)" if s.eligible >= s.needed else ")"
        parts.append(text)
    return f"{test} ({language}): not enough items: " + "; ".join(parts)


def _notes(blueprint: Blueprint, chosen: Mapping[str, list[_Candidate]], n_pretest: int) -> tuple[Note, ...]:
    notes: list[Note] = []
    for area, picked in chosen.items():
        reused = sum(1 for c in picked if c.seen)
        if reused:
            message = f"area {area}: {reused} item(s) the candidate has seen were used; the pool had too few others"
            notes.append(Note(AssemblyReason.SEEN_ITEMS_USED, area, reused, message))
    if n_pretest < blueprint.unscored:
        missing = blueprint.unscored - n_pretest
        message = f"{n_pretest} of {blueprint.unscored} pretest slots filled; {missing} eligible item(s) missing"
        notes.append(Note(AssemblyReason.PRETEST_SHORT, None, missing, message))
    return tuple(notes)


# -- validation --------------------------------------------------------------------------------


def validate_form(form: Form, pool: Iterable[PoolItem]) -> FormCheck:
    """Re-check a form against its blueprint and the pool before publishing it."""
    by_id = {item.id: item for item in pool}
    problems = [*_check_slots(form, by_id), *_check_counts(form), *_check_enemies(form, by_id)]
    reasons = tuple(dict.fromkeys(code for code, _ in problems))
    return FormCheck(valid=not problems, reasons=reasons, messages=tuple(message for _, message in problems))


def _check_slots(form: Form, by_id: Mapping[str, PoolItem]) -> Iterable[tuple[str, str]]:
    contents: set[str] = set()
    areas = {code for code, _ in form.blueprint.areas}
    for slot in form.slots:
        item = by_id.get(slot.item_id)
        if item is None:
            yield AssemblyReason.UNKNOWN_ITEM, f"item {slot.item_id} is not in the pool"
            continue
        wanted = ItemStatus.OPERATIONAL if slot.scored else ItemStatus.PRETEST
        if item.status != wanted:
            yield AssemblyReason.WRONG_STATUS, f"item {item.id} is {item.status}, the slot needs {wanted}"
        if item.area != slot.area or slot.area not in areas:
            yield AssemblyReason.WRONG_AREA, f"item {item.id} is in area {item.area}, slot says {slot.area}"
        if not _eligible_language(item, by_id, form.language):
            yield AssemblyReason.WRONG_LANGUAGE, f"item {item.id} is not an eligible {form.language} item"
        if _content(item) in contents:
            yield AssemblyReason.DUPLICATE_ITEM, f"item {item.id} repeats content already on the form"
        contents.add(_content(item))


def _check_counts(form: Form) -> Iterable[tuple[str, str]]:
    for area, need in form.blueprint.areas:
        have = sum(1 for slot in form.slots if slot.scored and slot.area == area)
        if have != need:
            yield AssemblyReason.AREA_COUNT_MISMATCH, f"area {area} has {have} scored items, the blueprint needs {need}"
    unscored = sum(1 for slot in form.slots if not slot.scored)
    if unscored > form.blueprint.unscored:
        message = f"{unscored} unscored items, the blueprint allows {form.blueprint.unscored}"
        yield AssemblyReason.TOO_MANY_UNSCORED, message


def _check_enemies(form: Form, by_id: Mapping[str, PoolItem]) -> Iterable[tuple[str, str]]:
    enemies = _enemy_graph(by_id)
    contents = {_content(by_id[s.item_id]): s.item_id for s in form.slots if s.item_id in by_id}
    reported: set[frozenset[str]] = set()
    for content, item_id in contents.items():
        for other in sorted(enemies.get(content, set()) & contents.keys()):
            pair = frozenset((content, other))
            if pair not in reported:
                reported.add(pair)
                yield AssemblyReason.ENEMIES_TOGETHER, f"items {item_id} and {contents[other]} are enemies"
