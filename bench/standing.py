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

The GOAL line is on the pure engine: the modules the application runs. The optional accelerator
(``scripts/build-accel``: the engine's hot modules compiled with mypyc into ``build/accel``) is
measured in the same run when it is built and up to date, as an extra figure: the same people,
timed the same way, in a child process that imports the compiled package, with the pure engine
as its named baseline. ``--compiled`` runs only that child's part.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

sys.path.insert(0, "build/accel" if "--compiled" in sys.argv else "src")

from certwright.core.catalog import Catalog, load_catalog
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

ACCEL = "build/accel"
COMPILED = "--compiled" in sys.argv
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


def compiled_modules() -> list[str]:
    """The engine modules this process imports compiled (extension modules), by name."""
    names = ("standing", "standing_scan", "mastery", "actions", "experience", "validity")
    mods = [sys.modules[f"certwright.core.{n}"] for n in names]  # all imported by evaluate_standing
    return [m.__name__.rsplit(".", 1)[1] for m in mods if not (m.__file__ or "").endswith(".py")]


def accel_state() -> str | None:
    """Why the compiled engine cannot be measured, or None when build/accel is built and up to date."""
    stamp = os.path.join(ACCEL, ".built")
    if not os.path.exists(stamp):
        return "not built (scripts/build-accel)"
    core = os.path.join("src", "certwright", "core")
    newest = max(os.path.getmtime(os.path.join(core, n)) for n in os.listdir(core) if n.endswith(".py"))
    if newest > os.path.getmtime(stamp):
        return "older than src/certwright/core (run scripts/build-accel)"
    return None


def measure(people: list[PersonFacts], catalog: Catalog) -> tuple[float, float]:
    """CPU and wall-clock seconds of the best pass evaluating ``people``, after a warm-up."""
    for p in make_people(1_000, seed=2):  # warm up on other people
        evaluate_standing(p, catalog, ON)

    def engine() -> None:
        for p in people:
            evaluate_standing(p, catalog, ON)

    return best_seconds(engine)


def compiled_child() -> None:
    """The ``--compiled`` part: the compiled engine's figures, as JSON on stdout."""
    modules = compiled_modules()
    if not modules:
        sys.exit(f"--compiled: no compiled engine module found under {ACCEL}")
    cpu, wall = measure(make_people(PEOPLE), load_catalog())
    print(json.dumps({"cpu": cpu, "wall": wall, "modules": modules}))


def run_compiled() -> tuple[float, float, list[str]] | str:
    """The compiled engine's figures from a child process, or why there are none."""
    why = accel_state()
    if why is not None:
        return why
    done = subprocess.run([sys.executable, __file__, "--compiled"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
    figures = json.loads(done.stdout)
    return float(figures["cpu"]), float(figures["wall"]), [str(m) for m in figures["modules"]]


def main() -> None:
    if COMPILED:
        compiled_child()
        return
    catalog = load_catalog()
    people = make_people(PEOPLE)
    if compiled_modules():
        sys.exit("the pure engine imported compiled modules: remove the .so files from src/certwright/core")
    sample = [evaluate_standing(p, catalog, ON) for p in people[:1_000]]
    attempted = sum(len({r.test for r in p.results}) for p in people[: len(sample)])
    actions = sum(len(s.actions) for s in sample)
    registrations = sum(len(s.registrations) for s in sample)
    base_s, _ = best_seconds(lambda: baseline(people, ON))
    engine_s, engine_wall = measure(people, catalog)
    rate = len(people) / engine_s
    compiled = run_compiled()
    n = len(sample)
    print(f"people: {len(people)} with 20 results each (all on or before {ON}); catalog: {len(catalog.tests)} tests")
    print(
        f"each answer in full: on average {attempted / n:.1f} tests with results, {len(catalog.masters)} Master "
        f"designations, {registrations / n:.1f} registration decisions, {actions / n:.1f} next actions"
    )
    print(f"baseline (read every fact once): {len(people) / base_s:,.0f} people/s")
    print(f"pure engine:                     {rate:,.0f} people/s ({engine_s * 1e6 / len(people):.1f} µs/person)")
    wall_rate = len(people) / engine_wall
    print(f"  by the wall clock:             {wall_rate:,.0f} people/s (lower while other work shares the core)")
    print(f"ratio pure engine/baseline time: {engine_s / base_s:.1f}x (best of {PASSES} passes each, CPU time)")
    if isinstance(compiled, str):
        print(f"optional compiled engine ({ACCEL}, mypyc): not measured, {compiled}")
    else:
        cpu, wall, modules = compiled
        print(f"optional compiled engine ({ACCEL}, mypyc; compiled: {', '.join(modules)}):")
        print(f"  {len(people) / cpu:,.0f} people/s ({cpu * 1e6 / len(people):.1f} µs/person), ", end="")
        print(f"{len(people) / wall:,.0f} people/s by the wall clock, {engine_s / cpu:.2f}x the pure engine")
    verdict = "MET" if rate >= GOAL else "MISSED"
    print(f"GOAL standing_throughput: {rate:,.0f} people/s (target {GOAL:,}) {verdict}")


if __name__ == "__main__":
    main()
