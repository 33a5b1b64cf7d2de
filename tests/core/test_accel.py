"""The optional accelerator (``scripts/build-accel``) gives the same answers as the pure engine.

Skipped unless ``build/accel`` is built and newer than ``src/certwright/core``. The same program
runs twice in child processes, once importing ``src`` (pure) and once ``build/accel`` (compiled):
it evaluates random people on several days and prints a digest of the complete answers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ACCEL = ROOT / "build" / "accel"
ENGINE = ("standing", "standing_scan", "mastery", "actions", "experience", "validity")

PROGRAM = """
import hashlib, json, random, sys
from datetime import date, timedelta
sys.path.insert(0, sys.argv[1])
from certwright.core.catalog import load_catalog
from certwright.core.facts import (
    Experience, ExperienceKind, Outcome, PersonFacts, RenewalCredit, ResultKind, TestResult,
)
from certwright.core.standing import evaluate_standing

catalog = load_catalog()
codes = sorted(catalog.tests)
rng = random.Random(20261128)
digest = hashlib.sha256()
for i in range(1500):
    start = date(2006, 1, 1) + timedelta(days=rng.randint(0, 6000))
    results = tuple(
        TestResult(
            rng.choice(codes),
            start + timedelta(days=rng.randint(0, 6000)),
            rng.choice(list(Outcome)),
            rng.choice(list(ResultKind)),
        )
        for _ in range(rng.randint(0, 25))
    )
    experience = tuple(
        Experience(
            rng.choice(list(ExperienceKind)),
            rng.random() < 0.8,
            start + timedelta(days=rng.randint(0, 3000)),
            None if rng.random() < 0.3 else start + timedelta(days=rng.randint(3000, 6000)),
            rng.choice((10, 20, 40)),
        )
        for _ in range(rng.randint(0, 3))
    )
    credits = tuple(
        RenewalCredit(rng.choice(codes), start + timedelta(days=rng.randint(0, 6000)), rng.random() < 0.8)
        for _ in range(rng.randint(0, 3))
    )
    person = PersonFacts(str(i), f"P{i}", results, experience, credits)
    for on in (date(2015, 6, 30), date(2026, 11, 28), date(2031, 1, 1)):
        digest.update(repr(evaluate_standing(person, catalog, on)).encode())
engine = ("standing", "standing_scan", "mastery", "actions", "experience", "validity")
files = {n: sys.modules["certwright.core." + n].__file__ for n in engine}
print(json.dumps({"digest": digest.hexdigest(), "files": files}))
"""


def _accel_state() -> str | None:
    stamp = ACCEL / ".built"
    if not stamp.exists():
        return "the accelerator is not built (scripts/build-accel)"
    newest = max(p.stat().st_mtime for p in (ROOT / "src" / "certwright" / "core").glob("*.py"))
    if newest > stamp.stat().st_mtime:
        return "build/accel is older than src/certwright/core (run scripts/build-accel)"
    return None


def _answers(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(path)], capture_output=True, text=True, check=True, cwd=ROOT, timeout=600
    )
    answers: dict[str, object] = json.loads(done.stdout)
    return answers


class AcceleratorTests:
    def test_compiled_engine_answers_like_the_pure_engine(self) -> None:
        why = _accel_state()
        if why is not None:
            pytest.skip(why)
        pure = _answers(ROOT / "src")
        compiled = _answers(ACCEL)
        pure_files = pure["files"]
        compiled_files = compiled["files"]
        assert isinstance(pure_files, dict)
        assert isinstance(compiled_files, dict)
        assert all(str(pure_files[n]).endswith(".py") for n in ENGINE)
        assert all(str(compiled_files[n]).endswith(".so") for n in ENGINE)
        assert compiled["digest"] == pure["digest"]
