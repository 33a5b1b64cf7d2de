"""Array types and input validation shared by the psychometrics modules.

Every public function that takes responses calls :func:`as_responses` first, so the
orientation and coding rules are stated, and enforced, in one place:

* a response matrix is ``(n_candidates, n_items)``;
* a response is ``0`` (wrong), ``1`` (right) or ``nan`` (missing: not presented or not answered).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
Float32Array = NDArray[np.float32]
AnyFloatArray = NDArray[np.floating[Any]]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

_BLOCK = 65_536


def as_responses(responses: ArrayLike, *, name: str = "responses") -> FloatArray:
    """Validate a dichotomous response matrix and return it as a float64 array.

    Parameters
    ----------
    responses : array_like, shape (n_candidates, n_items)
        ``1`` right, ``0`` wrong, ``nan`` missing. Booleans are accepted.
    name : str
        Name used in error messages.

    Returns
    -------
    ndarray of float64, shape (n_candidates, n_items)
        The same values (no copy when the input is already float64).

    Raises
    ------
    ValueError
        If the input is not two-dimensional, is empty, is not numeric, or holds a value other
        than 0, 1 or nan. The message names the first offending cell.
    """
    try:
        arr = np.asarray(responses, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric (0, 1 or nan); could not convert: {exc}") from None
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_candidates, n_items); got {arr.ndim}-D with shape {arr.shape}"
        )
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must have at least one candidate and one item; got shape {arr.shape}")
    # x * (x - 1) is 0 for 0 and 1, nan for nan (comparisons with nan are False), nonzero otherwise.
    # Checked in blocks of rows so the temporaries stay small for large matrices.
    for start in range(0, arr.shape[0], _BLOCK):
        block = arr[start : start + _BLOCK]
        with np.errstate(invalid="ignore", over="ignore"):
            product = block * (block - 1.0)
            bad = (product > 0.0) | (product < 0.0)
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise ValueError(
                f"{name} must hold only 0, 1 or nan (missing); found {float(block[i, j])!r} "
                f"at candidate {start + i}, item {j}"
            )
    return arr


def as_vector(values: ArrayLike, *, name: str, length: int | None = None) -> FloatArray:
    """Return ``values`` as a finite 1-D float64 array, optionally of a given length."""
    arr = np.atleast_1d(np.asarray(values, dtype=np.float64))
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D; got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        raise ValueError(f"{name} must have length {length}; got {arr.shape[0]}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    return arr
