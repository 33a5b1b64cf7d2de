"""Form assembly: blueprints, hard rules (counts, enemies), preferences (seen, exposure), languages."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certwright.core.assembly import (
    AssemblyError,
    AssemblyReason,
    Blueprint,
    Form,
    PoolItem,
    Shortfall,
    Slot,
    apportion,
    assemble_form,
    blueprint_for,
    time_limit_minutes,
    validate_form,
)
from certwright.core.catalog import TestSpec, load_catalog
from certwright.core.facts import ResultKind
from certwright.core.items import ItemStatus, ItemUse
from certwright.interchange import load_items

CATALOG = load_catalog()
MPQ = CATALOG.rules.default_minutes_per_question
FULL_FORM = ("A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "G1")
KINDS = (ResultKind.INITIAL, ResultKind.RECERTIFICATION)
OP, PRE = ItemStatus.OPERATIONAL, ItemStatus.PRETEST
BANK = Path(__file__).resolve().parents[2] / "src" / "certwright" / "bank"


def spec(code: str, **changes: object) -> TestSpec:
    return dataclasses.replace(CATALOG.test(code), **changes)  # type: ignore[arg-type]


def pool_for(
    blueprint: Blueprint, *, extra: int = 2, pretest: int = 3, spanish: bool = False, prefix: str = ""
) -> list[PoolItem]:
    """``count + extra`` operational and ``pretest`` pretest items per area, ids like ``A-op-3``."""
    items = []
    for area, count in blueprint.areas:
        items += [PoolItem(f"{prefix}{area}-op-{i}", area, OP) for i in range(count + extra)]
        items += [PoolItem(f"{prefix}{area}-pre-{i}", area, PRE) for i in range(pretest)]
    if spanish:
        items += [dataclasses.replace(it, id=f"{it.id}-es", language="es", translation_of=it.id) for it in items]
    return items


def assemble(code: str, pool: Sequence[PoolItem], **kwargs: object) -> Form:
    return assemble_form(CATALOG.test(code), pool, minutes_per_question=MPQ, **{"seed": 7, **kwargs})  # type: ignore[arg-type]


def scored_counts(form: Form) -> dict[str, int]:
    return dict(Counter(slot.area for slot in form.slots if slot.scored))


def expected_counts(blueprint: Blueprint) -> dict[str, int]:
    return {area: count for area, count in blueprint.areas if count}


def enemy_pairs_on(form: Form, pool: Sequence[PoolItem]) -> list[tuple[str, str]]:
    by_id = {it.id: it for it in pool}
    content = {s.item_id: by_id[s.item_id].translation_of or s.item_id for s in form.slots}
    on_form = set(content.values())
    pairs = []
    for item in pool:
        mine = item.translation_of or item.id
        for enemy in item.enemies:
            other = by_id[enemy].translation_of or enemy if enemy in by_id else enemy
            if mine != other and mine in on_form and other in on_form:
                pairs.append((mine, other))
    return pairs


# -- blueprints --------------------------------------------------------------------------------


@pytest.mark.parametrize("code", FULL_FORM)
@pytest.mark.parametrize("kind", KINDS)
def test_blueprint_matches_catalog(code: str, kind: ResultKind) -> None:
    test = CATALOG.test(code)
    blueprint = blueprint_for(test, kind)
    target = test.scored if kind is ResultKind.INITIAL else test.recert_scored
    assert blueprint.scored == target
    assert [area for area, _ in blueprint.areas] == [a.code for a in test.areas]
    assert all(count >= 1 for _, count in blueprint.areas)
    assert blueprint.unscored == (test.unscored if kind is ResultKind.INITIAL else 0)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("A1", (("A", 10), ("B", 3), ("C", 2), ("D", 5), ("E", 5))),
        ("A2", (("A", 14), ("B", 7), ("C", 4))),
        ("A9", (("A", 5), ("B", 3), ("C", 2), ("D", 3), ("E", 6), ("F", 6))),
        ("G1", (("A", 5), ("B", 2), ("C", 3), ("D", 7), ("E", 6), ("F", 5), ("G", 2))),
    ],
)
def test_recert_blueprint_rows(code: str, expected: tuple[tuple[str, int], ...]) -> None:
    assert blueprint_for(CATALOG.test(code), ResultKind.RECERTIFICATION).areas == expected


@pytest.mark.parametrize(
    ("counts", "total", "expected"),
    [
        ([("A", 10), ("B", 1)], 2, [("A", 1), ("B", 1)]),  # B keeps one item
        ([("A", 1), ("B", 1), ("C", 1)], 2, [("A", 1), ("B", 1), ("C", 0)]),  # too few for all: catalog order
        ([("A", 3), ("B", 0), ("C", 1)], 8, [("A", 6), ("B", 0), ("C", 2)]),  # empty areas stay empty
        ([("A", 5), ("B", 5)], 10, [("A", 5), ("B", 5)]),
        ([("A", 5), ("B", 5)], 0, [("A", 0), ("B", 0)]),
    ],
)
def test_apportion_rows(counts: list[tuple[str, int]], total: int, expected: list[tuple[str, int]]) -> None:
    assert apportion(counts, total) == tuple(expected)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=9).filter(any),
    st.integers(min_value=0, max_value=80),
)
def test_apportion_properties(counts: list[int], total: int) -> None:
    named = [(chr(65 + i), c) for i, c in enumerate(counts)]
    shares = dict(apportion(named, total))
    assert sum(shares.values()) == total
    assert all(shares[code] == 0 for code, c in named if c == 0)
    positive = [code for code, c in named if c > 0]
    if total >= len(positive):
        assert all(shares[code] >= 1 for code in positive)
    if total == sum(counts):
        assert shares == dict(named)


@pytest.mark.parametrize(
    ("code", "changes", "kind", "reason"),
    [
        ("C1", {}, ResultKind.INITIAL, AssemblyReason.NO_BLUEPRINT),
        ("A1", {"scored": 44}, ResultKind.INITIAL, AssemblyReason.NO_BLUEPRINT),
        ("A1", {"recert_scored": None}, ResultKind.RECERTIFICATION, AssemblyReason.NO_RECERT_FORM),
        ("A1", {}, ResultKind.ENTRY_LEVEL, AssemblyReason.UNSUPPORTED_KIND),
    ],
)
def test_blueprint_errors(code: str, changes: dict[str, object], kind: ResultKind, reason: str) -> None:
    with pytest.raises(AssemblyError) as err:
        blueprint_for(spec(code, **changes), kind)
    assert err.value.reasons == (reason,)


@pytest.mark.parametrize(
    ("code", "kind", "n_slots", "mpq", "minutes"),
    [
        ("A1", ResultKind.INITIAL, 55, 1.5, 83),  # 82.5 rounds half up
        ("A1", ResultKind.INITIAL, 35, 1.5, 53),  # 52.5 rounds half up (not to even)
        ("A1", ResultKind.INITIAL, 35, 1.1, 39),  # 38.5, exact in decimal
        ("A1", ResultKind.RECERTIFICATION, 25, 1.5, 30),  # recert_minutes from the catalog
        ("G1", ResultKind.INITIAL, 65, 1.5, 90),  # minutes from the catalog
        ("G1", ResultKind.RECERTIFICATION, 30, 1.5, 45),
    ],
)
def test_time_limit_rows(code: str, kind: ResultKind, n_slots: int, mpq: float, minutes: int) -> None:
    assert time_limit_minutes(CATALOG.test(code), kind, n_slots, mpq) == minutes


# -- counts, validity, time ---------------------------------------------------------------------


@pytest.mark.parametrize("code", FULL_FORM)
@pytest.mark.parametrize("kind", KINDS)
def test_every_full_form_test_assembles_exactly(code: str, kind: ResultKind) -> None:
    blueprint = blueprint_for(CATALOG.test(code), kind)
    pool = pool_for(blueprint, pretest=4)
    form = assemble(code, pool, kind=kind)
    assert scored_counts(form) == expected_counts(blueprint)
    assert sum(not s.scored for s in form.slots) == blueprint.unscored
    assert len(set(form.item_ids)) == len(form.slots)
    assert validate_form(form, pool).valid
    assert form.time_limit_minutes == time_limit_minutes(CATALOG.test(code), kind, len(form.slots), MPQ)
    assert form.notes == ()


@st.composite
def pools_large_enough(draw: st.DrawFn) -> tuple[str, ResultKind, list[PoolItem]]:
    """Random pools where each area has count + (enemy pairs) + slack items: a form always exists."""
    code = draw(st.sampled_from(FULL_FORM))
    kind = draw(st.sampled_from(KINDS))
    blueprint = blueprint_for(CATALOG.test(code), kind)
    n_pairs = draw(st.integers(min_value=0, max_value=12))
    items: list[PoolItem] = []
    for area, count in blueprint.areas:
        size = count + n_pairs + draw(st.integers(min_value=0, max_value=3))
        # a few pretest and retired items among the operational ones, each with an exposure 0-5
        other = draw(st.lists(st.integers(0, size - 1), max_size=4, unique=True))
        exposures = draw(st.lists(st.integers(0, 5), min_size=size, max_size=size))
        statuses = [PRE if i % 2 else ItemStatus.RETIRED for i in range(len(other))]
        kinds = dict(zip(other, statuses, strict=True))
        items += [PoolItem(f"{area}-{i}", area, kinds.get(i, OP), exposure=exposures[i]) for i in range(size)]
        items += [PoolItem(f"{area}-x{i}", area, OP) for i in range(len(other))]  # keeps count + n_pairs
    pairs = draw(st.lists(st.tuples(st.integers(0, len(items) - 1), st.integers(0, len(items) - 1)), max_size=n_pairs))
    for a, b in pairs:
        items[a] = dataclasses.replace(items[a], enemies=(*items[a].enemies, items[b].id))
    order = draw(st.permutations(items))
    return code, kind, list(order)


@settings(max_examples=40, deadline=None)
@given(pools_large_enough(), st.integers())
def test_random_large_pools_give_exact_counts_and_no_enemies(
    case: tuple[str, ResultKind, list[PoolItem]], seed: int
) -> None:
    code, kind, pool = case
    form = assemble(code, pool, kind=kind, seed=seed)
    assert scored_counts(form) == expected_counts(form.blueprint)
    assert enemy_pairs_on(form, pool) == []
    check = validate_form(form, pool)
    assert check.valid, check.messages


# -- enemies ------------------------------------------------------------------------------------


def test_enemies_are_symmetric_and_never_together() -> None:
    blueprint = blueprint_for(CATALOG.test("A2"))
    pool = pool_for(blueprint, extra=1, pretest=0)
    # A-op-0 names B-op-0 only; B-op-1 is named by nobody but names A-op-1.
    pool = [
        dataclasses.replace(it, enemies=("B-op-0",))
        if it.id == "A-op-0"
        else dataclasses.replace(it, enemies=("A-op-1",))
        if it.id == "B-op-1"
        else it
        for it in pool
    ]
    for seed in range(20):
        form = assemble("A2", pool, seed=seed)
        assert scored_counts(form) == expected_counts(blueprint)
        assert enemy_pairs_on(form, pool) == []


def test_enemy_swap_finds_the_only_valid_form() -> None:
    """A is filled first and takes its least-exposed A-0, whose enemies B-0 and B-1 area B needs both.

    The repair moves A to its spare item A-26 so that B can be filled.
    """
    test = spec("A2", areas=CATALOG.test("A2").areas[:2], scored=38)
    pool = [
        *(PoolItem(f"A-{i}", "A", OP, exposure=0 if i == 0 else 9 if i == 26 else 1) for i in range(27)),
        *(PoolItem(f"B-{i}", "B", OP, enemies=("A-0",) if i < 2 else ()) for i in range(13)),
    ]
    for seed in range(5):
        form = assemble_form(test, pool, seed=seed, minutes_per_question=MPQ)
        assert scored_counts(form) == {"A": 26, "B": 12}
        assert "A-0" not in form.item_ids
        assert "A-26" in form.item_ids


def test_pretest_items_respect_enemies_of_operational_items() -> None:
    blueprint = blueprint_for(CATALOG.test("A2"))
    pool = [*pool_for(blueprint, extra=0, pretest=0), PoolItem("A-pre-x", "A", PRE, enemies=("A-op-0",))]
    form = assemble("A2", pool)
    assert "A-pre-x" not in form.item_ids
    assert [n.code for n in form.notes] == [AssemblyReason.PRETEST_SHORT]
    assert form.notes[0].count == 10


# -- reproducibility and order ---------------------------------------------------------------------


def test_same_inputs_and_seed_give_the_same_form_whatever_the_pool_order() -> None:
    pool = pool_for(blueprint_for(CATALOG.test("A1")), extra=4, pretest=4)
    first = assemble("A1", pool, seed=42)
    assert assemble("A1", pool, seed=42) == first
    assert assemble("A1", list(reversed(pool)), seed=42) == first


def test_different_seeds_give_different_orders() -> None:
    pool = pool_for(blueprint_for(CATALOG.test("A1")))
    orders = {assemble("A1", pool, seed=seed).item_ids for seed in range(20)}
    assert len(orders) == 20


def test_pretest_positions_are_not_predictable() -> None:
    pool = pool_for(blueprint_for(CATALOG.test("A1")))
    positions: list[int] = []
    for seed in range(200):
        form = assemble("A1", pool, seed=seed)
        mine = [i for i, slot in enumerate(form.slots) if not slot.scored]
        assert len(mine) == 10
        assert mine != list(range(45, 55))
        assert mine != list(range(10))
        positions += mine
    n = 55
    thirds = Counter(3 * p // n for p in positions)
    assert all(thirds[t] > 0.25 * len(positions) for t in range(3))  # each third holds about 1/3
    assert abs(sum(positions) / len(positions) - (n - 1) / 2) < 2


@pytest.mark.parametrize(
    ("code", "per_area", "expected"),
    [
        ("A1", 5, [2, 2, 2, 2, 2]),  # 10 slots over 5 areas
        ("A2", 5, [4, 3, 3]),  # 10 over 3: one area gets the extra one
        ("G1", 5, [2, 2, 2, 1, 1, 1, 1]),
        ("A1", 1, [1, 1, 1, 1, 1]),  # the pool has only 5: short by 5, noted
    ],
)
def test_pretest_slots_spread_over_areas(code: str, per_area: int, expected: list[int]) -> None:
    blueprint = blueprint_for(CATALOG.test(code))
    pool = pool_for(blueprint, pretest=per_area)
    form = assemble(code, pool)
    spread = Counter(slot.area for slot in form.slots if not slot.scored)
    assert sorted(spread.values(), reverse=True) == expected
    short = blueprint.unscored - sum(expected)
    assert [(n.code, n.count) for n in form.notes] == ([(AssemblyReason.PRETEST_SHORT, short)] if short else [])


def test_pretest_from_one_area_only_when_the_pool_has_no_other() -> None:
    blueprint = blueprint_for(CATALOG.test("A1"))
    pool = [*pool_for(blueprint, pretest=0), *(PoolItem(f"C-pre-{i}", "C", PRE) for i in range(12))]
    form = assemble("A1", pool)
    assert Counter(s.area for s in form.slots if not s.scored) == {"C": 10}
    assert form.notes == ()


# -- preferences: seen, exposure --------------------------------------------------------------------


def test_seen_items_are_avoided_when_the_pool_allows() -> None:
    blueprint = blueprint_for(CATALOG.test("A1"))
    pool = pool_for(blueprint, extra=2)
    seen = frozenset(f"{area}-op-{i}" for area, _ in blueprint.areas for i in range(2))
    for seed in range(10):
        form = assemble("A1", pool, seen=seen, seed=seed)
        assert seen.isdisjoint(form.item_ids)
        assert form.notes == ()


def test_seen_items_are_used_only_when_needed_and_noted() -> None:
    blueprint = blueprint_for(CATALOG.test("A1"))
    pool = pool_for(blueprint, extra=2)
    seen = frozenset({"C-op-0", "C-op-1", "C-op-2"})  # area C: 4 needed, 6 in the pool, 3 seen
    form = assemble("A1", pool, seen=seen)
    assert len(seen & set(form.item_ids)) == 1
    assert [(n.code, n.area, n.count) for n in form.notes] == [(AssemblyReason.SEEN_ITEMS_USED, "C", 1)]


def test_least_exposed_items_are_preferred() -> None:
    blueprint = blueprint_for(CATALOG.test("A2"))
    pool = [
        dataclasses.replace(it, exposure=500) if it.id in {"A-op-0", "B-op-3"} else it
        for it in pool_for(blueprint, extra=2)
    ]
    for seed in range(10):
        assert {"A-op-0", "B-op-3"}.isdisjoint(assemble("A2", pool, seed=seed).item_ids)


def test_exposure_ties_are_broken_by_the_seed() -> None:
    pool = pool_for(blueprint_for(CATALOG.test("A2")), extra=6)
    chosen = {frozenset(assemble("A2", pool, seed=seed).item_ids) for seed in range(10)}
    assert len(chosen) > 1


# -- languages ----------------------------------------------------------------------------------


def test_spanish_form_uses_only_translations_of_eligible_sources() -> None:
    blueprint = blueprint_for(CATALOG.test("A5"))
    pool = pool_for(blueprint, spanish=True)
    pool += [
        PoolItem("A-es-original", "A", OP, language="es"),  # no English source: never used
        PoolItem("A-orphan-es", "A", OP, language="es", translation_of="missing"),
        PoolItem("B-moved-es", "B", OP, language="es", translation_of="A-op-0"),  # area differs
    ]
    by_id = {it.id: it for it in pool}
    for seed in range(10):
        form = assemble("A5", pool, language="es", seed=seed)
        assert scored_counts(form) == expected_counts(blueprint)
        for slot in form.slots:
            item = by_id[slot.item_id]
            assert item.language == "es"
            assert item.translation_of in by_id
            assert by_id[item.translation_of].area == item.area
        assert validate_form(form, pool).valid


def test_spanish_items_inherit_enemies_seen_and_exposure_of_their_source() -> None:
    blueprint = blueprint_for(CATALOG.test("A2"))
    pool = pool_for(blueprint, extra=2, spanish=True)
    pool = [dataclasses.replace(it, enemies=("B-op-0",)) if it.id == "A-op-0" else it for it in pool]
    pool = [dataclasses.replace(it, exposure=900) if it.id == "A-op-1" else it for it in pool]
    for seed in range(20):
        form = assemble("A2", pool, language="es", seen=frozenset({"A-op-2"}), seed=seed)
        assert not {"A-op-0-es", "B-op-0-es"} <= set(form.item_ids)
        assert "A-op-1-es" not in form.item_ids
        assert "A-op-2-es" not in form.item_ids


@pytest.mark.parametrize(("changes", "language"), [({"languages": ("en",)}, "es"), ({}, "fr")])
def test_language_not_offered(changes: dict[str, object], language: str) -> None:
    pool = pool_for(blueprint_for(CATALOG.test("A1")), spanish=True)
    with pytest.raises(AssemblyError) as err:
        assemble_form(spec("A1", **changes), pool, seed=1, minutes_per_question=MPQ, language=language)
    assert err.value.reasons == (AssemblyReason.LANGUAGE_NOT_OFFERED,)


# -- failures ------------------------------------------------------------------------------------


def test_insufficient_pool_names_area_and_shortfall() -> None:
    blueprint = blueprint_for(CATALOG.test("A1"))
    pool = [it for it in pool_for(blueprint, extra=0) if it.id not in {"C-op-0", "C-op-1", "E-op-0"}]
    with pytest.raises(AssemblyError) as err:
        assemble("A1", pool)
    assert err.value.reasons == (AssemblyReason.INSUFFICIENT_POOL,)
    assert err.value.shortfalls == (Shortfall("C", 4, 2, 2), Shortfall("E", 9, 1, 8))
    assert "area C lacks 2 operational item(s) (needs 4, 2 eligible)" in str(err.value)
    assert "area E lacks 1" in str(err.value)


def test_insufficient_pool_when_enemies_block_the_rest() -> None:
    blueprint = blueprint_for(CATALOG.test("A2"))
    pool = [
        dataclasses.replace(it, enemies=("C-op-1",)) if it.id == "C-op-0" else it for it in pool_for(blueprint, extra=0)
    ]
    with pytest.raises(AssemblyError) as err:
        assemble("A2", pool)
    assert err.value.shortfalls == (Shortfall("C", 7, 1, 7),)
    assert "blocked by enemy items" in str(err.value)


def test_spanish_pool_too_small_is_an_insufficient_pool() -> None:
    blueprint = blueprint_for(CATALOG.test("A1"))
    english = pool_for(blueprint)
    spanish = [dataclasses.replace(it, id=f"{it.id}-es", language="es", translation_of=it.id) for it in english[:10]]
    with pytest.raises(AssemblyError) as err:
        assemble("A1", english + spanish, language="es")
    assert err.value.reasons == (AssemblyReason.INSUFFICIENT_POOL,)
    assert [s.area for s in err.value.shortfalls] == ["A", "B", "C", "D", "E"]
    assert err.value.shortfalls[0] == Shortfall("A", 18, 8, 10)


def test_duplicate_ids_with_different_data_are_refused() -> None:
    pool = pool_for(blueprint_for(CATALOG.test("A1")))
    with pytest.raises(AssemblyError) as err:
        assemble("A1", [*pool, dataclasses.replace(pool[0], area="B")])
    assert err.value.reasons == (AssemblyReason.DUPLICATE_ITEM,)
    assert assemble("A1", [*pool, pool[0]]) == assemble("A1", pool)  # an exact repeat is harmless


# -- validate_form ---------------------------------------------------------------------------------


def _tamper(form: Form, index: int, slot: Slot) -> Form:
    slots = list(form.slots)
    slots[index] = slot
    return dataclasses.replace(form, slots=tuple(slots))


@pytest.fixture(scope="module")
def published() -> tuple[Form, list[PoolItem]]:
    blueprint = blueprint_for(CATALOG.test("A2"))
    pool = pool_for(blueprint, pretest=5, spanish=True)
    pool += [
        PoolItem("A-enemy", "A", OP, enemies=("A-op-0",), exposure=999),
        PoolItem("B-spare", "B", OP, exposure=999),
        PoolItem("C-pre-spare", "C", PRE, exposure=999),
        PoolItem("A-retired", "A", ItemStatus.RETIRED),
        PoolItem("A-es-original", "A", OP, language="es"),
    ]
    form = assemble("A2", pool, seen=frozenset({f"A-op-{i}" for i in range(1, 30)}))
    assert "A-op-0" in form.item_ids
    return form, pool


def _first(form: Form, *, scored: bool, area: str = "A") -> int:
    return next(i for i, s in enumerate(form.slots) if s.scored is scored and s.area == area and s.item_id != "A-op-0")


@pytest.mark.parametrize(
    ("change", "reasons"),
    [
        (lambda f: _tamper(f, _first(f, scored=True), Slot("A-enemy", "A", True)), ["enemies_together"]),
        (lambda f: _tamper(f, _first(f, scored=True), Slot("nope", "A", True)), ["unknown_item"]),
        (lambda f: _tamper(f, _first(f, scored=True), Slot("A-retired", "A", True)), ["wrong_status"]),
        (
            lambda f: _tamper(f, _first(f, scored=True), Slot("A-op-0-es", "A", True)),
            ["wrong_language", "duplicate_item"],
        ),
        (lambda f: _tamper(f, _first(f, scored=True), Slot("A-es-original", "A", True)), ["wrong_language"]),
        (lambda f: _tamper(f, _first(f, scored=True), Slot("B-spare", "B", True)), ["area_count_mismatch"]),
        (lambda f: _tamper(f, _first(f, scored=True), Slot("B-spare", "A", True)), ["wrong_area"]),
        (lambda f: _tamper(f, _first(f, scored=False), Slot("B-spare", "B", False)), ["wrong_status"]),
        (lambda f: dataclasses.replace(f, slots=(*f.slots, Slot("C-pre-spare", "C", False))), ["too_many_unscored"]),
    ],
)
def test_validate_form_rows(published: tuple[Form, list[PoolItem]], change: object, reasons: list[str]) -> None:
    form, pool = published
    assert validate_form(form, pool).valid
    check = validate_form(change(form), pool)  # type: ignore[operator]
    assert not check.valid
    assert sorted(check.reasons) == sorted(reasons)
    assert len(check.messages) >= len(reasons)


# -- the starter bank ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", FULL_FORM)
def test_starter_bank_assembles_every_full_form_test(code: str) -> None:
    report = load_items(BANK / f"{code}.yaml")
    assert report.rejected == ()
    pool = [
        PoolItem(it.id, it.area, OP, it.enemies, 0, it.language, it.translation_of)
        for it in report.items
        if it.use is ItemUse.OPERATIONAL
    ]
    for kind in KINDS:
        form = assemble(code, pool, kind=kind)
        assert scored_counts(form) == expected_counts(form.blueprint)
        assert enemy_pairs_on(form, pool) == []
        assert validate_form(form, pool).valid


# -- the staff documentation mirrors the code -----------------------------------------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "domain" / "forms-and-scoring.md"


def _blueprint_text(blueprint: Blueprint) -> str:
    return ", ".join(f"{area} {count}" for area, count in blueprint.areas)


def test_forms_doc_blueprint_table_mirrors_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- blueprint-table -->")[1].split("<!-- /blueprint-table -->")[0]
    rows = table.strip().splitlines()[2:]
    expected = []
    for code in FULL_FORM:
        test = CATALOG.test(code)
        initial, recert = blueprint_for(test), blueprint_for(test, ResultKind.RECERTIFICATION)
        n_initial = initial.scored + initial.unscored
        expected.append(
            f"| {code} | {_blueprint_text(initial)} ({initial.scored} + {initial.unscored} pretest)"
            f" | {time_limit_minutes(test, ResultKind.INITIAL, n_initial, MPQ)}"
            f" | {_blueprint_text(recert)} ({recert.scored})"
            f" | {time_limit_minutes(test, ResultKind.RECERTIFICATION, recert.scored, MPQ)} |"
        )
    assert rows == expected
