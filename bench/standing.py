"""How many people per second the standing engine evaluates (one core).

Each person has 20 results, all dated on or before the day evaluated, so the engine weighs all 20:
a mix of A-series, G1 and T-series passes (about 70 %), fails and recertifications, two work
periods and a few renewal credits. Each evaluation is the complete answer ``evaluate_standing``
gives the API and the pages: every test's status with reasons, the Master designations, the
registration decisions and the next actions.

The rate is the best of three timed passes over the same 20,000 people, one after the other in
this one single-threaded process, after a warm-up on 1,000 other people. It is measured in the
CPU time of the process, which is what one core delivers whatever else the machine is running
(the wall-clock figure is printed too). Baseline, measured the same way in the same run: a loop
that only reads every fact once (the least any evaluation must do), so the ratio says how much the
rules cost.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
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
ON = date(2026, 11, 28)
PEOPLE = 20_000
PASSES = 3


def make_people(n: int, seed: int = 1, on: date = ON) -> list[PersonFacts]:
    """``n`` people with 20 results each, every one dated on or before ``on``."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        start = date(2008, 1, 1) + timedelta(days=rng.randint(0, 4000))
        span = (on - start).days
        results = []
        for _ in range(20):
            day = start + timedelta(days=rng.randint(0, span))
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


def best_seconds(run: Callable[[], object]) -> tuple[float, float]:
    """The best of ``PASSES`` runs: CPU seconds of this process, and wall-clock seconds."""
    cpu = wall = float("inf")
    for _ in range(PASSES):
        c0, w0 = time.process_time(), time.perf_counter()
        run()
        cpu, wall = min(cpu, time.process_time() - c0), min(wall, time.perf_counter() - w0)
    return cpu, wall


def main() -> None:
    catalog = load_catalog()
    people = make_people(PEOPLE)
    for p in make_people(1_000, seed=2):  # warm up on other people
        evaluate_standing(p, catalog, ON)
    sample = [evaluate_standing(p, catalog, ON) for p in people[:1_000]]
    attempted = sum(len({r.test for r in p.results}) for p in people[: len(sample)])
    actions = sum(len(s.actions) for s in sample)
    registrations = sum(len(s.registrations) for s in sample)
    base_s, _ = best_seconds(lambda: baseline(people, ON))

    def engine() -> None:
        for p in people:
            evaluate_standing(p, catalog, ON)

    engine_s, engine_wall = best_seconds(engine)
    rate = len(people) / engine_s
    n = len(sample)
    print(f"people: {len(people)} with 20 results each (all on or before {ON}); catalog: {len(catalog.tests)} tests")
    print(
        f"each answer in full: on average {attempted / n:.1f} tests with results, {len(catalog.masters)} Master "
        f"designations, {registrations / n:.1f} registration decisions, {actions / n:.1f} next actions"
    )
    print(f"baseline (read every fact once): {len(people) / base_s:,.0f} people/s")
    print(f"standing engine:                 {rate:,.0f} people/s ({engine_s * 1e6 / len(people):.1f} µs/person)")
    wall_rate = len(people) / engine_wall
    print(f"  by the wall clock:             {wall_rate:,.0f} people/s (lower while other work shares the core)")
    print(f"ratio engine/baseline time: {engine_s / base_s:.1f}x (best of {PASSES} passes each, CPU time)")
    verdict = "MET" if rate >= GOAL else "MISSED"
    print(f"GOAL standing_throughput: {rate:,.0f} people/s (target {GOAL:,}) {verdict}")


if __name__ == "__main__":
    main()
