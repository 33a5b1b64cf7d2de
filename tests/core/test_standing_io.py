"""The JSON form of the standing: parsing with field-named errors, and the output shape."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from certwright.core.catalog import load_catalog
from certwright.core.standing import evaluate_standing
from certwright.core.standing_io import (
    StandingInputError,
    input_schema,
    output_schema,
    parse_standing_input,
    standing_to_data,
)

CATALOG = load_catalog()
SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"
EXAMPLE = {
    "person": {"id": "p-1", "name": "Ana Ruiz"},
    "results": [
        {"test": "A5", "date": "2021-03-14", "outcome": "pass", "kind": "initial"},
        {"test": "A8", "date": "2026-11-20", "outcome": "fail"},
    ],
    "experience": [
        {"kind": "work", "start": "2018-01-01", "end": None, "hours_per_week": 40, "verified": True},
        {"kind": "training", "months_credit": 6, "verified": True, "description": "Tech college"},
    ],
    "renewal_credits": [{"test": "A5", "date": "2025-02-01", "correct": True}],
}


def test_example_evaluates() -> None:
    facts = parse_standing_input(json.dumps(EXAMPLE), CATALOG)
    data = standing_to_data(evaluate_standing(facts, CATALOG, date(2026, 11, 28)))
    assert data["tests"]["A5"]["status"] == "expired"
    assert data["tests"]["A5"]["expired_on"] == "2026-03-14"
    assert data["tests"]["A5"]["register_kind"] == "recertification"
    assert data["tests"]["A8"]["status"] == "failed"
    assert data["tests"]["A8"]["retake_from"] == "2026-12-21"
    assert data["masters"]["A"]["status"] == "not_master"
    jsonschema.validate(data, output_schema())


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"),
    [
        (lambda d: d["results"][1].update(date="2021-02-30"), "results[1].date", "date"),
        (lambda d: d["results"][0].update(outcome="passed"), "results[0].outcome", "'pass'"),
        (lambda d: d["results"][0].update(test="A0"), "results[0].test", "unknown test 'A0'"),
        (lambda d: d["person"].pop("id"), "person.id", "Field required"),
        (lambda d: d["experience"][0].update(hours_per_week=-5), "experience[0].hours_per_week", "greater than 0"),
        (lambda d: d["experience"][0].update(end="2017-01-01"), "experience[0]", "before start"),
        (lambda d: d["experience"][1].update(kind="school"), "experience[1]", "kind"),
        (lambda d: d.update(extra=1), "extra", "Extra inputs are not permitted"),
    ],
)
def test_bad_input_names_the_field(mutate: object, path: str, fragment: str) -> None:
    doc = json.loads(json.dumps(EXAMPLE))
    mutate(doc)  # type: ignore[operator]
    with pytest.raises(StandingInputError) as info:
        parse_standing_input(json.dumps(doc), CATALOG)
    assert any(p.startswith(path) and fragment in m for p, m in info.value.problems), info.value.problems


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(StandingInputError, match="line 1, column"):
        parse_standing_input("{not json", CATALOG)


def test_documented_schemas_match_the_code() -> None:
    for name, schema in (("standing-input", input_schema()), ("standing-output", output_schema())):
        stored = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert stored == schema, f"docs/schemas/{name}.schema.json is out of date: run scripts/write-schemas"
