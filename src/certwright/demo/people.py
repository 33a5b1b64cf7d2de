"""The demo population: people whose facts cover every status and reason code.

Dates are offsets from the day the demo is loaded, so each person keeps their story whenever the
demo runs. Pure: returns facts; the demo command stores them through the services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from certwright.core.facts import Outcome, ResultKind
from certwright.core.validity import add_months

P, F, N = Outcome.PASS, Outcome.FAIL, Outcome.NO_SHOW
INIT, RECERT, ENTRY = ResultKind.INITIAL, ResultKind.RECERTIFICATION, ResultKind.ENTRY_LEVEL
A_MASTER = ("A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8")


@dataclass
class DemoPerson:
    key: str
    first: str
    last: str
    story: str
    results: list[tuple[str, date, Outcome, ResultKind]] = field(default_factory=list)
    work: list[tuple[date, date | None, float, bool, str]] = field(default_factory=list)
    training: list[tuple[float, bool, str]] = field(default_factory=list)
    credits: list[tuple[str, date, bool]] = field(default_factory=list)
    revocations: list[tuple[str, date, str]] = field(default_factory=list)
    username: str = ""
    employer: str = ""


def _m(today: date, months: int, days: int = 0) -> date:
    return add_months(today, -months) - timedelta(days=days)


def scripted(today: date) -> list[DemoPerson]:  # noqa: PLR0915 - one story per block, read top to bottom
    t = today
    people: list[DemoPerson] = []

    def person(key: str, first: str, last: str, story: str, **kw: object) -> DemoPerson:
        p = DemoPerson(key, first, last, story, **kw)  # type: ignore[arg-type]
        people.append(p)
        return p

    p = person(
        "maria",
        "Maria",
        "Lopez",
        "Mid-career technician: six A tests, one failed, one waiting.",
        username="candidate",
        employer="Main Street Auto",
    )
    p.work.append((_m(t, 70), None, 40, True, "Main Street Auto"))
    for code, months in (("A1", 40), ("A4", 30), ("A5", 55), ("A6", 20), ("A7", 14), ("A8", 8)):
        p.results.append((code, _m(t, months), P, INIT))
    p.results.append(("A2", t - timedelta(days=12), F, INIT))
    p.results.append(("A3", _m(t, 2), F, INIT))
    p.credits += [("A5", _m(t, 11 - i), True) for i in range(5)]

    p = person(
        "dev",
        "Devon",
        "Price",
        "Master Automobile Technician, renewing this year.",
        username="master",
        employer="Main Street Auto",
    )
    p.work.append((_m(t, 150), None, 40, True, "Main Street Auto"))
    for i, code in enumerate(A_MASTER):
        p.results.append((code, _m(t, 100), P, INIT))
        p.results.append((code, _m(t, 52 - i), P, RECERT))
    p.results.append(("L1", _m(t, 30), P, INIT))
    p.results.append(("A9", _m(t, 20), P, INIT))

    p = person("lapsed", "Grace", "Okafor", "Lost Master status when A5 expired.", employer="Main Street Auto")
    p.work.append((_m(t, 130), None, 40, True, "Main Street Auto"))
    for code in A_MASTER:
        p.results.append((code, _m(t, 50 if code != "A5" else 62), P, INIT))

    p = person("newbie", "Sam", "Reyes", "Passed A4 but needs more documented experience.", employer="Main Street Auto")
    p.work.append((_m(t, 10), None, 40, True, "Main Street Auto"))
    p.results.append(("A4", _m(t, 3), P, INIT))

    p = person("unverified", "Lena", "Fischer", "Passed A5; her experience waits for employer confirmation.")
    p.work.append((_m(t, 40), None, 40, False, "Lakeside Tire & Brake"))
    p.results.append(("A5", _m(t, 2), P, INIT))

    p = person("parttime", "Omar", "Haddad", "Part-time (20 h/week) with a training credit.")
    p.work.append((_m(t, 30), None, 20, True, "Quick Lube Plus"))
    p.training.append((6, True, "Community college automotive certificate"))
    p.results.append(("G1", _m(t, 1), P, INIT))

    p = person("failed", "Chris", "Novak", "Failed A8 ten days ago: must wait for the retake.")
    p.work.append((_m(t, 48), None, 40, True, "Fleetline Services"))
    p.results.append(("A8", t - timedelta(days=10), F, INIT))

    p = person("failed_old", "Priya", "Shah", "Failed A2 months ago: may retake now.")
    p.work.append((_m(t, 36), None, 40, True, "Fleetline Services"))
    p.results.append(("A2", _m(t, 7), F, INIT))

    p = person("noshow", "Ben", "Carter", "Missed the A3 appointment.")
    p.results.append(("A3", t - timedelta(days=20), N, INIT))

    p = person("recert", "Hana", "Kim", "Recertified A5 before it expired.")
    p.work.append((_m(t, 140), None, 40, True, "Kim's Garage"))
    p.results.append(("A5", _m(t, 100), P, INIT))
    p.results.append(("A5", _m(t, 45), P, RECERT))

    p = person("badrecert", "Tom", "Baker", "A recertification pass without any earlier certification.")
    p.work.append((_m(t, 30), None, 40, True, "Baker Auto"))
    p.results.append(("A6", _m(t, 5), P, RECERT))

    p = person("renewal", "Rosa", "Diaz", "A1 extended a year by continuous-renewal credits.")
    p.work.append((_m(t, 110), None, 40, True, "Diaz Diesel"))
    p.results.append(("A1", _m(t, 61), P, INIT))
    p.credits += [("A1", _m(t, 12 - i), True) for i in range(8)]

    p = person("student", "Jordan", "Lee", "High-school student with an entry-level certification.")
    p.results.append(("G1", _m(t, 8), P, ENTRY))

    p = person("student_old", "Alex", "Moreno", "Entry-level certification that has run out.")
    p.results.append(("A5", _m(t, 30), P, ENTRY))

    p = person("revoked", "Victor", "Stone", "A6 revoked after a test-security investigation.")
    p.work.append((_m(t, 60), None, 40, True, "Stone Electric"))
    p.results.append(("A6", _m(t, 24), P, INIT))
    p.revocations.append(("A6", t - timedelta(days=30), "Test-security investigation: proxy tester"))

    p = person("too_late", "Nina", "Petrova", "Passed A7 long ago; experience came after the pass expired.")
    p.work.append((_m(t, 34), None, 40, True, "Cool Air HVAC"))
    p.results.append(("A7", _m(t, 70), P, INIT))

    p = person("never_met", "Ivan", "Petrov", "Passed A2 six years ago and never documented experience.")
    p.results.append(("A2", _m(t, 72), P, INIT))

    p = person("expiring", "Luis", "Garcia", "A1 and A8 expire within a year.")
    p.work.append((_m(t, 90), None, 40, True, "Garcia Performance"))
    p.results += [("A1", _m(t, 56), P, INIT), ("A8", _m(t, 58), P, INIT)]

    p = person("advanced", "Mei", "Chen", "L1 specialist: A8 passed first, then L1.")
    p.work.append((_m(t, 96), None, 40, True, "Chen Diagnostics"))
    p.results += [("A8", _m(t, 40), P, INIT), ("L1", _m(t, 20), P, INIT), ("A6", _m(t, 15), P, INIT)]

    p = person(
        "transit",
        "Kwame",
        "Mensah",
        "Master Transit Bus Technician through H2 (not H1).",
        employer="Metro Transit Fleet",
    )
    p.work.append((_m(t, 120), None, 40, True, "Metro Transit Fleet"))
    for code in ("H2", "H3", "H4", "H5", "H6", "H7", "H8"):
        p.results.append((code, _m(t, 30), P, INIT))

    p = person(
        "truck",
        "Dana",
        "Wright",
        "Medium/heavy truck technician, one test short of Master.",
        employer="Metro Transit Fleet",
    )
    p.work.append((_m(t, 84), None, 40, True, "Metro Transit Fleet"))
    for code in ("T2", "T3", "T4", "T5", "T6"):
        p.results.append((code, _m(t, 24), P, INIT))
    p.results.append(("T7", _m(t, 1), F, INIT))

    p = person("collision", "Jamie", "Olsen", "Master Collision Repair Technician.")
    p.work.append((_m(t, 100), None, 40, True, "Olsen Collision"))
    for code in ("B2", "B3", "B4", "B5"):
        p.results.append((code, _m(t, 18), P, INIT))

    p = person("consultant", "Ava", "Brooks", "Service consultant (C1).")
    p.work.append((_m(t, 36), None, 40, True, "Riverside Toyota"))
    p.results.append(("C1", _m(t, 6), P, INIT))
    return people


FIRST = [
    "Aaron",
    "Beth",
    "Carlos",
    "Diane",
    "Eli",
    "Fatima",
    "Gabe",
    "Holly",
    "Ivan",
    "Jada",
    "Kurt",
    "Lila",
    "Marco",
    "Nora",
    "Owen",
    "Paula",
    "Quinn",
    "Raj",
    "Sofia",
    "Troy",
    "Uma",
    "Vince",
    "Wendy",
    "Xavier",
]
LAST = [
    "Adams",
    "Bishop",
    "Castro",
    "Dunn",
    "Evans",
    "Flores",
    "Grant",
    "Hughes",
    "Ito",
    "James",
    "Khan",
    "Lowe",
    "Mills",
    "Nash",
    "Ortiz",
    "Park",
    "Quist",
    "Rossi",
    "Silva",
    "Tran",
    "Usman",
    "Vega",
    "Ward",
    "Young",
]
SHOPS = ["Main Street Auto", "Lakeside Tire & Brake", "Metro Transit Fleet"]


def generated(today: date, count: int, seed: int = 7) -> list[DemoPerson]:
    """Technicians with realistic mixes of A-series results (deterministic for a seed)."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    people = []
    for i in range(count):
        p = DemoPerson(f"gen{i:02d}", FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)], "Shop technician.")
        p.employer = SHOPS[i % len(SHOPS)]
        start = _m(today, rng.randint(6, 180))
        p.work.append((start, None, rng.choice([40, 40, 40, 32]), rng.random() > 0.1, p.employer))
        for code in rng.sample((*A_MASTER, "A9", "G1"), rng.randint(1, 8)):
            when = _m(today, rng.randint(1, 70), rng.randint(0, 27))
            p.results.append((code, when, P if rng.random() < 0.72 else F, INIT))
        people.append(p)
    return people


def demo_people(today: date) -> list[DemoPerson]:
    people = scripted(today)
    return people + generated(today, max(0, 60 - len(people)))
