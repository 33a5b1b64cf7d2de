"""Scoring a sitting: raw, pass/fail, the 100-500 scale, per-area bands, the conversion table."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certwright.core.assembly import Slot
from certwright.core.scoring import (
    DEFAULT_SCALE,
    AreaScore,
    Band,
    BandThresholds,
    Scale,
    ScoreReason,
    ScoringError,
    band_for,
    conversion_table,
    scaled_score,
    score_sitting,
)

# Four scored items (two in A, two in B) and two unscored pretest items.
SLOTS = (
    Slot("a1", "A", True),
    Slot("p1", "A", False),
    Slot("a2", "A", True),
    Slot("b1", "B", True),
    Slot("p2", "B", False),
    Slot("b2", "B", True),
)
KEYS = {"a1": "A", "a2": "B", "b1": "C", "b2": "D", "p1": "A", "p2": "A"}


@pytest.mark.parametrize(
    ("answers", "cut", "raw", "passed", "scaled", "reasons"),
    [
        ({"a1": "A", "a2": "B", "b1": "C", "b2": "D"}, 3, 4, True, 500, ["passed"]),
        ({"a1": "A", "a2": "B", "b1": "C", "b2": "A"}, 3, 3, True, 300, ["passed"]),
        ({"a1": "A", "a2": "B", "b1": "A", "b2": "A"}, 3, 2, False, 233, ["below_cut"]),  # 100 + 2/3 x 200
        ({"a1": "a", "a2": " b ", "b1": None}, 3, 2, False, 233, ["below_cut", "unanswered"]),
        ({}, 3, 0, False, 100, ["below_cut", "unanswered"]),
        ({}, 0, 0, True, 300, ["passed", "unanswered"]),  # cut 0: everyone passes
        ({"a1": "A", "a2": "B", "b1": "C", "b2": "D"}, 4, 4, True, 300, ["passed"]),  # cut = max
        ({"a1": "A", "a2": "B", "b1": "C", "b2": "D", "p1": "D", "p2": "D", "zz": "A"}, 3, 4, True, 500, ["passed"]),
    ],
)
def test_score_rows(
    answers: dict[str, str | None], cut: int, raw: int, passed: bool, scaled: int, reasons: list[str]
) -> None:
    report = score_sitting(SLOTS, KEYS, answers, cut=cut)
    assert (report.raw, report.max_raw, report.passed, report.scaled) == (raw, 4, passed, scaled)
    assert list(report.reasons) == reasons
    assert report.unanswered == 4 - sum(1 for k in ("a1", "a2", "b1", "b2") if answers.get(k) is not None)


def test_area_report() -> None:
    answers = {"a1": "A", "a2": "B", "b1": "C", "b2": "A"}
    report = score_sitting(SLOTS, KEYS, answers, cut=3)
    assert report.areas == (
        AreaScore("A", 2, 2, 100, Band.STRONG),
        AreaScore("B", 1, 2, 50, Band.NEEDS_WORK),
    )
    assert [a.label for a in report.areas] == ["Strong", "Needs work"]


@pytest.mark.parametrize(
    ("correct", "total", "bands", "band"),
    [
        (4, 5, BandThresholds(), Band.STRONG),  # exactly 80 %
        (79, 100, BandThresholds(), Band.ADEQUATE),
        (3, 5, BandThresholds(), Band.ADEQUATE),  # exactly 60 %
        (59, 100, BandThresholds(), Band.NEEDS_WORK),
        (2, 3, BandThresholds(), Band.ADEQUATE),  # 66.7 %
        (0, 4, BandThresholds(), Band.NEEDS_WORK),
        (7, 10, BandThresholds(strong=70, adequate=50), Band.STRONG),
        (5, 10, BandThresholds(strong=70, adequate=50), Band.ADEQUATE),
        (4, 10, BandThresholds(strong=70, adequate=50), Band.NEEDS_WORK),
        (0, 0, BandThresholds(), Band.NEEDS_WORK),
    ],
)
def test_band_rows(correct: int, total: int, bands: BandThresholds, band: Band) -> None:
    assert band_for(correct, total, bands) == band


@pytest.mark.parametrize(("correct", "total", "percent"), [(2, 3, 67), (1, 6, 17), (1, 8, 13), (5, 8, 63), (0, 3, 0)])
def test_area_percent_rounds_half_up(correct: int, total: int, percent: int) -> None:
    slots = [Slot(f"i{n}", "A", True) for n in range(total)]
    keys = {f"i{n}": "A" for n in range(total)}
    answers = {f"i{n}": "A" for n in range(correct)}
    assert score_sitting(slots, keys, answers, cut=0).areas[0].percent == percent


@pytest.mark.parametrize(
    ("raw", "max_raw", "cut", "scaled"),
    [
        (0, 45, 30, 100),
        (15, 45, 30, 200),
        (29, 45, 30, 293),  # 293.33
        (30, 45, 30, 300),
        (44, 45, 30, 487),  # 486.67
        (45, 45, 30, 500),
        (1, 20, 16, 113),  # 112.5 rounds half up
        (17, 20, 16, 350),
        (400, 450, 401, 299),  # 299.5 would round to 300: capped, a fail stays below 300
        (0, 10, 0, 300),
        (10, 10, 0, 500),
        (10, 10, 10, 300),
    ],
)
def test_scaled_rows(raw: int, max_raw: int, cut: int, scaled: int) -> None:
    assert scaled_score(raw, max_raw, cut) == scaled


def test_other_scale() -> None:
    scale = Scale(minimum=0, cut=70, maximum=100)
    assert conversion_table(4, 2, scale) == [(0, 0), (1, 35), (2, 70), (3, 85), (4, 100)]


@st.composite
def forms(draw: st.DrawFn) -> tuple[int, int]:
    max_raw = draw(st.integers(min_value=0, max_value=250))
    return max_raw, draw(st.integers(min_value=0, max_value=max_raw))


@settings(max_examples=60, deadline=None)
@given(forms())
def test_scale_properties(form: tuple[int, int]) -> None:
    max_raw, cut = form
    table = conversion_table(max_raw, cut)
    assert [raw for raw, _ in table] == list(range(max_raw + 1))
    values = [scaled for _, scaled in table]
    assert values == sorted(values)  # monotone
    assert all(DEFAULT_SCALE.minimum <= v <= DEFAULT_SCALE.maximum for v in values)
    assert values[cut] == 300
    assert all((v >= 300) == (raw >= cut) for raw, v in table)  # 300+ always means a pass
    if cut > 0:
        assert values[0] == 100
    if cut < max_raw:
        assert values[-1] == 500
    for raw, v in table:  # within half a point of the exact line, except the capped 299
        exact = Fraction(100) + Fraction(raw * 200, cut) if raw < cut else None
        if exact is not None and v != 299:
            assert abs(v - exact) <= Fraction(1, 2)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("ABCDE"), st.booleans()), min_size=1, max_size=60),
    st.data(),
)
def test_pretest_answers_never_change_the_result(layout: list[tuple[str, bool]], data: st.DataObject) -> None:
    slots = [Slot(f"i{n}", area, scored) for n, (area, scored) in enumerate(layout)]
    letters = st.sampled_from(["A", "B", "C", "D", None])
    keys = {s.item_id: data.draw(st.sampled_from("ABCD")) for s in slots}
    answers = {s.item_id: data.draw(letters) for s in slots}
    n_scored = sum(s.scored for s in slots)
    cut = data.draw(st.integers(0, n_scored))
    changed = {**answers, **{s.item_id: data.draw(letters) for s in slots if not s.scored}}
    before = score_sitting(slots, keys, answers, cut=cut)
    assert score_sitting(slots, keys, changed, cut=cut) == before
    assert before.raw == sum(1 for s in slots if s.scored and answers[s.item_id] == keys[s.item_id])
    assert before.max_raw == n_scored
    assert sum(a.total for a in before.areas) == n_scored
    assert before.passed == (before.raw >= cut) == (before.scaled >= 300)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: score_sitting(SLOTS, {"a1": "A"}, {}, cut=1), "no key for scored item"),
        (lambda: score_sitting(SLOTS, KEYS, {}, cut=5), "the cut must be between 0 and"),
        (lambda: score_sitting(SLOTS, KEYS, {}, cut=-1), "the cut must be between 0 and"),
        (lambda: scaled_score(11, 10, 5), "outside 0..10"),
        (lambda: conversion_table(10, 11), "the cut must be between 0 and"),
    ],
)
def test_scoring_errors(call: object, message: str) -> None:
    with pytest.raises(ScoringError, match=message):
        call()  # type: ignore[operator]


@pytest.mark.parametrize(
    "make",
    [
        lambda: Scale(100, 100, 500),
        lambda: Scale(500, 300, 100),
        lambda: BandThresholds(strong=50, adequate=60),
        lambda: BandThresholds(strong=101, adequate=60),
    ],
)
def test_invalid_definitions(make: object) -> None:
    with pytest.raises(ValueError, match=r"needs? "):
        make()  # type: ignore[operator]


def test_reason_codes_are_stable() -> None:
    assert [r.value for r in ScoreReason] == ["passed", "below_cut", "unanswered"]
    assert [b.value for b in Band] == ["strong", "adequate", "needs_work"]


def test_forms_doc_example_row_mirrors_the_code() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "domain" / "forms-and-scoring.md"
    lines = doc.read_text(encoding="utf-8").splitlines()
    raw_line = next(line for line in lines if line.startswith("| Raw |"))
    scaled_line = lines[lines.index(raw_line) + 2]
    raws = [int(cell) for cell in raw_line.strip("|").split("|")[1:]]
    scaled = [int(cell) for cell in scaled_line.strip("|").split("|")[1:]]
    table = dict(conversion_table(45, 30))
    assert scaled == [table[raw] for raw in raws]
