"""The catalog loads, and a broken catalog is refused with file, path and problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from certwright.core.catalog import CatalogError, default_catalog_path, load_catalog, parse_catalog

BUNDLED = default_catalog_path().read_text(encoding="utf-8")


def test_bundled_catalog_has_every_series_and_rule() -> None:
    c = load_catalog()
    assert {s.code for s in c.series} == set("ABCEFGHLPSTX")
    assert c.rules.validity_months == 60
    assert c.rules.retake_wait_full_days == 30
    assert c.rules.purchase_window_days == 90
    assert c.families["repair_technician"].required_months == 24
    assert c.families["repair_technician"].training_max_months == 12
    assert c.families["maintenance_light_repair"].required_months == 12
    assert c.families["maintenance_light_repair"].training_max_months == 6
    assert c.masters["A"].groups == tuple((f"A{i}",) for i in range(1, 9))
    assert c.masters["H"].groups[0] == ("H1", "H2")
    assert c.test("L1").register_requires[0].any_of == ("A8",)
    assert c.entry_level.validity_months == 24
    assert c.renewal.credits_per_extension == 8


def test_every_blueprint_adds_up_to_the_scored_count() -> None:
    c = load_catalog()
    for t in c.tests.values():
        if t.has_blueprint:
            assert sum(a.count or 0 for a in t.areas) == t.scored, t.code


def test_unconfirmed_values_are_marked() -> None:
    c = load_catalog()
    grade = c.grade_of("series.A.tests.A5.blueprint")
    assert grade is not None
    assert grade.grade == "unconfirmed"
    assert c.grade_of("rules.validity_months") is None  # confirmed
    assert c.grade_of("fees.per_test") is not None


def test_spanish_is_offered_for_a1_to_a9_and_g1() -> None:
    c = load_catalog()
    spanish = {code for code, t in c.tests.items() if "es" in t.languages}
    assert spanish == {f"A{i}" for i in range(1, 10)} | {"G1"}


def _mutated(change: object) -> str:
    doc = yaml.safe_load(BUNDLED)
    change(doc)  # type: ignore[operator]
    return yaml.safe_dump(doc, sort_keys=False)


def _series(doc: dict, code: str) -> dict:  # type: ignore[type-arg]
    return next(s for s in doc["series"] if s["code"] == code)


def _test(doc: dict, code: str) -> dict:  # type: ignore[type-arg]
    return next(t for s in doc["series"] for t in s["tests"] if t["code"] == code)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda d: _series(d, "A")["master"]["required"].append("A0"),
            "series[A].master.required",
            "names unknown test 'A0'",
        ),
        (
            lambda d: _test(d, "A5")["blueprint"][0].update(count=18),
            "series[A].tests[A5]",
            "blueprint counts add up to 44, but the test has 45 scored questions",
        ),
        (
            lambda d: _test(d, "A5").update(family="wizard"),
            "series[A].tests[A5].family",
            "unknown experience family 'wizard'",
        ),
        (lambda d: d["rules"].update(validity_months=-1), "rules.validity_months", "greater than 0"),
        (lambda d: d["rules"].pop("retake_wait_full_days"), "rules.retake_wait_full_days", "Field required"),
        (
            lambda d: d["provenance"].update({"rules.nonexistent": {"grade": "unconfirmed"}}),
            "provenance.rules.nonexistent",
            "not in the catalog",
        ),
        (
            lambda d: _test(d, "L1")["prerequisites"]["to_register"][0].update(any_of=["Z9"]),
            "series[L].tests[L1].prerequisites",
            "names unknown test 'Z9'",
        ),
        (
            lambda d: _series(d, "B")["tests"].append({"code": "A5", "name": "dup", "family": "repair_technician"}),
            "series[B].tests[A5]",
            "also used in series A",
        ),
    ],
)
def test_invalid_catalog_names_file_path_and_problem(change: object, path: str, message: str) -> None:
    with pytest.raises(CatalogError) as info:
        parse_catalog(_mutated(change), source="bad.yaml")
    text = str(info.value)
    assert text.startswith("bad.yaml: ")
    assert any(p.startswith(path) and message in m for p, m in info.value.problems), text


def test_yaml_syntax_error_names_line() -> None:
    with pytest.raises(CatalogError) as info:
        parse_catalog("catalog: [unclosed\n", source="x.yaml")
    assert "x.yaml: line" in str(info.value)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot be read"):
        load_catalog(tmp_path / "none.yaml")
