"""Career paths: roles mapped to certifications (Certwright's mapping, not ASE's), progress and gap.

The data is ``catalogs/career_paths.yaml``, validated by :class:`PathsDocument` and checked against the
catalog (every test code must exist, ``master`` must name a catalog Master designation). A Master
designation is also a target on its own (:func:`master_path`).

:func:`path_progress` says, for one person on one day, which requirement groups are met
(certified), passed but not yet certified (waiting for experience), or missing; the percentage
done; and the next test to take: the first missing group's first test the person may register for
(when its registration prerequisite is unmet, the prerequisite test comes first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from certwright.core.catalog import Catalog, MasterRule, RequirementSpec


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AnyOfDoc(_Strict):
    any_of: list[str] = Field(min_length=2)


class PathDoc(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,40}$")
    name: str = Field(min_length=3)
    requires: list[str | AnyOfDoc] = Field(default_factory=list)
    recommended: list[str | AnyOfDoc] = Field(default_factory=list)
    master: str | None = None
    basis: str = Field(min_length=10)


class PathsDocument(_Strict):
    version: int = Field(ge=1)
    note: str
    paths: list[PathDoc] = Field(min_length=1)


class CareerPathError(ValueError):
    def __init__(self, source: str, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(f"{source}: {where}: {what}" for where, what in problems))


@dataclass(frozen=True, slots=True)
class CareerPath:
    code: str
    name: str
    groups: tuple[tuple[str, ...], ...]  # each group: any one of these tests
    recommended: tuple[tuple[str, ...], ...]
    basis: str
    master: str | None = None


class GroupState(StrEnum):
    CERTIFIED = "certified"
    PASSED = "passed"  # passed, certification waits for experience
    MISSING = "missing"


class ProgressReason(StrEnum):
    COMPLETE = "complete"
    NEXT_TEST = "next_test"
    PREREQUISITE_FIRST = "prerequisite_first"  # the next test needs another test first
    WAITING_FOR_EXPERIENCE = "waiting_for_experience"  # only passed-not-certified groups remain


@dataclass(frozen=True, slots=True)
class GroupProgress:
    tests: tuple[str, ...]
    state: GroupState
    recommended: bool = False

    def label(self) -> str:
        return " or ".join(self.tests)


@dataclass(frozen=True, slots=True)
class PathProgress:
    path: CareerPath
    groups: tuple[GroupProgress, ...]
    done: int
    total: int
    next_test: str | None
    reasons: tuple[str, ...]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def gap(self) -> tuple[GroupProgress, ...]:
        return tuple(g for g in self.groups if g.state is GroupState.MISSING and not g.recommended)


def default_paths_file() -> Path:
    return Path(str(resources.files("certwright.catalogs").joinpath("career_paths.yaml")))


def _groups(entries: Sequence[str | AnyOfDoc]) -> tuple[tuple[str, ...], ...]:
    return tuple((e,) if isinstance(e, str) else tuple(e.any_of) for e in entries)


def load_career_paths(catalog: Catalog, path: Path | str | None = None) -> dict[str, CareerPath]:
    """Read, validate and resolve the career paths against ``catalog``."""
    source = Path(path) if path is not None else default_paths_file()
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CareerPathError(str(source), [("(file)", f"cannot be read as YAML: {exc}")]) from exc
    try:
        doc = PathsDocument.model_validate(raw)
    except ValidationError as exc:
        found = [(".".join(str(p) for p in err["loc"]), err["msg"]) for err in exc.errors()]
        raise CareerPathError(str(source), found) from None
    problems: list[tuple[str, str]] = []
    out: dict[str, CareerPath] = {}
    for entry in doc.paths:
        where = f"paths[{entry.code}]"
        if entry.code in out:
            problems.append((where, "code used twice"))
        groups = _groups(entry.requires)
        if entry.master is not None:
            rule = catalog.masters.get(entry.master)
            if rule is None:
                problems.append((f"{where}.master", f"no Master designation for series {entry.master!r}"))
            else:
                groups = rule.groups + groups
        if not groups:
            problems.append((where, "needs 'requires' or 'master'"))
        recommended = _groups(entry.recommended)
        for code in {c for g in groups + recommended for c in g}:
            if code not in catalog.tests:
                problems.append((where, f"unknown test {code!r}"))
        out[entry.code] = CareerPath(entry.code, entry.name, groups, recommended, entry.basis, entry.master)
    if problems:
        raise CareerPathError(str(source), problems)
    return out


def master_path(rule: MasterRule) -> CareerPath:
    """A Master designation as a target."""
    return CareerPath(
        f"master_{rule.series}", rule.designation, rule.groups, (), "The catalog's Master rule.", rule.series
    )


def path_progress(
    path: CareerPath,
    *,
    certified: frozenset[str],
    passed: frozenset[str],
    prerequisites: Mapping[str, Sequence[RequirementSpec]],
    waiting: frozenset[str] = frozenset(),
) -> PathProgress:
    """Progress on ``path`` of a person who holds ``certified`` today, has ever ``passed`` these tests
    (for registration prerequisites) and has passed ``waiting`` whose certification waits for experience."""
    rows: list[GroupProgress] = []
    for group, recommended in [(g, False) for g in path.groups] + [(g, True) for g in path.recommended]:
        if any(c in certified for c in group):
            state = GroupState.CERTIFIED
        elif any(c in waiting for c in group):
            state = GroupState.PASSED
        else:
            state = GroupState.MISSING
        rows.append(GroupProgress(group, state, recommended))
    required = [r for r in rows if not r.recommended]
    done = sum(1 for r in required if r.state is GroupState.CERTIFIED)
    reasons: list[str] = []
    next_test = None
    missing = [r for r in required if r.state is GroupState.MISSING]
    if not missing:
        reasons.append(ProgressReason.COMPLETE if done == len(required) else ProgressReason.WAITING_FOR_EXPERIENCE)
    else:
        next_test, first = _next_test(missing[0].tests, passed=passed, certified=certified, prerequisites=prerequisites)
        reasons.append(ProgressReason.NEXT_TEST if first else ProgressReason.PREREQUISITE_FIRST)
    return PathProgress(path, tuple(rows), done, len(required), next_test, tuple(reasons))


def _met(spec: RequirementSpec, *, passed: frozenset[str], certified: frozenset[str]) -> bool:
    held = certified if spec.condition == "certified" else passed | certified
    return any(c in held for c in spec.any_of)


def _next_test(
    group: Sequence[str],
    *,
    passed: frozenset[str],
    certified: frozenset[str],
    prerequisites: Mapping[str, Sequence[RequirementSpec]],
) -> tuple[str, bool]:
    for code in group:
        unmet = [s for s in prerequisites.get(code, ()) if not _met(s, passed=passed, certified=certified)]
        if not unmet:
            return code, True
    unmet = [s for s in prerequisites.get(group[0], ()) if not _met(s, passed=passed, certified=certified)]
    return unmet[0].any_of[0], False
