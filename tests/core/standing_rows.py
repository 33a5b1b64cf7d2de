"""The rule table: one row per rule and boundary of the standing engine.

``tests/core/test_standing_rules.py`` runs every row; ``docs/domain/rules.md`` shows the same rows
(a test checks that the document is this table, rendered). Notation:

* results: ``"A5 pass 2021-03-14"``, optional kind ``recert`` / ``entry``: ``"A5 pass 2026-03-14 recert"``
* work: ``"2019-01-01..2020-12-31 40h"`` (open end ``2019-01-01..``), ``unverified`` suffix
* training: ``"training 12"`` (months), ``unverified`` suffix
* credits: ``"A1 2025-01-10"`` one correct renewal answer
* revocations: ``"A6 2025-05-01"``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from certwright.core.facts import (
    Experience,
    ExperienceKind,
    Outcome,
    PersonFacts,
    RenewalCredit,
    ResultKind,
    Revocation,
    TestResult,
)

FULL = ("2010-01-01.. 40h",)
A_ALL = tuple(f"A{i} pass 2022-05-10" for i in range(1, 9))


@dataclass(frozen=True)
class Row:
    id: str
    rule: str
    as_of: str
    subject: str  # a test code, a series code (Master), or "register:L1"
    expect: dict[str, object]
    results: tuple[str, ...] = ()
    work: tuple[str, ...] = FULL
    training: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    revocations: tuple[str, ...] = ()
    tags: tuple[str, ...] = field(default=())

    def facts(self) -> PersonFacts:
        return PersonFacts(
            self.id,
            self.rule,
            tuple(_result(r) for r in self.results),
            tuple(_work(w) for w in self.work) + tuple(_training(t) for t in self.training),
            tuple(RenewalCredit(c.split()[0], date.fromisoformat(c.split()[1]), True) for c in self.credits),
            tuple(Revocation(r.split()[0], date.fromisoformat(r.split()[1]), "test") for r in self.revocations),
        )

    def facts_text(self) -> str:
        parts = [*self.results]
        parts += [f"work {w}" for w in self.work if self.work != FULL]
        parts += [f"training {t}" for t in self.training]
        parts += [f"credit {c}" for c in self.credits]
        parts += [f"revoked {r}" for r in self.revocations]
        if self.work == FULL:
            parts.append("full-time work since 2010")
        return "; ".join(parts)

    def expect_text(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.expect.items())


_KINDS = {"recert": ResultKind.RECERTIFICATION, "entry": ResultKind.ENTRY_LEVEL}


def _result(text: str) -> TestResult:
    parts = text.split()
    kind = _KINDS.get(parts[3], ResultKind.INITIAL) if len(parts) > 3 else ResultKind.INITIAL
    return TestResult(parts[0], date.fromisoformat(parts[2]), Outcome(parts[1]), kind)


def _work(text: str) -> Experience:
    span, *rest = text.split()
    start, _, end = span.partition("..")
    hours = next((float(x[:-1]) for x in rest if x.endswith("h")), 40.0)
    return Experience(
        ExperienceKind.WORK,
        "unverified" not in rest,
        date.fromisoformat(start),
        date.fromisoformat(end) if end else None,
        hours,
    )


def _training(text: str) -> Experience:
    months, *rest = text.split()
    return Experience(ExperienceKind.TRAINING, "unverified" not in rest, months_credit=float(months))


ROWS: tuple[Row, ...] = (
    # --- validity ---------------------------------------------------------------------------
    Row(
        "V1",
        "A pass with the experience met certifies from the pass for 5 years",
        "2023-01-01",
        "A5",
        {"status": "certified", "since": "2021-03-14", "until": "2026-03-14"},
        ("A5 pass 2021-03-14",),
    ),
    Row(
        "V2",
        "The day before expiry the certification still holds",
        "2026-03-13",
        "A5",
        {"status": "certified", "until": "2026-03-14"},
        ("A5 pass 2021-03-14",),
    ),
    Row(
        "V3",
        "On the expiry day it has expired",
        "2026-03-14",
        "A5",
        {"status": "expired", "expired_on": "2026-03-14"},
        ("A5 pass 2021-03-14",),
    ),
    Row(
        "V4",
        "Leap day: a pass on 29 Feb expires on 28 Feb five years later",
        "2025-02-28",
        "A1",
        {"status": "expired", "expired_on": "2025-02-28"},
        ("A1 pass 2020-02-29",),
    ),
    Row(
        "V5",
        "Leap day: still certified on 27 Feb",
        "2025-02-27",
        "A1",
        {"status": "certified", "until": "2025-02-28"},
        ("A1 pass 2020-02-29",),
    ),
    Row(
        "V6",
        "Month end: a pass on 31 Jan is valid until 31 Jan",
        "2026-01-30",
        "A2",
        {"status": "certified", "until": "2026-01-31"},
        ("A2 pass 2021-01-31",),
    ),
    Row(
        "V7",
        "Facts dated after the as-of day are ignored",
        "2021-03-13",
        "A5",
        {"status": "not_attempted", "reasons": "no_results"},
        ("A5 pass 2021-03-14",),
    ),
    # --- recertification -------------------------------------------------------------------
    Row(
        "C1",
        "A recertification pass sets a new expiry 5 years after that pass",
        "2025-01-01",
        "A5",
        {"status": "certified", "since": "2016-03-14", "until": "2026-01-10", "reasons": "recertified"},
        ("A5 pass 2016-03-14", "A5 pass 2021-01-10 recert"),
    ),
    Row(
        "C2",
        "Recertification on the expiry day continues without a gap",
        "2026-03-14",
        "A5",
        {"status": "certified", "since": "2021-03-14", "until": "2031-03-14"},
        ("A5 pass 2021-03-14", "A5 pass 2026-03-14 recert"),
    ),
    Row(
        "C3",
        "Recertification after the certification lapsed certifies again",
        "2027-06-01",
        "A5",
        {"status": "certified", "since": "2027-05-01", "until": "2032-05-01"},
        ("A5 pass 2016-03-14", "A5 pass 2027-05-01 recert"),
    ),
    Row(
        "C4",
        "A recertification pass without a previous certification does not count",
        "2026-01-01",
        "A6",
        {"status": "not_attempted", "reasons": "recert_without_previous_certification"},
        ("A6 pass 2025-06-01 recert",),
    ),
    Row(
        "C5",
        "After a lapse, registration is for the recertification test",
        "2027-01-01",
        "register:A5",
        {"allowed": True, "kind": "recertification"},
        ("A5 pass 2016-03-14",),
    ),
    # --- retakes ---------------------------------------------------------------------------
    Row(
        "R1",
        "A fail: the earliest retake is the result day + 31 (30 full days between)",
        "2024-03-15",
        "A8",
        {"status": "failed", "retake_from": "2024-04-01", "reasons": "retake_wait"},
        ("A8 fail 2024-03-01",),
    ),
    Row(
        "R2",
        "Registration on day +30 is refused",
        "2024-03-31",
        "register:A8",
        {"allowed": False, "allowed_from": "2024-04-01", "reasons": "retake_wait"},
        ("A8 fail 2024-03-01",),
    ),
    Row(
        "R3",
        "Registration on day +31 is allowed",
        "2024-04-01",
        "register:A8",
        {"allowed": True, "kind": "initial"},
        ("A8 fail 2024-03-01",),
    ),
    Row(
        "R4",
        "After the wait a failed test stays failed, retake allowed",
        "2024-06-01",
        "A8",
        {"status": "failed", "retake_from": "2024-04-01"},
        ("A8 fail 2024-03-01",),
    ),
    Row(
        "R5",
        "A pass also starts the 30-day wait for the same test",
        "2024-03-20",
        "register:A4",
        {"allowed": False, "allowed_from": "2024-04-01"},
        ("A4 pass 2024-03-01",),
    ),
    Row(
        "R6",
        "A No Show starts no wait",
        "2024-03-05",
        "register:A3",
        {"allowed": True, "kind": "initial"},
        ("A3 no_show 2024-03-01",),
    ),
    Row(
        "R7",
        "A No Show alone leaves the test not attempted",
        "2024-03-05",
        "A3",
        {"status": "not_attempted", "reasons": "no_show"},
        ("A3 no_show 2024-03-01",),
    ),
    Row(
        "R8",
        "A later fail does not remove a current certification",
        "2024-06-01",
        "A5",
        {"status": "certified", "until": "2026-03-14"},
        ("A5 pass 2021-03-14", "A5 fail 2024-05-20 recert"),
    ),
    # --- experience ------------------------------------------------------------------------
    Row(
        "E1",
        "A pass before the experience is complete waits for it",
        "2021-06-01",
        "A5",
        {"status": "awaiting_experience", "experience_missing_months": 7.0, "reasons": "experience_missing"},
        ("A5 pass 2021-03-14",),
        ("2020-01-01.. 40h",),
    ),
    Row(
        "E2",
        "Experience completed after the pass: certified from that day, expiry from the pass",
        "2022-06-01",
        "A5",
        {"status": "certified", "since": "2021-12-31", "until": "2026-03-14"},
        ("A5 pass 2021-03-14",),
        ("2020-01-01.. 40h",),
    ),
    Row(
        "E3",
        "Part-time work counts pro rata (20 h = half)",
        "2023-03-01",
        "A4",
        {"status": "awaiting_experience", "experience_missing_months": 1.5},
        ("A4 pass 2023-01-10",),
        ("2019-06-01.. 20h",),
    ),
    Row(
        "E4",
        "Overlapping periods count once",
        "2020-06-01",
        "A4",
        {"status": "awaiting_experience", "experience_missing_months": 7.0},
        ("A4 pass 2020-05-01",),
        ("2019-01-01..2020-12-31 40h", "2019-06-01..2020-12-31 40h"),
    ),
    Row(
        "E5",
        "Training counts up to its cap (12 months for repair technicians)",
        "2022-01-01",
        "A1",
        {"status": "awaiting_experience", "experience_missing_months": 4.9},
        ("A1 pass 2021-12-01",),
        ("2021-06-01.. 40h",),
        ("18",),
    ),
    Row(
        "E6",
        "Training at the cap plus 12 months of work meets the requirement",
        "2022-06-10",
        "A1",
        {"status": "certified", "since": "2022-06-01"},
        ("A1 pass 2021-12-01",),
        ("2021-06-01.. 40h",),
        ("18",),
    ),
    Row(
        "E7",
        "Unverified experience does not count",
        "2022-01-01",
        "A5",
        {"status": "awaiting_experience", "reasons": "experience_unverified"},
        ("A5 pass 2021-10-01",),
        ("2015-01-01.. 40h unverified",),
    ),
    Row(
        "E8",
        "G1 needs 1 year, half of it may be training",
        "2022-01-01",
        "G1",
        {"status": "certified", "since": "2021-12-01"},
        ("G1 pass 2021-12-01",),
        ("2021-06-01.. 40h",),
        ("9",),
    ),
    Row(
        "E9",
        "A pass that expires before the experience is met never certifies",
        "2026-01-01",
        "A7",
        {"status": "expired", "expired_on": "2020-05-01", "reasons": "expired_before_experience_met"},
        ("A7 pass 2015-05-01",),
        ("2019-01-01.. 40h",),
    ),
    # --- entry level, revocation, renewal --------------------------------------------------
    Row(
        "L1",
        "Entry-level certification lasts 2 years",
        "2024-01-01",
        "A5",
        {"status": "certified", "entry_level": True, "until": "2025-06-01", "reasons": "entry_level"},
        ("A5 pass 2023-06-01 entry",),
        (),
    ),
    Row(
        "L2",
        "Entry-level certification expires and cannot be renewed",
        "2025-06-01",
        "A5",
        {"status": "expired", "reasons": "entry_level_expired"},
        ("A5 pass 2023-06-01 entry",),
        (),
    ),
    Row(
        "X1",
        "A revoked certification is revoked",
        "2025-06-01",
        "A6",
        {"status": "revoked", "reasons": "revoked"},
        ("A6 pass 2023-01-01",),
        FULL,
        (),
        (),
        ("A6 2025-05-01",),
    ),
    Row(
        "X2",
        "A pass after the revocation certifies again",
        "2026-06-01",
        "A6",
        {"status": "certified", "since": "2026-01-10"},
        ("A6 pass 2023-01-01", "A6 pass 2026-01-10"),
        FULL,
        (),
        (),
        ("A6 2025-05-01",),
    ),
    Row(
        "N1",
        "8 correct renewal answers within a subscription year extend by a year",
        "2026-06-01",
        "A1",
        {"status": "certified", "until": "2027-03-01", "reasons": "renewal_extended"},
        ("A1 pass 2021-03-01",),
        FULL,
        (),
        tuple(f"A1 2025-{m:02d}-05" for m in range(1, 9)),
    ),
    Row(
        "N2",
        "7 correct answers do not extend",
        "2026-06-01",
        "A1",
        {"status": "expired", "expired_on": "2026-03-01"},
        ("A1 pass 2021-03-01",),
        FULL,
        (),
        tuple(f"A1 2025-{m:02d}-05" for m in range(1, 8)),
    ),
    Row(
        "N3",
        "Credits count only for tests passed before the subscription began",
        "2026-06-01",
        "A2",
        {"status": "certified", "until": "2030-03-01"},
        ("A2 pass 2025-03-01",),
        FULL,
        (),
        tuple(f"A2 2025-{m:02d}-05" for m in range(1, 10)),
    ),
    # --- Master ----------------------------------------------------------------------------
    Row(
        "M1",
        "A1-A8 certified: Master until the earliest expiry",
        "2024-01-01",
        "A",
        {"status": "master", "until": "2027-05-10"},
        (*A_ALL[:7], "A8 pass 2023-01-01"),
    ),
    Row(
        "M2",
        "Master lapses the day one required certification expires",
        "2027-05-10",
        "A",
        {"status": "not_master", "reasons": "required_certification_expired"},
        (*A_ALL[:7], "A8 pass 2023-01-01"),
    ),
    Row(
        "M3",
        "Master is restored when the lapsed test is renewed",
        "2027-06-01",
        "A",
        {"status": "master", "until": "2028-01-01"},
        (
            *A_ALL[:7],
            "A8 pass 2023-01-01",
            "A1 pass 2027-05-20 recert",
            *(f"A{i} pass 2023-01-01 recert" for i in range(2, 8)),
        ),
    ),
    Row("M4", "A9 is not required for Master Automobile Technician", "2024-01-01", "A", {"status": "master"}, A_ALL),
    Row(
        "M5",
        "A passed test still waiting for experience does not count",
        "2022-06-01",
        "A",
        {"status": "not_master", "missing": "A1, A2, A3, A4, A5, A6, A7, A8"},
        A_ALL,
        ("2021-06-01.. 40h",),
    ),
    Row(
        "M6",
        "Transit bus: H1 or H2 plus H3-H8",
        "2024-01-01",
        "H",
        {"status": "master"},
        tuple(f"H{i} pass 2023-01-01" for i in range(2, 9)),
    ),
    Row(
        "M7",
        "Transit bus without H1 or H2 misses that group",
        "2024-01-01",
        "H",
        {"status": "not_master", "missing": "H1|H2"},
        tuple(f"H{i} pass 2023-01-01" for i in range(3, 9)),
    ),
    Row(
        "M8",
        "Entry-level certifications do not count towards Master",
        "2024-01-01",
        "A",
        {"status": "not_master"},
        tuple(f"A{i} pass 2023-06-01 entry" for i in range(1, 9)),
        (),
    ),
    # --- prerequisites ---------------------------------------------------------------------
    Row(
        "P1",
        "L1 registration needs an A8 pass",
        "2024-01-01",
        "register:L1",
        {"allowed": False, "missing": "A8", "reasons": "prerequisite_missing"},
        ("A1 pass 2023-01-01",),
    ),
    Row(
        "P2",
        "An A8 pass allows L1 registration",
        "2024-01-01",
        "register:L1",
        {"allowed": True},
        ("A8 pass 2023-01-01",),
    ),
    Row(
        "P3",
        "An expired A8 pass still allows L1 registration (passed, not current)",
        "2030-01-01",
        "register:L1",
        {"allowed": True},
        ("A8 pass 2023-01-01",),
    ),
    Row(
        "P4",
        "L1R (recertification) needs a previous L1 certification",
        "2024-01-01",
        "register-recert:L1",
        {"allowed": False, "reasons": "recert_needs_previous_certification"},
        ("A8 pass 2023-01-01",),
    ),
    Row(
        "P5",
        "L2 needs a current diesel and a current electrical certification",
        "2024-01-01",
        "register:L2",
        {"allowed": False, "missing": "A6|H6|S6|T6"},
        ("A9 pass 2023-01-01",),
    ),
)
