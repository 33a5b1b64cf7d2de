"""Catalog API: public."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status

from certwright.common.schemas import ErrorOut
from certwright.core.catalog import TestSpec
from certwright.programs.selectors import catalog_current

router = Router(tags=["catalog"])


class AreaOut(Schema):
    code: str
    name: str
    count: int | None


class TestSummaryOut(Schema):
    code: str
    name: str
    series: str
    scored: int | None
    languages: list[str]


class TestDetailOut(TestSummaryOut):
    unscored: int | None
    minutes: int | None
    family: str
    required_experience_months: int
    training_max_months: int
    recert_scored: int | None
    register_requires: list[str]
    areas: list[AreaOut]
    has_blueprint: bool


def _summary(spec: TestSpec) -> dict[str, object]:
    return {
        "code": spec.code,
        "name": spec.name,
        "series": spec.series,
        "scored": spec.scored,
        "languages": list(spec.languages),
    }


@router.get("/tests", response=list[TestSummaryOut], auth=None, summary="List every test (anyone)")
def list_tests(request: HttpRequest) -> list[dict[str, object]]:
    return [_summary(t) for t in catalog_current().tests.values()]


@router.get(
    "/tests/{code}",
    response={200: TestDetailOut, 404: ErrorOut},
    auth=None,
    summary="One test with its blueprint (anyone)",
)
def get_test(request: HttpRequest, code: str) -> Status[dict[str, object]]:
    catalog = catalog_current()
    spec = catalog.tests.get(code.upper())
    if spec is None:
        return Status(404, {"detail": f"unknown test {code!r}"})
    family = catalog.families[spec.family]
    return Status(
        200,
        {
            **_summary(spec),
            "unscored": spec.unscored,
            "minutes": spec.minutes,
            "family": spec.family,
            "required_experience_months": family.required_months,
            "training_max_months": family.training_max_months,
            "recert_scored": spec.recert_scored,
            "register_requires": [f"{r.condition}:{r.label()}" for r in spec.register_requires],
            "areas": [{"code": a.code, "name": a.name, "count": a.count} for a in spec.areas],
            "has_blueprint": spec.has_blueprint,
        },
    )
