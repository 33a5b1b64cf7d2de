"""What the starter bank must hold, per test, derived from the catalog."""

from __future__ import annotations

from certwright.core.catalog import Catalog
from certwright.core.item_lint import TestRequirement

# Tests whose bank must support a full operational form (blueprint + 15 items, each area count + 2).
FULL_FORM_TESTS = frozenset({"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "G1"})
# Tests that need at least PRACTICE_MINIMUM practice items.
PRACTICE_TESTS = frozenset({"L1", "L3", "B2", "B3", "B4", "B5", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "C1", "P2"})
PRACTICE_MINIMUM = 15
SPANISH_MINIMUM = {"A5": 30}


def bank_requirements(catalog: Catalog, *, only: str | None = None) -> dict[str, TestRequirement]:
    out: dict[str, TestRequirement] = {}
    for code, spec in catalog.tests.items():
        if code not in FULL_FORM_TESTS | PRACTICE_TESTS or (only and code != only):
            continue
        out[code] = TestRequirement(
            areas={a.code: a.count for a in spec.areas},
            scored=spec.scored,
            full_form=code in FULL_FORM_TESTS,
            min_practice=PRACTICE_MINIMUM if code in PRACTICE_TESTS else 0,
            min_spanish=SPANISH_MINIMUM.get(code, 0),
        )
    return out
