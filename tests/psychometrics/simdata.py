"""Simulated response data for the psychometrics tests (seeded, small)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from certwright.psychometrics import ItemParameters


@dataclass(frozen=True)
class Sim:
    responses: np.ndarray
    params: ItemParameters
    theta: np.ndarray


def simulate(
    n: int,
    n_items: int,
    *,
    model: str = "2pl",
    seed: int = 0,
    answered: int | None = None,
    theta_mean: float = 0.0,
    theta_sd: float = 1.0,
    params: ItemParameters | None = None,
) -> Sim:
    """Responses under the 2PL/3PL with a ~ lognormal(0, .3), b ~ N(0, 1), c ~ U(.1, .25).

    ``answered``: each candidate answers that many random items; the rest are nan.
    """
    rng = np.random.default_rng(seed)
    if params is None:
        a = rng.lognormal(0.0, 0.3, n_items)
        b = rng.normal(0.0, 1.0, n_items)
        c = rng.uniform(0.1, 0.25, n_items) if model == "3pl" else np.zeros(n_items)
        params = ItemParameters(a, b, c)
    theta = rng.normal(theta_mean, theta_sd, n)
    p = params.c + (1 - params.c) / (1 + np.exp(-params.a * (theta[:, None] - params.b)))
    resp = (rng.random((n, n_items)) < p).astype(float)
    if answered is not None:
        keep = np.argsort(rng.random((n, n_items)), axis=1)[:, :answered]
        mask = np.zeros((n, n_items), dtype=bool)
        np.put_along_axis(mask, keep, True, axis=1)
        resp[~mask] = np.nan
    return Sim(resp, params, theta)


def rmse(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.sqrt(np.mean((np.asarray(x) - np.asarray(y)) ** 2)))
