"""The catalog: tests, blueprints and rule parameters, loaded from versioned YAML.

``load_catalog(path)`` validates a catalog document and returns an immutable :class:`Catalog`.
Every problem is reported as a :class:`CatalogError` naming the file, the path inside the
document (with test and series codes, for example ``series[A].tests[A5].blueprint``) and what is
wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from certwright.core.catalog_schema import (
    AnyOf,
    BlueSeal,
    CatalogDocument,
    EntryLevel,
    ExperienceFamily,
    Fees,
    Provenance,
    Renewal,
    Requirement,
    Rules,
)
from certwright.core.catalog_schema import Test as TestDoc


class CatalogError(ValueError):
    """A catalog document is invalid. ``problems`` lists every ``(path, message)`` found."""

    def __init__(self, source: str, problems: Sequence[tuple[str, str]]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = [f"{source}: {path}: {message}" for path, message in self.problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class ContentArea:
    code: str
    name: str
    count: int | None


@dataclass(frozen=True, slots=True)
class RequirementSpec:
    """Satisfied when any one of ``tests`` is ``condition`` (passed ever / certified on the day)."""

    any_of: tuple[str, ...]
    condition: str

    def label(self) -> str:
        return "|".join(self.any_of)


@dataclass(frozen=True, slots=True)
class TestSpec:
    code: str
    name: str
    series: str
    family: str
    languages: tuple[str, ...]
    scored: int | None
    unscored: int | None
    minutes: int | None
    advanced: bool
    areas: tuple[ContentArea, ...]
    has_blueprint: bool
    recert_scored: int | None = None
    recert_minutes: int | None = None
    recert_code: str | None = None
    reference_material: str | None = None
    register_requires: tuple[RequirementSpec, ...] = ()
    hold_requires: tuple[RequirementSpec, ...] = ()

    def area(self, code: str) -> ContentArea | None:
        return next((a for a in self.areas if a.code == code), None)


@dataclass(frozen=True, slots=True)
class MasterRule:
    series: str
    designation: str
    groups: tuple[tuple[str, ...], ...]
    requires_experience: bool
    lapses_when_required_expires: bool


@dataclass(frozen=True, slots=True)
class SeriesSpec:
    code: str
    name: str
    tests: tuple[str, ...]
    master: MasterRule | None


@dataclass(frozen=True, slots=True)
class Catalog:
    id: str
    name: str
    policy_version: int
    effective: date
    rules: Rules
    families: Mapping[str, ExperienceFamily]
    entry_level: EntryLevel
    renewal: Renewal
    fees: Fees
    languages: Mapping[str, str]
    series: tuple[SeriesSpec, ...]
    tests: Mapping[str, TestSpec]
    masters: Mapping[str, MasterRule]
    blue_seal: BlueSeal
    provenance: Mapping[str, Provenance] = field(default_factory=dict)

    def test(self, code: str) -> TestSpec:
        try:
            return self.tests[code]
        except KeyError:
            raise KeyError(f"unknown test {code!r}; the catalog has {', '.join(self.tests)}") from None

    def grade_of(self, path: str) -> Provenance | None:
        """The provenance of a value (or of its closest listed parent), None when confirmed."""
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            found = self.provenance.get(".".join(parts[:end]))
            if found is not None:
                return found
        return None


def default_catalog_path() -> Path:
    return Path(str(resources.files("certwright.catalogs").joinpath("ase.yaml")))


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Read, validate and build the catalog at ``path`` (the bundled ASE catalog by default)."""
    source = Path(path) if path is not None else default_catalog_path()
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(str(source), [("(file)", f"cannot be read: {exc.strerror}")]) from exc
    return parse_catalog(text, source=str(source))


def parse_catalog(text: str, *, source: str = "<catalog>") -> Catalog:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(document)"
        raise CatalogError(source, [(where, f"is not valid YAML: {getattr(exc, 'problem', exc)}")]) from exc
    if not isinstance(raw, dict):
        raise CatalogError(source, [("(document)", "must be a mapping with 'catalog', 'rules', 'series', ...")])
    try:
        doc = CatalogDocument.model_validate(raw)
    except ValidationError as exc:
        problems = [(_friendly_path(raw, err["loc"]), err["msg"]) for err in exc.errors()]
        raise CatalogError(source, problems) from None
    problems = list(_cross_check(doc, raw))
    if problems:
        raise CatalogError(source, problems)
    return _build(doc)


def _friendly_path(raw: Any, loc: Iterable[Any]) -> str:
    """``('series', 0, 'tests', 4, 'blueprint')`` -> ``series[A].tests[A5].blueprint``."""
    out: list[str] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            label = str(part)
            if isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                if isinstance(node, dict) and isinstance(node.get("code"), str):
                    label = node["code"]
            else:
                node = None
            out[-1] = f"{out[-1]}[{label}]" if out else f"[{label}]"
            continue
        out.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
    return ".".join(out) or "(document)"


