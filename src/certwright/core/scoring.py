"""Scoring one sitting: raw score, pass/fail, a scaled score and a per-content-area report.

Only scored (operational) slots count; answers to unscored pretest items never change any result.
An unanswered scored item counts as wrong.

The scale (ADR 0005, ``docs/decisions/0005-scaled-scores.md``) is piecewise linear with three
anchors that hold on every form, whatever its length and cut::

    raw 0   -> scale.minimum (100)
    raw cut -> scale.cut     (300)   pass  <=>  raw >= cut  <=>  scaled >= 300
    raw max -> scale.maximum (500)

    scaled = 100 + raw / cut * 200                         for raw < cut
    scaled = 300 + (raw - cut) / (max - cut) * 200         for raw >= cut

computed exactly (fractions) and rounded half up to an integer. A score below the cut is capped at
299 after rounding, so a scaled score of 300 or more always means a pass. When the cut is 0 every
raw score passes and raw 0 maps to 300; when the cut equals the maximum, raw max maps to 300.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from math import floor

from certwright.core.assembly import Slot


class ScoreReason(StrEnum):
    PASSED = "passed"
    BELOW_CUT = "below_cut"
    UNANSWERED = "unanswered"  # some scored items have no answer; they count as wrong


class Band(StrEnum):
    STRONG = "strong"
    ADEQUATE = "adequate"
    NEEDS_WORK = "needs_work"


BAND_TEXT: dict[str, str] = {Band.STRONG: "Strong", Band.ADEQUATE: "Adequate", Band.NEEDS_WORK: "Needs work"}


class ScoringError(ValueError):
    """The inputs cannot be scored (a scored item without a key, a cut outside 0..max)."""


@dataclass(frozen=True, slots=True)
class Scale:
    """The reporting scale: raw 0 -> ``minimum``, the cut -> ``cut``, every item right -> ``maximum``."""

    minimum: int = 100
    cut: int = 300
    maximum: int = 500

    def __post_init__(self) -> None:
        if not self.minimum < self.cut < self.maximum:
            raise ValueError(f"a scale needs minimum < cut < maximum, got {self.minimum}, {self.cut}, {self.maximum}")


@dataclass(frozen=True, slots=True)
class BandThresholds:
    """Percent correct in an area at or above ``strong`` is Strong, at or above ``adequate`` Adequate."""

    strong: int = 80
    adequate: int = 60

    def __post_init__(self) -> None:
        if not 0 <= self.adequate <= self.strong <= 100:
            raise ValueError(f"band thresholds need 0 <= adequate <= strong <= 100, got {self.adequate}, {self.strong}")


DEFAULT_SCALE = Scale()
DEFAULT_BANDS = BandThresholds()


@dataclass(frozen=True, slots=True)
class AreaScore:
    area: str
    correct: int
    total: int
    percent: int  # 100 x correct / total, rounded half up
    band: Band

    @property
    def label(self) -> str:
        return BAND_TEXT[self.band]


@dataclass(frozen=True, slots=True)
class ScoreReport:
    raw: int
    max_raw: int
    cut: int
    passed: bool
    scaled: int
    scale: Scale
    areas: tuple[AreaScore, ...]
    unanswered: int
    reasons: tuple[str, ...]


def _round_half_up(value: Fraction) -> int:
    return floor(value + Fraction(1, 2))


def _check_cut(max_raw: int, cut: int) -> None:
    if max_raw < 0 or not 0 <= cut <= max_raw:
        raise ScoringError(f"the cut must be between 0 and the maximum raw score {max_raw}, got {cut}")


def scaled_score(raw: int, max_raw: int, cut: int, scale: Scale = DEFAULT_SCALE) -> int:
    """The scaled score of ``raw`` on a form with ``max_raw`` scored items and a raw ``cut``."""
    _check_cut(max_raw, cut)
    if not 0 <= raw <= max_raw:
        raise ScoringError(f"raw score {raw} is outside 0..{max_raw}")
    if raw == cut:
        return scale.cut
    if raw < cut:
        exact = scale.minimum + Fraction(raw * (scale.cut - scale.minimum), cut)
        return min(_round_half_up(exact), scale.cut - 1)
    exact = scale.cut + Fraction((raw - cut) * (scale.maximum - scale.cut), max_raw - cut)
    return _round_half_up(exact)


def conversion_table(max_raw: int, cut: int, scale: Scale = DEFAULT_SCALE) -> list[tuple[int, int]]:
    """``(raw, scaled)`` for every raw score 0..max_raw, in order."""
    _check_cut(max_raw, cut)
    return [(raw, scaled_score(raw, max_raw, cut, scale)) for raw in range(max_raw + 1)]


def band_for(correct: int, total: int, bands: BandThresholds = DEFAULT_BANDS) -> Band:
    """The band of ``correct`` out of ``total``, compared exactly (not on the rounded percent)."""
    share = Fraction(100 * correct, total) if total else Fraction(0)
    if share >= bands.strong:
        return Band.STRONG
    if share >= bands.adequate:
        return Band.ADEQUATE
    return Band.NEEDS_WORK


def score_sitting(
    slots: Sequence[Slot],
    keys: Mapping[str, str],
    answers: Mapping[str, str | None],
    *,
    cut: int,
    scale: Scale = DEFAULT_SCALE,
    bands: BandThresholds = DEFAULT_BANDS,
) -> ScoreReport:
    """Score one sitting of a form.

    ``keys``: item id -> key letter, for at least every scored slot (keys of unscored items are
    ignored). ``answers``: item id -> the letter chosen, None or absent when unanswered. ``cut``:
    the raw cut score on this form. Letters compare case-insensitively.
    """
    scored = [slot for slot in slots if slot.scored]
    missing = [slot.item_id for slot in scored if slot.item_id not in keys]
    if missing:
        raise ScoringError(f"no key for scored item(s) {', '.join(missing)}")
    _check_cut(len(scored), cut)
    tally: dict[str, list[int]] = {}
    unanswered = 0
    for slot in scored:
        answer = answers.get(slot.item_id)
        unanswered += answer is None
        right = answer is not None and answer.strip().upper() == keys[slot.item_id].strip().upper()
        counts = tally.setdefault(slot.area, [0, 0])
        counts[0] += right
        counts[1] += 1
    raw = sum(correct for correct, _ in tally.values())
    passed = raw >= cut
    areas = tuple(
        AreaScore(area, correct, total, _round_half_up(Fraction(100 * correct, total)), band_for(correct, total, bands))
        for area, (correct, total) in sorted(tally.items())
    )
    reasons = [ScoreReason.PASSED if passed else ScoreReason.BELOW_CUT]
    if unanswered:
        reasons.append(ScoreReason.UNANSWERED)
    return ScoreReport(
        raw=raw,
        max_raw=len(scored),
        cut=cut,
        passed=passed,
        scaled=scaled_score(raw, len(scored), cut, scale),
        scale=scale,
        areas=areas,
        unanswered=unanswered,
        reasons=tuple(reasons),
    )
