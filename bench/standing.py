"""How many people per second the standing engine evaluates (one core).

People have 20 results each (a mix of A-series passes, fails and recertifications), two work
periods and a few renewal credits. Baseline, measured in the same run: a loop that only reads
every fact once (the least any evaluation must do), so the ratio says how much the rules cost.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

sys.path.insert(0, "src")

from certwright.core.catalog import load_catalog
from certwright.core.facts import (
    Experience,
    ExperienceKind,
    Outcome,
    PersonFacts,
    RenewalCredit,
    ResultKind,
    TestResult,
)
from certwright.core.standing import evaluate_standing

TESTS = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "G1", "T2", "T4"]
GOAL = 20_000


def make_people(n: int, seed: int = 1) -> list[PersonFacts]:
    rng = random.Random(seed)
    people = []
    for i in range(n):
        start = date(2008, 1, 1) + timedelta(days=rng.randint(0, 4000))
        results = []
        for _ in range(20):
            day = start + timedelta(days=rng.randint(0, 6000))
            outcome = Outcome.PASS if rng.random() < 0.7 else Outcome.FAIL
            kind = ResultKind.RECERTIFICATION if rng.random() < 0.2 else ResultKind.INITIAL
            results.append(TestResult(rng.choice(TESTS), day, outcome, kind))
        experience = (
            Experience(ExperienceKind.WORK, True, start, start + timedelta(days=900), 40),
            Experience(ExperienceKind.WORK, True, start + timedelta(days=800), None, 30),
        )
        credits = tuple(RenewalCredit("A5", date(2024, 1, 1) + timedelta(days=30 * k), True) for k in range(3))
        people.append(PersonFacts(str(i), f"P{i}", tuple(results), experience, credits))
    return people


def baseline(people: list[PersonFacts], on: date) -> int:
    seen = 0
    for p in people:
        for r in p.results:
            if r.date <= on:
                seen += 1
        for e in p.experience:
            seen += e.start is not None
    return seen


def main() -> None:
    catalog = load_catalog()
    people = make_people(20_000)
    on = date(2026, 11, 28)
    t0 = time.perf_counter()
    baseline(people, on)
    base_s = time.perf_counter() - t0
    for p in people[:200]:  # warm up
        evaluate_standing(p, catalog, on)
    t0 = time.perf_counter()
    for p in people:
        evaluate_standing(p, catalog, on)
    engine_s = time.perf_counter() - t0
    rate = len(people) / engine_s
    print(f"people: {len(people)} with 20 results each; catalog: {len(catalog.tests)} tests")
    print(f"baseline (read every fact once): {len(people) / base_s:,.0f} people/s")
    print(f"standing engine:                 {rate:,.0f} people/s ({engine_s * 1e6 / len(people):.1f} µs/person)")
    print(f"ratio engine/baseline time: {engine_s / base_s:.1f}x")
    verdict = "MET" if rate >= GOAL else "MISSED"
    print(f"GOAL standing_people_per_second: {rate:,.0f} (target {GOAL:,}) {verdict}")


if __name__ == "__main__":
    main()
