"""Computerised adaptive testing: selection, exposure control, content balancing, EAP, stopping.

An :class:`ItemBank` precomputes everything per item once (information on a fine theta grid
and, per grid point and area, the 64 most informative items in order; P and Q at the quadrature
points; SPRT increments), with the items sorted by content area so that an area is a contiguous
slice. A :class:`CATSession` then runs one candidate, each step a handful of numpy operations on
short arrays:

* **selection**: maximum Fisher information at the current EAP (Lord, 1980, ch. 10),
  :math:`I_j(\\theta) = a_j^2 (1 - c_j) e / ((1 + e)^2 (1 + c_j e))` with
  :math:`e = e^{-a_j(\\theta - b_j)}`, read at the EAP rounded to the grid (spacing 0.01 by
  default; the first available items of the ranked list, else the whole table row), or computed
  exactly for every item of the area (``information_grid=None``);
* **content balancing** (Kingsbury & Zara, 1989): the next item comes from the area whose
  administered count lags its blueprint proportion most, :math:`\\arg\\max_k\\, \\pi_k (n + 1) - n_k`;
* **exposure control**: *randomesque* (Kingsbury & Zara, 1989), a uniform pick among the ``k``
  most informative items; or *Sympson–Hetter* (Sympson & Hetter, 1985): the best item is
  administered with probability ``k_j``, else it is set aside for this candidate and the next
  best is tried. Drawing one uniform per item and taking the most informative item with
  :math:`u_j < k_j` is the same procedure in one vectorised step; the better items whose draw
  failed are set aside;
* **EAP update**: the log posterior on the grid gains the row ``log P_j`` or ``log Q_j`` of the
  answered item (Bock & Mislevy, 1982);
* **stopping**: posterior SD <= ``se_target`` (after ``min_items``), ``max_items``, or a
  classification against ``cut``: by the posterior probability of passing
  :math:`\\Pr(\\theta \\ge \\theta_c \\mid x)` beyond ``confidence``, or by the SPRT of
  :math:`H_0: \\theta = \\theta_c - \\delta` against :math:`H_1: \\theta = \\theta_c + \\delta`
  with Wald's bounds :math:`\\log\\frac{1-\\beta}{\\alpha}` and :math:`\\log\\frac{\\beta}{1-\\alpha}`
  (Reckase, 1983; Eggen, 1999).

References
----------
Kingsbury, G. G., & Zara, A. R. (1989). Procedures for selecting items for computerized adaptive
tests. *Applied Measurement in Education*, 2, 359–375.
Sympson, J. B., & Hetter, R. D. (1985). Controlling item-exposure rates in computerized adaptive
testing. *Proceedings of the 27th Annual Meeting of the Military Testing Association*, 973–977.
Reckase, M. D. (1983). A procedure for decision making using tailored testing. In D. J. Weiss
(Ed.), *New Horizons in Testing* (pp. 237–255).
Eggen, T. J. H. M. (1999). Item selection in adaptive testing with the sequential probability
ratio test. *Applied Psychological Measurement*, 23, 249–261.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from certwright.psychometrics._arrays import FloatArray, IntArray
from certwright.psychometrics._cat_bank import (
    SPRT,
    CATConfig,
    ItemBank,
    Randomesque,
    StopReason,
    SympsonHetter,
)
from certwright.psychometrics.irf import ItemParameters

__all__ = [
    "SPRT",
    "CATConfig",
    "CATSession",
    "Classification",
    "ItemBank",
    "Randomesque",
    "SimulationResult",
    "StopReason",
    "SympsonHetter",
    "simulate",
]


@dataclass(frozen=True, slots=True)
class Classification:
    """Pass/fail against the cut: ``passed`` (None if no cut), ``probability`` of passing."""

    passed: bool | None
    probability: float
    decided_by: str


class CATSession:
    """One candidate's adaptive test. Call :meth:`next_item`, then :meth:`record`, until :attr:`done`.

    Attributes: ``theta`` and ``se`` (EAP and posterior SD), ``p_pass`` (posterior probability of
    ``theta >= cut``), ``administered`` and ``responses`` (bank indices, 0/1), ``stop_reason``.
    """

    def __init__(self, bank: ItemBank, rng: np.random.Generator) -> None:
        self.bank, self.rng, cfg = bank, rng, bank.config
        self._penalty = np.zeros(bank.n_items)  # 0 available, -inf administered or set aside
        self._buf = np.empty(bank.n_items)
        self._tmp = np.empty(bank.n_items)
        self._used = [False] * bank.n_items
        self._post = bank.prior.copy()
        self._counts = [0] * len(bank.slices)
        self._remaining = [hi - lo for lo, hi in bank.slices]
        self._targets = None if bank.targets is None else bank.targets.tolist()
        self._top_k = cfg.exposure.k if isinstance(cfg.exposure, Randomesque) else 1
        grid = bank.grid
        self._g0 = 0.0 if grid is None else float(grid[0])
        self._inv_h = 1.0 if grid is None else 1.0 / float(grid[1] - grid[0])
        self._last_row = 0 if grid is None else grid.shape[0] - 1
        self._llr = 0.0
        self._upper = float(np.log((1 - cfg.sprt.beta) / cfg.sprt.alpha))
        self._lower = float(np.log(cfg.sprt.beta / (1 - cfg.sprt.alpha)))
        self.administered: list[int] = []
        self.responses: list[int] = []
        self.theta, self.se, self.p_pass = 0.0, 1.0, float("nan")
        self.stop_reason: StopReason | None = None
        self._update()

    @property
    def done(self) -> bool:
        """Whether a stopping rule has fired."""
        return self.stop_reason is not None

    def _area(self) -> tuple[int, int, int]:
        """(area, lo, hi): the area whose count lags its blueprint share most, and its slice."""
        targets = self._targets
        if targets is None:
            return 0, 0, self.bank.n_items
        n1 = len(self.administered) + 1
        best, area = -np.inf, 0
        for k, share in enumerate(targets):
            deficit = share * n1 - self._counts[k]
            if self._remaining[k] > 0 and deficit > best:
                best, area = deficit, k
        return area, *self.bank.slices[area]

    def _row(self) -> int:
        return min(max(int((self.theta - self._g0) * self._inv_h + 0.5), 0), self._last_row)

    def next_item(self) -> int | None:
        """The next item (bank index), or None when the session is done."""
        while self.stop_reason is None:
            area, lo, hi = self._area()
            pick = self._pick_ranked(area, hi - lo) if self.bank.ranked is not None else None
            if pick is None:
                pick = self._pick_full(lo, hi)
            if pick is not None:
                return int(self.bank.order[pick])
            self._remaining[area] = 0  # nothing left to give in this area (used or set aside)
            targets = self._targets
            if targets is None or not any(r > 0 for r, t in zip(self._remaining, targets, strict=True) if t):
                self.stop_reason = StopReason.POOL_EXHAUSTED
        return None

    def _pick_ranked(self, area: int, size: int) -> int | None:
        """Pick from the ranked list at the grid point; None defers to the full row."""
        assert self.bank.ranked is not None
        cand = self.bank.ranked[area][self._row()]
        free = self._penalty[cand] == 0.0
        whole = cand.shape[0] == size  # the list holds the whole area
        if self._top_k > 1:
            idx = np.flatnonzero(free)[: self._top_k]
            if idx.shape[0] == 0 or (idx.shape[0] < self._top_k and not whole):
                return None
            return int(cand[idx[int(self.rng.random() * idx.shape[0])]])
        if self.bank.sh_k is not None:
            accept = free & (self.rng.random(cand.shape[0]) < self.bank.sh_k[cand])
            first = int(accept.argmax())
            if not accept[first]:  # every listed item failed its draw
                if whole:  # nothing beyond the list: the best available item, as in _pick_full
                    return int(cand[free][0]) if free.any() else None
                self._penalty[cand[free]] = -np.inf  # set aside; the full row decides
                return None
            self._penalty[cand[:first][free[:first]]] = -np.inf  # failed draws: set aside
            return int(cand[first])
        first = int(free.argmax())
        return int(cand[first]) if free[first] else None

    def _information(self, lo: int, hi: int) -> FloatArray:
        """Information of items lo..hi at the current theta, minus inf for unavailable items."""
        b = self.bank
        e = self._buf[lo:hi]
        if b.table is not None:
            np.add(b.table[self._row(), lo:hi], self._penalty[lo:hi], out=e)
            return e
        d = self._tmp[lo:hi]
        np.multiply(b.a[lo:hi], -self.theta, out=e)
        e += b.ab[lo:hi]
        np.minimum(e, 40.0, out=e)  # e = exp(-a(theta - b)) <= e^40: no overflow
        np.exp(e, out=e)
        np.add(e, 1.0, out=d)
        d *= d
        if not b.linear:
            d *= b.c[lo:hi] * e + 1.0
        e *= b.k[lo:hi]
        e /= d
        e += self._penalty[lo:hi]
        return e

    def _pick_full(self, lo: int, hi: int) -> int | None:
        """Pick over the whole area slice; returns an internal index or None if none is left."""
        info = self._information(lo, hi)
        if self._top_k > 1:
            k = min(self._top_k, hi - lo)
            top = np.argpartition(info, hi - lo - k)[hi - lo - k :]
            top = top[info[top] > -np.inf]
            return lo + int(top[int(self.rng.random() * top.shape[0])]) if top.shape[0] else None
        if self.bank.sh_k is not None:
            accept = self.rng.random(hi - lo) < self.bank.sh_k[lo:hi]
            masked = np.where(accept, info, -np.inf)
            pick = int(np.argmax(masked))
            if masked[pick] == -np.inf:  # every draw failed: the best available item, if any
                pick = int(np.argmax(info))
                return lo + pick if info[pick] > -np.inf else None
            np.copyto(self._penalty[lo:hi], -np.inf, where=info > info[pick])  # failed draws
            return lo + pick
        pick = int(np.argmax(info))
        return lo + pick if info[pick] > -np.inf else None

    def record(self, item: int, correct: bool | int) -> None:
        """Record the answer to ``item`` (bank index) and update the EAP and the stopping rule."""
        if self.stop_reason is not None:
            raise ValueError("the session is done")
        bank = self.bank
        if not 0 <= item < bank.n_items:
            raise ValueError(f"item {item} is not in the bank (0..{bank.n_items - 1})")
        j = bank.position[item]
        if self._used[j]:
            raise ValueError(f"item {item} was already administered")
        self._used[j] = True
        right = 1 if correct else 0
        self._post *= bank.like[right][j]
        self._llr += bank.sprt_inc[right][j]
        self._penalty[j] = -np.inf
        area = bank.area_of[j]
        if area < len(self._counts):
            self._counts[area] += 1
            self._remaining[area] -= 1
        self.administered.append(int(item))
        self.responses.append(right)
        self._update()
        self.stop_reason = self._stop()

    def _update(self) -> None:
        """EAP, posterior SD and P(pass) from the posterior on the grid, in one product.

        The posterior is kept in linear space and multiplied by the answered item's P or Q row;
        it is renormalised whenever its total drops below 1e-200, so it never underflows.
        """
        total, first, second, above = (self.bank.moments @ self._post).tolist()
        if total < 1e-200:
            self._post *= 1.0 / total
        self.theta = first / total
        self.se = max(second / total - self.theta**2, 0.0) ** 0.5
        self.p_pass = above / total

    def _stop(self) -> StopReason | None:
        cfg, n = self.bank.config, len(self.administered)
        if n >= cfg.max_items:
            return StopReason.MAX_ITEMS
        if n >= self.bank.n_items:
            return StopReason.POOL_EXHAUSTED
        if n < cfg.min_items:
            return None
        if cfg.se_target is not None and self.se <= cfg.se_target:
            return StopReason.SE_REACHED
        if cfg.cut is None:
            return None
        if cfg.classification == "posterior" and not 1 - cfg.confidence < self.p_pass < cfg.confidence:
            return StopReason.CLASSIFIED
        if cfg.classification == "sprt" and not self._lower < self._llr < self._upper:
            return StopReason.CLASSIFIED
        return None

    def classification(self) -> Classification:
        """Pass/fail against the configured cut (SPRT decision if the SPRT decided)."""
        cfg = self.bank.config
        if cfg.cut is None:
            return Classification(None, float("nan"), "no_cut")
        if cfg.classification == "sprt" and self._llr >= self._upper:
            return Classification(True, self.p_pass, "sprt")
        if cfg.classification == "sprt" and self._llr <= self._lower:
            return Classification(False, self.p_pass, "sprt")
        return Classification(self.p_pass >= 0.5, self.p_pass, "posterior")


@dataclass(frozen=True, slots=True, eq=False)
class SimulationResult:
    """Per simulated candidate: final EAP, SD, test length, and pass decisions; item exposure rates."""

    theta: FloatArray
    se: FloatArray
    length: IntArray
    passed: FloatArray
    exposure: FloatArray


def simulate(bank: ItemBank, params: ItemParameters, true_theta: FloatArray, seed: int = 0) -> SimulationResult:
    """Run one session per true ability, answering from the model (a post-hoc simulation)."""
    rng = np.random.default_rng(seed)
    n = true_theta.shape[0]
    theta, se, length, passed = np.empty(n), np.empty(n), np.zeros(n, dtype=np.intp), np.full(n, np.nan)
    counts = np.zeros(params.n_items)
    for i, t in enumerate(true_theta):
        session = CATSession(bank, rng)
        while (item := session.next_item()) is not None:
            p = params.c[item] + (1 - params.c[item]) / (1 + np.exp(-params.a[item] * (t - params.b[item])))
            session.record(item, rng.random() < p)
        theta[i], se[i], length[i] = session.theta, session.se, len(session.administered)
        counts[session.administered] += 1
        decision = session.classification().passed
        passed[i] = np.nan if decision is None else float(decision)
    return SimulationResult(theta, se, length, passed, counts / n)
