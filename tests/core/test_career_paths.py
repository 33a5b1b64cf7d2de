"""Career paths: the mapping loads against the catalog; progress, gap and the next test."""

from __future__ import annotations

from pathlib import Path

import pytest

from certwright.core.career_paths import (
    CareerPathError,
    GroupState,
    ProgressReason,
    load_career_paths,
    master_path,
    path_progress,
)
from certwright.core.catalog import load_catalog

CATALOG = load_catalog()
PATHS = load_career_paths(CATALOG)
PRE = {code: t.register_requires for code, t in CATALOG.tests.items()}
ROLES = [
    "automotive_technician",
    "master_technician",
    "parts_specialist",
    "service_advisor",
    "collision_repair_technician",
    "truck_bus_technician",
    "fleet_maintenance",
    "automotive_educator",
    "hybrid_ev_specialist",
    "performance_tuning",
    "mobile_repair",
]


class CareerPathTests:
    def test_every_role_of_the_issue_is_mapped(self) -> None:
        assert list(PATHS) == ROLES
        assert PATHS["master_technician"].groups == CATALOG.masters["A"].groups

    def test_progress_gap_and_next_test(self) -> None:
        held = frozenset({"A1", "A4", "A5"})
        progress = path_progress(PATHS["master_technician"], certified=held, passed=held, prerequisites=PRE)
        assert (progress.done, progress.total, progress.percent) == (3, 8, 38)
        assert [g.label() for g in progress.gap] == ["A2", "A3", "A6", "A7", "A8"]
        assert progress.next_test == "A2"
        assert progress.reasons == (ProgressReason.NEXT_TEST,)

    def test_prerequisite_comes_first(self) -> None:
        progress = path_progress(
            PATHS["performance_tuning"], certified=frozenset({"A1"}), passed=frozenset({"A1"}), prerequisites=PRE
        )
        assert progress.next_test == "A8"
        only_l1 = path_progress(
            PATHS["performance_tuning"].__class__("x", "X", (("L1",),), (), "basis text"),
            certified=frozenset(),
            passed=frozenset(),
            prerequisites=PRE,
        )
        assert (only_l1.next_test, only_l1.reasons) == ("A8", (ProgressReason.PREREQUISITE_FIRST,))

    def test_waiting_for_experience_and_complete(self) -> None:
        waiting = path_progress(
            PATHS["service_advisor"],
            certified=frozenset(),
            passed=frozenset({"C1"}),
            waiting=frozenset({"C1"}),
            prerequisites=PRE,
        )
        assert waiting.groups[0].state is GroupState.PASSED
        assert waiting.reasons == (ProgressReason.WAITING_FOR_EXPERIENCE,)
        done = path_progress(
            PATHS["service_advisor"], certified=frozenset({"C1"}), passed=frozenset({"C1"}), prerequisites=PRE
        )
        assert (done.percent, done.next_test, done.reasons) == (100, None, (ProgressReason.COMPLETE,))

    def test_master_designation_as_a_target(self) -> None:
        path = master_path(CATALOG.masters["H"])
        progress = path_progress(path, certified=frozenset({"H2"}), passed=frozenset({"H2"}), prerequisites=PRE)
        assert progress.groups[0].state is GroupState.CERTIFIED
        assert progress.next_test == "H3"

    def test_bad_file_names_the_path_and_problem(self, tmp_path: Path) -> None:
        bad = tmp_path / "paths.yaml"
        bad.write_text(
            "version: 1\nnote: n\npaths:\n  - {code: x_path, name: Xyz, requires: [Z9], basis: because of it}\n"
            "  - {code: y_path, name: Yyy, master: Q, basis: because of it}\n",
            encoding="utf-8",
        )
        with pytest.raises(CareerPathError) as info:
            load_career_paths(CATALOG, bad)
        text = str(info.value)
        assert "paths[x_path]: unknown test 'Z9'" in text
        assert "paths[y_path].master: no Master designation for series 'Q'" in text
        bad.write_text("version: 0\nnote: n\npaths: []\n", encoding="utf-8")
        with pytest.raises(CareerPathError, match="version"):
            load_career_paths(CATALOG, bad)
