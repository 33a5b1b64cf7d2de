"""Every rule and boundary of the standing engine, one row each (see standing_rows.py).

docs/domain/rules.md shows the same table; test_rules_doc_mirrors_the_table keeps them equal.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from certwright.core.catalog import load_catalog
from certwright.core.facts import ResultKind
from certwright.core.registration import registration_decision
from certwright.core.standing import evaluate_standing, evaluate_tests
from tests.core.standing_rows import ROWS, Row

CATALOG = load_catalog()
DOC = Path(__file__).resolve().parents[2] / "docs" / "domain" / "rules.md"


def _value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return value


def _observed(row: Row) -> dict[str, object]:
    on = date.fromisoformat(row.as_of)
    facts = row.facts()
    if row.subject.startswith("register"):
        kind_word, code = row.subject.split(":")
        tests = evaluate_tests(facts, CATALOG, on)
        if kind_word == "register-recert":
            kind = ResultKind.RECERTIFICATION
        else:
            kind = ResultKind.RECERTIFICATION if tests[code].ever_certified else ResultKind.INITIAL
        decision = registration_decision(CATALOG.tests[code], kind, facts.results, tests, CATALOG, on)
        return {
            "allowed": decision.allowed,
            "kind": decision.kind.value,
            "allowed_from": decision.allowed_from,
            "missing": decision.missing,
            "reasons": decision.reasons,
        }
    standing = evaluate_standing(facts, CATALOG, on)
    if row.subject in standing.masters:
        m = standing.masters[row.subject]
        return {
            "status": m.status.value,
            "since": m.since,
            "until": m.until,
            "missing": m.missing,
            "reasons": m.reasons,
        }
    t = standing.tests[row.subject]
    return {
        "status": t.status.value,
        "since": t.since,
        "until": t.until,
        "expired_on": t.expired_on,
        "retake_from": t.retake_from,
        "entry_level": t.entry_level,
        "experience_missing_months": t.experience_missing_months,
        "reasons": t.reasons,
    }


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_rule(row: Row) -> None:
    observed = _observed(row)
    for key, expected in row.expect.items():
        if key == "reasons":
            assert expected in [str(r) for r in observed["reasons"]], f"{row.id}: {observed}"  # type: ignore[attr-defined]
        else:
            assert _value(observed[key]) == expected, f"{row.id} {key}: {observed}"


def render_rules_table() -> str:
    lines = ["| Id | Rule | Facts | As of | Subject | Expected |", "|---|---|---|---|---|---|"]
    for r in ROWS:
        lines.append(f"| {r.id} | {r.rule} | {r.facts_text()} | {r.as_of} | {r.subject} | {r.expect_text()} |")
    return "\n".join(lines)


def test_rules_doc_mirrors_the_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("<!-- rules-table:start -->") + len("<!-- rules-table:start -->")
    end = text.index("<!-- rules-table:end -->")
    assert text[start:end].strip() == render_rules_table(), (
        "docs/domain/rules.md is out of date: run `python -m tests.core.test_standing_rules` to rewrite its table"
    )


def _rewrite_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("<!-- rules-table:start -->") + len("<!-- rules-table:start -->")
    end = text.index("<!-- rules-table:end -->")
    DOC.write_text(text[:start] + "\n" + render_rules_table() + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    _rewrite_doc()
