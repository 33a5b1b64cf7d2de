"""Classical test theory: difficulty, discrimination, distractors, reliability, SEM, item flags.

Response matrices are ``(n_candidates, n_items)`` with 1 right, 0 wrong and nan missing.
Per-item statistics use the candidates who answered that item; reliability uses the candidates
who answered every item (listwise), since KR-20 and alpha are defined for one fixed form.

References
----------
Lord, F. M., & Novick, M. R. (1968). *Statistical Theories of Mental Test Scores*.
Kuder, G. F., & Richardson, M. W. (1937). The theory of the estimation of test reliability.
*Psychometrika*, 2, 151–160.
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. *Psychometrika*, 16, 297–334.
Haladyna, T. M., & Rodriguez, M. C. (2013). *Developing and Validating Test Items*, ch. 17.
Kelley, T. L. (1939). The selection of upper and lower groups for the validation of test items.
*Journal of Educational Psychology*, 30, 17–24.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike

from certwright.psychometrics._arrays import FloatArray, IntArray, as_responses


def p_values(responses: ArrayLike) -> FloatArray:
    """Item difficulty: proportion right among those who answered, :math:`p_j = \\bar x_j` (nan if none did)."""
    responses = as_responses(responses)
    answered = (~np.isnan(responses)).sum(axis=0)
    right = np.nansum(responses, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = right / answered
    return out


def _masks(responses: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    answered = (~np.isnan(responses)).astype(np.float64)
    x = np.nan_to_num(responses, nan=0.0)
    return x, answered, x.sum(axis=1)


def _correlations(x: FloatArray, answered: FloatArray, total: FloatArray, corrected: bool) -> FloatArray:
    """Per-item correlation of ``x`` (0/1 indicator) with the total (minus ``x`` if corrected)."""
    n = answered.sum(axis=0)
    sx = x.sum(axis=0)
    st, st2, sxt = answered.T @ total, answered.T @ total**2, x.T @ total
    if corrected:  # rest = total - x; x^2 = x
        st, st2, sxt = st - sx, st2 - 2 * sxt + sx, sxt - sx
    with np.errstate(invalid="ignore", divide="ignore"):
        p, mean_t = sx / n, st / n
        cov = sxt / n - p * mean_t
        var = (p * (1 - p)) * (st2 / n - mean_t**2)
        out: FloatArray = np.where(var > 1e-12, cov / np.sqrt(np.maximum(var, 1e-300)), np.nan)
    return out


def point_biserial(responses: ArrayLike, *, corrected: bool = True) -> FloatArray:
    """Item discrimination: point-biserial correlation of each item with the total score.

    .. math:: r_{pb} = \\frac{\\bar Y_1 - \\bar Y}{s_Y} \\sqrt{\\frac{p}{1-p}}

    computed as the Pearson correlation of the item with the number-right score on the answered
    items; ``corrected=True`` (the default) removes the item from the total (the item-rest
    correlation; Haladyna & Rodriguez, 2013, §17.3). nan when either variance is zero.
    """
    x, answered, total = _masks(as_responses(responses))
    return _correlations(x, answered, total, corrected)


def _complete(responses: FloatArray) -> FloatArray:
    rows = responses[~np.isnan(responses).any(axis=1)]
    if rows.shape[0] < 2 or rows.shape[1] < 2:
        raise ValueError("reliability needs at least two candidates who answered every item, and two items")
    return rows


def cronbach_alpha(responses: ArrayLike) -> float:
    """Coefficient alpha :math:`\\alpha = \\frac{k}{k-1}(1 - \\sum_j s_j^2 / s_X^2)` (Cronbach, 1951).

    Complete rows only. Always <= 1; nan when total scores do not vary.
    """
    rows = _complete(as_responses(responses))
    k = rows.shape[1]
    var_total = float(np.var(rows.sum(axis=1)))
    if var_total <= 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - np.var(rows, axis=0).sum() / var_total))


def kr20(responses: ArrayLike) -> float:
    """KR-20 :math:`\\frac{k}{k-1}(1 - \\sum_j p_j q_j / s_X^2)` (Kuder & Richardson, 1937).

    Alpha for 0/1 items (population variances throughout); complete rows only.
    """
    rows = _complete(as_responses(responses))
    k = rows.shape[1]
    p = rows.mean(axis=0)
    var_total = float(np.var(rows.sum(axis=1)))
    if var_total <= 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - np.sum(p * (1 - p)) / var_total))


def sem(responses: ArrayLike, reliability: float | None = None) -> float:
    """Standard error of measurement :math:`s_X \\sqrt{1 - \\rho}` (Lord & Novick, 1968, eq. 3.8.4).

    ``reliability`` defaults to KR-20 of the complete rows.
    """
    rows = _complete(as_responses(responses))
    rho = kr20(rows) if reliability is None else reliability
    return float(np.std(rows.sum(axis=1)) * np.sqrt(max(0.0, 1.0 - rho)))


@dataclass(frozen=True, slots=True, eq=False)
class DistractorAnalysis:
    """Option statistics per item.

    ``options``: the option labels (columns); ``key`` (J,): column of the keyed option;
    ``proportion`` (J, K): share of the item's respondents choosing each option;
    ``by_group`` (J, 3, K): the same within the lower, middle and upper score groups;
    ``point_biserial`` (J, K): correlation of choosing the option with the rest score.
    """

    options: tuple[str, ...]
    key: IntArray
    proportion: FloatArray
    by_group: FloatArray
    point_biserial: FloatArray
    groups: tuple[str, ...] = ("lower", "middle", "upper")


def _code_choices(choices: ArrayLike, key: ArrayLike) -> tuple[tuple[str, ...], IntArray, IntArray]:
    raw = np.asarray(choices, dtype=object)
    keys = np.asarray(key, dtype=object).reshape(-1)
    if raw.ndim != 2:
        raise ValueError(f"choices must be 2-D (n_candidates, n_items); got shape {raw.shape}")
    if keys.shape[0] != raw.shape[1]:
        raise ValueError(f"key has {keys.shape[0]} entries; choices have {raw.shape[1]} items")

    def label(v: object) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        return str(v).strip()

    labels = np.vectorize(label, otypes=[str])(raw)
    key_labels = np.array([label(k) for k in keys], dtype=str)
    if np.any(key_labels == ""):
        raise ValueError("every item needs a key")
    options, inverse = np.unique(np.concatenate([labels.ravel(), key_labels]), return_inverse=True)
    kept = options != ""
    remap = np.cumsum(kept) - 1
    codes = np.where(kept[inverse], remap[inverse], -1)
    return (
        tuple(str(o) for o in options[kept]),
        codes[: labels.size].reshape(labels.shape),
        codes[labels.size :],
    )


def distractor_analysis(choices: ArrayLike, key: ArrayLike, *, group_fraction: float = 0.27) -> DistractorAnalysis:
    """Option choice proportions overall and by ability group, and option point-biserials.

    Parameters
    ----------
    choices : array_like, shape (n_candidates, n_items)
        The option each candidate chose (letters or integers); None, "" or nan = no answer.
    key : array_like, shape (n_items,)
        The keyed option of each item.
    group_fraction : float
        Size of the lower and upper groups by number-right score (Kelley's 27%).
    """
    if not 0 < group_fraction <= 0.5:
        raise ValueError("group_fraction must be in (0, 0.5]")
    options, codes, key_codes = _code_choices(choices, key)
    answered = (codes >= 0).astype(np.float64)
    right = (codes == key_codes).astype(np.float64)
    total = right.sum(axis=1)
    n = codes.shape[0]
    order = np.argsort(total, kind="stable")
    cut = round(group_fraction * n)
    group = np.ones(n, dtype=np.intp)
    group[order[:cut]], group[order[n - cut :]] = 0, 2
    one_hot = np.eye(3)[group]  # (n, 3)
    k = len(options)
    proportion = np.zeros((codes.shape[1], k))
    by_group = np.zeros((codes.shape[1], 3, k))
    pbis = np.zeros((codes.shape[1], k))
    rest = total[:, None] - right
    with np.errstate(invalid="ignore", divide="ignore"):
        per_group = one_hot.T @ answered  # (3, J)
        for o in range(k):
            chose = (codes == o).astype(np.float64)
            proportion[:, o] = chose.sum(axis=0) / answered.sum(axis=0)
            by_group[:, :, o] = ((one_hot.T @ chose) / per_group).T
            pbis[:, o] = _option_rest(chose, answered, rest)
    return DistractorAnalysis(options, key_codes, proportion, by_group, pbis)


def _option_rest(chose: FloatArray, answered: FloatArray, rest: FloatArray) -> FloatArray:
    n = answered.sum(axis=0)
    p = chose.sum(axis=0) / n
    mean_r = (answered * rest).sum(axis=0) / n
    var_r = (answered * rest**2).sum(axis=0) / n - mean_r**2
    cov = (chose * rest).sum(axis=0) / n - p * mean_r
    var = p * (1 - p) * var_r
    out: FloatArray = np.where(var > 1e-12, cov / np.sqrt(np.maximum(var, 1e-300)), np.nan)
    return out


class FlagReason(StrEnum):
    """Stable reason codes for item flags (translated only in the UI)."""

    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"
    NON_DISCRIMINATING = "non_discriminating"
    DISTRACTOR_ATTRACTS_STRONG = "distractor_attracts_strong"


@dataclass(frozen=True, slots=True)
class FlagThresholds:
    """Flag when ``p > max_p``, ``p < min_p``, item-rest ``r < min_discrimination``, or a distractor
    has option-rest ``r > max_distractor_r`` and was chosen by at least ``min_distractor_upper`` of
    the upper group."""

    max_p: float = 0.95
    min_p: float = 0.25
    min_discrimination: float = 0.15
    max_distractor_r: float = 0.05
    min_distractor_upper: float = 0.05


@dataclass(frozen=True, slots=True)
class ItemFlag:
    """One reason to review one item; ``value`` is the statistic that tripped it, ``option`` the distractor."""

    item: int
    reason: FlagReason
    value: float
    option: str | None = None


def flag_items(
    p: ArrayLike,
    discrimination: ArrayLike,
    distractors: DistractorAnalysis | None = None,
    thresholds: FlagThresholds = FlagThresholds(),
) -> tuple[ItemFlag, ...]:
    """Review flags with stable reason codes, ordered by item then reason."""
    p_arr = np.asarray(p, dtype=np.float64)
    r_arr = np.asarray(discrimination, dtype=np.float64)
    flags: list[ItemFlag] = []
    for j in range(p_arr.shape[0]):
        if p_arr[j] > thresholds.max_p:
            flags.append(ItemFlag(j, FlagReason.TOO_EASY, float(p_arr[j])))
        if p_arr[j] < thresholds.min_p:
            flags.append(ItemFlag(j, FlagReason.TOO_HARD, float(p_arr[j])))
        if not r_arr[j] >= thresholds.min_discrimination:  # nan (no variance) is flagged too
            flags.append(ItemFlag(j, FlagReason.NON_DISCRIMINATING, float(r_arr[j])))
        if distractors is not None:
            flags.extend(_distractor_flags(j, distractors, thresholds))
    return tuple(flags)


def _distractor_flags(j: int, d: DistractorAnalysis, t: FlagThresholds) -> list[ItemFlag]:
    out = []
    for o, name in enumerate(d.options):
        if o == d.key[j]:
            continue
        r, upper = d.point_biserial[j, o], d.by_group[j, 2, o]
        if r > t.max_distractor_r and upper >= t.min_distractor_upper:
            out.append(ItemFlag(j, FlagReason.DISTRACTOR_ATTRACTS_STRONG, float(r), name))
    return out


@dataclass(frozen=True, slots=True, eq=False)
class ItemAnalysis:
    """A classical item analysis of one form."""

    n_answered: IntArray
    p: FloatArray
    discrimination: FloatArray
    alpha: float
    sem: float
    flags: tuple[ItemFlag, ...]


def item_analysis(
    responses: ArrayLike,
    thresholds: FlagThresholds = FlagThresholds(),
) -> ItemAnalysis:
    """p-values, item-rest correlations, KR-20, SEM and flags for a 0/1/nan matrix.

    Reliability and SEM are nan when fewer than two candidates answered every item.
    """
    responses = as_responses(responses)
    p = p_values(responses)
    r = point_biserial(responses)
    try:
        alpha, error = kr20(responses), sem(responses)
    except ValueError:
        alpha, error = float("nan"), float("nan")
    n = (~np.isnan(responses)).sum(axis=0).astype(np.intp)
    return ItemAnalysis(n, p, r, alpha, error, flag_items(p, r, None, thresholds))
