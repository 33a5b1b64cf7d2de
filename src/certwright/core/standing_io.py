"""The JSON form of the standing engine: input facts and output decisions.

Both are pydantic models, so the same definitions give the CLI's validation, the API's schema and
the JSON Schemas in ``docs/schemas/``. Errors name the field path (``results[2].date``) and the
problem.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from certwright.core.catalog import Catalog
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
from certwright.core.standing import Standing


class StandingInputError(ValueError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{path}: {message}" for path, message in problems))


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PersonIn(_In):
    id: str = Field(min_length=1)
    name: str = ""


class ResultIn(_In):
    test: str = Field(description="Catalog test code, e.g. A5")
    date: dt.date
    outcome: Outcome
    kind: ResultKind = ResultKind.INITIAL


class WorkIn(_In):
    kind: Literal["work"]
    start: dt.date
    end: dt.date | None = None
    hours_per_week: float = Field(default=40.0, gt=0, le=168)
    verified: bool = False
    description: str = ""
    families: list[str] = []

    @model_validator(mode="after")
    def _ordered(self) -> WorkIn:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class TrainingIn(_In):
    kind: Literal["training"]
    months_credit: float = Field(ge=0, le=120)
    verified: bool = False
    description: str = ""
    date: dt.date | None = None
    families: list[str] = []


class CreditIn(_In):
    test: str
    date: dt.date
    correct: bool


class RevocationIn(_In):
    test: str
    date: dt.date
    reason: str = ""


class StandingInput(_In):
    person: PersonIn
    results: list[ResultIn] = []
    experience: list[Annotated[WorkIn | TrainingIn, Field(discriminator="kind")]] = []
    renewal_credits: list[CreditIn] = []
    revocations: list[RevocationIn] = []


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("work", "training") and out.endswith("]"):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


def parse_standing_input(text: str, catalog: Catalog) -> PersonFacts:
    """Parse the JSON text of a standing request into facts; raise StandingInputError."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise StandingInputError([(where, f"is not valid JSON: {exc.msg}")]) from None
    return facts_from_data(raw, catalog)


def facts_from_data(raw: object, catalog: Catalog) -> PersonFacts:
    try:
        doc = StandingInput.model_validate(raw)
    except ValidationError as exc:
        raise StandingInputError([(_path(tuple(e["loc"])), e["msg"]) for e in exc.errors()]) from None
    problems = [
        (f"{field}[{i}].test", f"unknown test {code!r}")
        for field, rows in (
            ("results", doc.results),
            ("renewal_credits", doc.renewal_credits),
            ("revocations", doc.revocations),
        )
        for i, code in enumerate(r.test for r in rows)
        if code not in catalog.tests
    ]
    for i, rec in enumerate(doc.experience):
        problems += [
            (f"experience[{i}].families", f"unknown experience family {fam!r}")
            for fam in rec.families
            if fam not in catalog.families
        ]
    if problems:
        raise StandingInputError(problems)
    return facts_from_input(doc)


def facts_from_input(doc: StandingInput) -> PersonFacts:
    experience: list[Experience] = []
    for rec in doc.experience:
        if isinstance(rec, WorkIn):
            experience.append(
                Experience(
                    ExperienceKind.WORK,
                    rec.verified,
                    rec.start,
                    rec.end,
                    rec.hours_per_week,
                    description=rec.description,
                    families=tuple(rec.families),
                )
            )
        else:
            experience.append(
                Experience(
                    ExperienceKind.TRAINING,
                    rec.verified,
                    rec.date,
                    None,
                    months_credit=rec.months_credit,
                    description=rec.description,
                    families=tuple(rec.families),
                )
            )
    return PersonFacts(
        person_id=doc.person.id,
        name=doc.person.name,
        results=tuple(TestResult(r.test, r.date, r.outcome, r.kind) for r in doc.results),
        experience=tuple(experience),
        renewal_credits=tuple(RenewalCredit(c.test, c.date, c.correct) for c in doc.renewal_credits),
        revocations=tuple(Revocation(r.test, r.date, r.reason) for r in doc.revocations),
    )


class TestOut(BaseModel):
    status: str
    since: dt.date | None = None
    until: dt.date | None = None
    expired_on: dt.date | None = None
    retake_from: dt.date | None = None
    entry_level: bool = False
    experience_missing_months: float | None = None
    may_register: bool = True
    register_kind: str = "initial"
    register_from: dt.date | None = None
    register_missing: list[str] = []
    reasons: list[str]


class MasterOut(BaseModel):
    designation: str
    status: str
    since: dt.date | None = None
    until: dt.date | None = None
    missing: list[str]
    reasons: list[str]


class ActionOut(BaseModel):
    code: str
    text: str
    test: str | None = None
    series: str | None = None
    date: dt.date | None = None
    months: float | None = None
    tests: list[str] = []


class StandingOut(BaseModel):
    person_id: str
    as_of: dt.date
    policy_version: int
    tests: dict[str, TestOut]
    masters: dict[str, MasterOut]
    actions: list[ActionOut]


def standing_to_data(standing: Standing) -> dict[str, Any]:
    """The JSON-ready form of a standing (dates as ISO strings)."""
    tests: dict[str, Any] = {}
    for code, s in standing.tests.items():
        reg = standing.registrations.get(code)
        tests[code] = {
            "status": s.status.value,
            "since": _iso(s.since),
            "until": _iso(s.until),
            "expired_on": _iso(s.expired_on),
            "retake_from": _iso(s.retake_from),
            "entry_level": s.entry_level,
            "experience_missing_months": s.experience_missing_months,
            "may_register": reg.allowed if reg else True,
            "register_kind": (reg.kind.value if reg else "initial"),
            "register_from": _iso(reg.allowed_from) if reg else None,
            "register_missing": list(reg.missing) if reg else [],
            "reasons": [str(r) for r in (*s.reasons, *(reg.reasons if reg else ()))],
        }
    masters = {
        code: {
            "designation": m.designation,
            "status": m.status.value,
            "since": _iso(m.since),
            "until": _iso(m.until),
            "missing": list(m.missing),
            "reasons": [str(r) for r in m.reasons],
        }
        for code, m in standing.masters.items()
    }
    actions = [
        {
            "code": a.code.value,
            "text": a.text,
            "test": a.test,
            "series": a.series,
            "date": _iso(a.date),
            "months": a.months,
            "tests": list(a.tests),
        }
        for a in standing.actions
    ]
    return {
        "person_id": standing.person_id,
        "as_of": standing.as_of.isoformat(),
        "policy_version": standing.policy_version,
        "tests": tests,
        "masters": masters,
        "actions": actions,
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def input_schema() -> dict[str, Any]:
    return StandingInput.model_json_schema()


def output_schema() -> dict[str, Any]:
    return StandingOut.model_json_schema()