def _cross_check(doc: CatalogDocument, raw: dict[str, Any]) -> Iterable[tuple[str, str]]:
    codes: dict[str, str] = {}
    for series in doc.series:
        for test in series.tests:
            if test.code in codes:
                yield f"series[{series.code}].tests[{test.code}]", f"test code also used in series {codes[test.code]}"
            codes[test.code] = series.code
    for series in doc.series:
        yield from _check_series(doc, series.code, series.tests, codes)
        yield from _check_master(series.code, series.master, codes)
    for name, tests in doc.recognition.blue_seal.service_areas.items():
        for code in tests:
            if code not in codes:
                yield f"recognition.blue_seal.service_areas.{name}", f"names unknown test {code!r}"
    for code in doc.renewal.eligible_series:
        if code not in {s.code for s in doc.series}:
            yield "renewal.eligible_series", f"names unknown series {code!r}"
    for path in doc.provenance:
        if not _path_exists(raw, path):
            yield f"provenance.{path}", "refers to a value that is not in the catalog"


def _check_series(
    doc: CatalogDocument, series: str, tests: Sequence[TestDoc], codes: Mapping[str, str]
) -> Iterable[tuple[str, str]]:
    for test in tests:
        where = f"series[{series}].tests[{test.code}]"
        if test.family not in doc.experience_families:
            yield f"{where}.family", f"unknown experience family {test.family!r}"
        for lang in test.languages:
            if lang not in doc.languages:
                yield f"{where}.languages", f"unknown language {lang!r}"
        prereq = test.prerequisites
        for req in [*(prereq.to_register if prereq else []), *(prereq.to_hold if prereq else [])]:
            for code in req.any_of:
                if code not in codes:
                    yield f"{where}.prerequisites", f"names unknown test {code!r}"


def _check_master(series: str, master: Any, codes: Mapping[str, str]) -> Iterable[tuple[str, str]]:
    if master is None:
        return
    for entry in master.required:
        for code in entry.any_of if isinstance(entry, AnyOf) else [entry]:
            if code not in codes:
                yield f"series[{series}].master.required", f"names unknown test {code!r}"


def _path_exists(raw: Any, path: str) -> bool:
    node = raw
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list):
            node = next((x for x in node if isinstance(x, dict) and x.get("code") == part), None)
            if node is None:
                return False
        else:
            return False
    return True


def _requirements(reqs: Sequence[Requirement]) -> tuple[RequirementSpec, ...]:
    return tuple(RequirementSpec(tuple(r.any_of), r.condition) for r in reqs)


def _build_test(series: str, t: TestDoc) -> TestSpec:
    areas = tuple(ContentArea(a.code, a.name, a.count) for a in (t.blueprint or t.areas or []))
    return TestSpec(
        code=t.code,
        name=t.name,
        series=series,
        family=t.family,
        languages=tuple(t.languages),
        scored=t.scored,
        unscored=t.unscored,
        minutes=t.minutes,
        advanced=t.advanced,
        areas=areas,
        has_blueprint=t.blueprint is not None,
        recert_scored=t.recert.scored if t.recert else None,
        recert_minutes=t.recert.minutes if t.recert else None,
        recert_code=t.recert.code if t.recert else None,
        reference_material=t.reference_material,
        register_requires=_requirements(t.prerequisites.to_register) if t.prerequisites else (),
        hold_requires=_requirements(t.prerequisites.to_hold) if t.prerequisites else (),
    )


def _build(doc: CatalogDocument) -> Catalog:
    tests: dict[str, TestSpec] = {}
    series_specs: list[SeriesSpec] = []
    masters: dict[str, MasterRule] = {}
    for s in doc.series:
        for t in s.tests:
            tests[t.code] = _build_test(s.code, t)
        master = None
        if s.master is not None:
            groups = tuple(tuple(e.any_of) if isinstance(e, AnyOf) else (e,) for e in s.master.required)
            master = MasterRule(
                s.code,
                s.master.designation,
                groups,
                s.master.requires_experience,
                s.master.lapses_when_required_expires,
            )
            masters[s.code] = master
        series_specs.append(SeriesSpec(s.code, s.name, tuple(t.code for t in s.tests), master))
    return Catalog(
        id=doc.catalog.id,
        name=doc.catalog.name,
        policy_version=doc.catalog.policy_version,
        effective=doc.catalog.effective,
        rules=doc.rules,
        families=dict(doc.experience_families),
        entry_level=doc.entry_level,
        renewal=doc.renewal,
        fees=doc.fees,
        languages=dict(doc.languages),
        series=tuple(series_specs),
        tests=tests,
        masters=masters,
        blue_seal=doc.recognition.blue_seal,
        provenance=dict(doc.provenance),
    )
