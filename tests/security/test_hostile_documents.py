"""Hypothesis: the standing JSON and catalog files end in their documented errors
(StandingInputError, CatalogError, each naming where) for any input, never another exception.
GIFT, QTI, CSV and native YAML are covered the same way in tests/interchange/test_parser_fuzz.py."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certwright.core.catalog import CatalogError, default_catalog_path, load_catalog, parse_catalog
from certwright.core.standing_io import StandingInputError, parse_standing_input

CATALOG = load_catalog()
BUNDLED = default_catalog_path().read_text(encoding="utf-8")
BUNDLED_DOC = yaml.safe_load(BUNDLED)
EXAMPLE = {
    "person": {"id": "t1", "name": "Ana"},
    "results": [{"test": "A5", "date": "2021-03-14", "outcome": "pass", "kind": "initial"}],
    "experience": [{"kind": "work", "start": "2015-01-01", "verified": True}],
}
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPECIAL = ["", "A5", "Z9", "pass", "fail", "initial", "work", "2021-02-30", "9999-12-31", "0001-01-01", "\x00", "é"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(SPECIAL),
)
JSONISH = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


def _error_of(parse: Any, *args: Any, **kwargs: Any) -> Exception | None:
    """The documented error the parser raised, or None when it accepted the input; anything else
    propagates and fails the test."""
    try:
        parse(*args, **kwargs)
    except (StandingInputError, CatalogError) as exc:
        return exc
    return None


def _mutate(doc: Any, path: list[Any], value: Any) -> Any:
    """Replace the node at ``path`` (indexes into dicts/lists, wrapped) with ``value``."""
    if not path or not isinstance(doc, dict | list) or not doc:
        return value
    if isinstance(doc, dict):
        key = sorted(doc)[path[0] % len(doc)] if isinstance(path[0], int) else path[0]
        return {**doc, key: _mutate(doc.get(key), path[1:], value)}
    i = path[0] % len(doc) if isinstance(path[0], int) else 0
    return [*doc[:i], _mutate(doc[i], path[1:], value), *doc[i + 1 :]]


@FAST
@given(st.text(max_size=300))
def test_standing_json_any_text(text: str) -> None:
    error = _error_of(parse_standing_input, text, CATALOG)
    assert error is None or error.problems  # type: ignore[attr-defined]


@FAST
@given(JSONISH)
def test_standing_json_any_json_value(value: Any) -> None:
    error = _error_of(parse_standing_input, json.dumps(value, allow_nan=True), CATALOG)
    assert error is None or error.problems  # type: ignore[attr-defined]


@FAST
@given(st.lists(st.integers(min_value=0, max_value=50), max_size=4), JSONISH)
def test_standing_json_mutated_example(path: list[int], value: Any) -> None:
    doc = _mutate(json.loads(json.dumps(EXAMPLE)), path, value)
    error = _error_of(parse_standing_input, json.dumps(doc, allow_nan=True), CATALOG)
    if error is not None:
        assert isinstance(error, StandingInputError)
        assert error.problems
        assert all(isinstance(where, str) and message for where, message in error.problems)


@FAST
@given(st.text(max_size=300))
def test_catalog_any_text(text: str) -> None:
    error = _error_of(parse_catalog, text, source="hostile.yaml")
    assert error is None or str(error).startswith("hostile.yaml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=5), JSONISH)
def test_catalog_mutated_bundled_file(path: list[int], value: Any) -> None:
    text = yaml.safe_dump(_mutate(BUNDLED_DOC, path, value), allow_unicode=True)
    error = _error_of(parse_catalog, text, source="mutated.yaml")
    if error is not None:
        assert isinstance(error, CatalogError)
        assert str(error).startswith("mutated.yaml")
        assert error.problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(BUNDLED)), st.integers(min_value=0, max_value=40), st.text(max_size=30))
def test_catalog_cut_and_spliced_text(at: int, cut: int, insert: str) -> None:
    error = _error_of(parse_catalog, BUNDLED[:at] + insert + BUNDLED[at + cut :], source="spliced.yaml")
    assert error is None or str(error).startswith("spliced.yaml")
