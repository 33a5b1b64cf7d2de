"""CAT rules and the precomputed item bank (see :mod:`certwright.psychometrics.cat`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import numpy as np

from certwright.psychometrics._arrays import FloatArray, IntArray
from certwright.psychometrics.irf import ItemParameters, item_information, log_probabilities, normal_quadrature

RANKED = 64  # items kept per grid point and area in the ranked lists


@dataclass(frozen=True, slots=True)
class Randomesque:
    """Pick uniformly among the ``k`` most informative available items."""

    k: int = 5

    def __post_init__(self) -> None:
        if self.k < 1:
            raise ValueError("randomesque k must be >= 1")


@dataclass(frozen=True, slots=True, eq=False)
class SympsonHetter:
    """Administer a selected item ``j`` with probability ``k[j]`` (bank order)."""

    k: FloatArray


@dataclass(frozen=True, slots=True)
class SPRT:
    """Wald's SPRT around the cut with indifference half-width ``delta`` and error rates."""

    delta: float = 0.25
    alpha: float = 0.05
    beta: float = 0.05


class StopReason(StrEnum):
    """Why a session ended (stable codes)."""

    SE_REACHED = "se_reached"
    MAX_ITEMS = "max_items"
    CLASSIFIED = "classified"
    POOL_EXHAUSTED = "pool_exhausted"


@dataclass(frozen=True, slots=True, eq=False)
class CATConfig:
    """Rules of an adaptive test (see :mod:`certwright.psychometrics.cat`).

    ``classification``: "posterior" stops once :math:`\\Pr(\\text{pass})` is above
    ``confidence`` or below ``1 - confidence``; "sprt" stops on the SPRT; None never stops early
    on classification (a decision against ``cut`` is still reported).
    ``information_grid``: a spacing ``h`` (default 0.01) reads the information at the EAP
    rounded to the nearest multiple of ``h``, from tables precomputed once per bank; None
    computes it exactly at the EAP for every item (slower per step).
    """

    max_items: int = 50
    min_items: int = 5
    se_target: float | None = 0.3
    exposure: Randomesque | SympsonHetter | None = None
    blueprint: Mapping[str, float] | None = None
    cut: float | None = None
    classification: Literal["posterior", "sprt"] | None = None
    confidence: float = 0.95
    sprt: SPRT = SPRT()
    n_quadrature: int = 61
    quadrature_bound: float = 5.0
    information_grid: float | None = 0.01


class ItemBank:
    """Item parameters and areas, precomputed for fast selection under one :class:`CATConfig`.

    Items are reordered by area (``order[i]`` is the bank index of internal item ``i``). With an
    information grid, ``table`` (G, J) holds every item's information at every grid point and
    ``ranked[area]`` (G, L) the internal indices of the area's ``L = 64`` most informative items
    at each point, best first: selection reads the first available ones and falls back to the
    full table row only when those are used up. Memory: 8 G J + 8 G L bytes (about 17 MB for
    2,000 items at the default grid).
    """

    def __init__(self, params: ItemParameters, config: CATConfig, areas: Sequence[str] | None = None) -> None:
        n = params.n_items
        area_names = ["*"] * n if areas is None else [str(x) for x in areas]
        if len(area_names) != n:
            raise ValueError(f"areas has {len(area_names)} entries; the bank has {n} items")
        if config.max_items < 1 or config.min_items < 0:
            raise ValueError("max_items must be >= 1 and min_items >= 0")
        self.config = config
        names = sorted(set(area_names)) if config.blueprint is None else list(config.blueprint)
        code = {name: k for k, name in enumerate(names)}
        area_code = np.array([code.get(x, len(names)) for x in area_names])  # unknown areas last
        order = np.argsort(area_code, kind="stable")
        self.order: IntArray = order
        self.position: list[int] = np.argsort(order).tolist()
        p = params.subset(order)
        self.params = p
        self.a, self.ab, self.c = p.a.copy(), p.a * p.b, p.c.copy()
        self.k = p.a**2 * (1.0 - p.c)
        self.linear = not bool(np.any(p.c > 0))
        self.area_of: list[int] = area_code[order].tolist()
        self.area_names = tuple(names)
        bounds = np.searchsorted(area_code[order], np.arange(len(names) + 1))
        self.slices = [(int(bounds[i]), int(bounds[i + 1])) for i in range(len(names))]
        self.targets = _targets(config, names)
        quad = normal_quadrature(config.n_quadrature, config.quadrature_bound)
        self.points = quad.points
        self.prior = quad.weights
        log_p, log_q = log_probabilities(self.points, p)
        self.like = (np.ascontiguousarray(np.exp(log_q.T)), np.ascontiguousarray(np.exp(log_p.T)))
        above = np.zeros_like(self.points) if config.cut is None else (self.points >= config.cut).astype(np.float64)
        self.moments = np.stack([np.ones_like(self.points), self.points, self.points**2, above])
        self.sh_k = None if not isinstance(config.exposure, SympsonHetter) else _sh(config.exposure, order, n)
        inc = np.zeros((2, n)) if config.cut is None else _sprt_increments(p, config.cut, config.sprt.delta)
        self.sprt_inc: tuple[list[float], list[float]] = (inc[0].tolist(), inc[1].tolist())
        self.grid = _grid(config)
        self.table = None if self.grid is None else item_information(self.grid, p)
        self.ranked = None if self.table is None else [_ranked(self.table, lo, hi) for lo, hi in self.slices]

    @property
    def n_items(self) -> int:
        """Number of items in the bank."""
        return int(self.a.shape[0])


def _ranked(table: FloatArray, lo: int, hi: int) -> IntArray:
    """(G, L) internal indices of the most informative items of slice lo..hi, best first."""
    block = table[:, lo:hi]
    keep = min(RANKED, hi - lo)
    if keep == 0:
        return np.zeros((table.shape[0], 0), dtype=np.intp)
    top = np.argpartition(-block, keep - 1, axis=1)[:, :keep]
    order = np.argsort(-np.take_along_axis(block, top, axis=1), axis=1, kind="stable")
    out: IntArray = lo + np.take_along_axis(top, order, axis=1)
    return out


def _grid(config: CATConfig) -> FloatArray | None:
    h = config.information_grid
    if h is None:
        return None
    if not 0 < h <= 0.5:
        raise ValueError("information_grid must be a spacing in (0, 0.5]")
    half = np.ceil(config.quadrature_bound / h)
    out: FloatArray = np.arange(-half, half + 1) * h
    return out


def _targets(config: CATConfig, names: list[str]) -> FloatArray | None:
    if config.blueprint is None:
        return None
    weights = np.array([config.blueprint[n] for n in names], dtype=np.float64)
    if np.any(weights < 0) or weights.sum() <= 0:
        raise ValueError("blueprint proportions must be >= 0 and not all zero")
    out: FloatArray = weights / weights.sum()
    return out


def _sh(exposure: SympsonHetter, order: IntArray, n: int) -> FloatArray:
    k = np.asarray(exposure.k, dtype=np.float64)
    if k.shape != (n,) or np.any((k < 0) | (k > 1)):
        raise ValueError(f"Sympson–Hetter k must be {n} probabilities in [0, 1]")
    out: FloatArray = k[order]
    return out


def _sprt_increments(p: ItemParameters, cut: float, delta: float) -> FloatArray:
    """(2, J): log-likelihood ratio increments for a wrong (row 0) and a right (row 1) answer."""
    lp, lq = log_probabilities(np.array([cut - delta, cut + delta]), p)
    return np.stack([lq[1] - lq[0], lp[1] - lp[0]])
