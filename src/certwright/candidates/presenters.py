"""Turning a standing into plain-language rows for pages (no business decisions here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from certwright.core.catalog import Catalog
from certwright.core.decisions import REASON_TEXT, MasterStatus, TestStatus
from certwright.core.standing import MasterStanding, Standing, TestStanding

STATUS_LABEL = {
    TestStatus.NOT_ATTEMPTED: "Not taken",
    TestStatus.FAILED: "Not passed",
    TestStatus.AWAITING_EXPERIENCE: "Passed, waiting for experience",
    TestStatus.AWAITING_PREREQUISITE: "Passed, waiting for a prerequisite",
    TestStatus.CERTIFIED: "Certified",
    TestStatus.EXPIRED: "Expired",
    TestStatus.REVOKED: "Revoked",
}


@dataclass(frozen=True)
class TestRow:
    code: str
    name: str
    status: str
    label: str
    detail: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SeriesBlock:
    code: str
    name: str
    rows: tuple[TestRow, ...]
    master: MasterStanding | None
    master_done: int
    master_total: int
    active: bool


def _detail(s: TestStanding, on: date) -> str:
    if s.status is TestStatus.CERTIFIED:
        kind = "Entry-level certification" if s.entry_level else "Certified"
        return f"{kind} since {s.since}, valid until {s.until} ({(s.until - on).days if s.until else 0} days left)."
    if s.status is TestStatus.EXPIRED:
        return f"Expired on {s.expired_on}."
    if s.status is TestStatus.FAILED:
        when = "now" if s.retake_from is None or s.retake_from <= on else f"from {s.retake_from}"
        return f"You can take it again {when}."
    if s.status is TestStatus.AWAITING_EXPERIENCE:
        return f"Passed. {s.experience_missing_months:g} more months of documented experience are needed."
    if s.status is TestStatus.REVOKED:
        return "Revoked by programme staff."
    return ""


def series_blocks(standing: Standing, catalog: Catalog) -> list[SeriesBlock]:
    blocks = []
    for series in catalog.series:
        rows = []
        for code in series.tests:
            s = standing.tests[code]
            rows.append(
                TestRow(
                    code,
                    catalog.tests[code].name,
                    s.status.value,
                    STATUS_LABEL[s.status],
                    _detail(s, standing.as_of),
                    tuple(REASON_TEXT.get(r, str(r)) for r in s.reasons),
                )
            )
        master = standing.masters.get(series.code)
        total = len(series.master.groups) if series.master else 0
        done = total - len(master.missing) if master else 0
        if master is not None and master.status is MasterStatus.MASTER:
            done = total
        active = any(r.status != TestStatus.NOT_ATTEMPTED for r in rows)
        blocks.append(SeriesBlock(series.code, series.name, tuple(rows), master, done, total, active))
    return blocks
