"""certwright.psychometrics: pure numerics (numpy/scipy, no Django) for item analysis and IRT.

Modules: :mod:`~.ctt` (classical item analysis), :mod:`~.irt` (Rasch/2PL/3PL calibration by
MML-EM), :mod:`~.scoring` (EAP, MLE, information, TCC), :mod:`~.equating` (linking, anchored
calibration, true-score equating, conversion tables), :mod:`~.standard_setting` (modified
Angoff), :mod:`~.cat` (adaptive testing). Response matrices are ``(n_candidates, n_items)``
with 1 right, 0 wrong and ``nan`` missing, everywhere. See docs/psychometrics/engine.md.
"""

from certwright.psychometrics.irf import ItemParameters, Quadrature, normal_quadrature
from certwright.psychometrics.irt import FixedItems, IRTModel
from certwright.psychometrics.priors import BetaPrior, LogNormalPrior, NormalPrior

__all__ = [
    "BetaPrior",
    "FixedItems",
    "IRTModel",
    "ItemParameters",
    "LogNormalPrior",
    "NormalPrior",
    "Quadrature",
    "normal_quadrature",
]
