"""Shaping the workforce for the dashboard, CSV and PDF (status colours always come with text)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from certwright.core.decisions import TestStatus
from certwright.core.recognition import area_label

STATUS_TEXT: dict[TestStatus | None, tuple[str, str]] = {
    TestStatus.CERTIFIED: ("C", "certified"),
    TestStatus.EXPIRED: ("E", "expired"),
    TestStatus.REVOKED: ("R", "revoked"),
    TestStatus.FAILED: ("F", "not passed yet"),
    TestStatus.AWAITING_EXPERIENCE: ("AE", "passed, awaiting experience"),
    TestStatus.AWAITING_PREREQUISITE: ("AP", "passed, awaiting prerequisite"),
    TestStatus.NOT_ATTEMPTED: ("-", "not attempted"),
    None: ("·", "not shared"),
}


@dataclass(frozen=True)
class Cell:
    abbr: str
    label: str
    css: str
    until: str


def matrix_rows(wf: Any) -> list[dict[str, Any]]:
    rows = []
    for m in wf.members:
        cells = []
        for code in wf.tests:
            status = m.status(code)
            abbr, label = STATUS_TEXT[status]
            until = m.certifications.get(code)
            cells.append(
                Cell(abbr, label, f"s-{status.value if status else 'hidden'}", until.isoformat() if until else "")
            )
        rows.append({"member": m, "cells": cells})
    return rows


def legend() -> list[tuple[str, str, str]]:
    return [(a, label, f"s-{s.value if s else 'hidden'}") for s, (a, label) in STATUS_TEXT.items()]


def recognition_lines(wf: Any) -> list[str]:
    rec = wf.recognition
    if not rec.locations:
        return ["Add a location and the areas of service it offers to see whether it qualifies."]
    return [d.summary for d in rec.locations]


def loss_lines(wf: Any) -> list[str]:
    out = []
    for d in wf.recognition.locations:
        if d.eligible and d.loses_on is not None:
            why = "; ".join(s.message for s in d.loses_because)
            out.append(f"{d.name} would lose eligibility on {d.loses_on.isoformat()}: {why}.")
    return out


def safe_cell(value: object) -> str:
    """A CSV cell that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def workforce_table(wf: Any) -> list[list[str]]:
    """Header + one row per technician: name, location, role, role check, Masters, one cell per test."""
    head = ["Technician", "Candidate ID", "Location", "Role", "Role requirement", "Master", *wf.tests]
    body = []
    for m in wf.members:
        row = [
            m.name,
            m.employment.person.candidate_id,
            m.location_name,
            m.role_name,
            m.role.message if m.role else "",
            "; ".join(m.masters),
        ]
        for code in wf.tests:
            status = m.status(code)
            until = m.certifications.get(code)
            row.append(f"{STATUS_TEXT[status][1]} until {until.isoformat()}" if until else STATUS_TEXT[status][1])
        body.append(row)
    return [head, *body]


def workforce_csv(wf: Any) -> str:
    return _csv(workforce_table(wf))


def coverage_rows(wf: Any) -> list[tuple[str, str, str, int]]:
    return [(c.location.name, area_label(c.area), " or ".join(c.tests), c.certified) for c in wf.coverage]


def workforce_pdf(wf: Any) -> bytes:
    """The same content as the dashboard, printable (reportlab)."""
    from reportlab.lib import colors  # noqa: PLC0415 - only for the PDF
    from reportlab.lib.pagesizes import landscape, letter  # noqa: PLC0415
    from reportlab.lib.styles import getSampleStyleSheet  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: PLC0415

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(letter), title=f"{wf.organisation.name} workforce")
    styles = getSampleStyleSheet()
    where = f" - {wf.location.name}" if wf.location else ""
    story: list[Any] = [
        Paragraph(f"{_esc(wf.organisation.name)}{_esc(where)}: workforce on {wf.on.isoformat()}", styles["Title"])
    ]
    story += [Paragraph(_esc(line), styles["Normal"]) for line in recognition_lines(wf) + loss_lines(wf)]
    story.append(Spacer(1, 8))
    abbr = [[r[0], r[1], r[3], r[4], r[5]] + [STATUS_TEXT[m.status(c)][0] for c in wf.tests]
            for r, m in zip(workforce_table(wf)[1:], wf.members, strict=True)]  # fmt: skip
    data = [["Technician", "Candidate ID", "Role", "Role requirement", "Master", *wf.tests], *abbr]
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ]
        )
    )
    story.append(table)
    story.append(Paragraph("C certified, E expired, R revoked, F not passed yet, AE/AP passed and waiting, "
                           "- not attempted, · not shared by the technician.", styles["Normal"]))  # fmt: skip
    if wf.expiries:
        story.append(Spacer(1, 8))
        story.append(Paragraph("Expiring in the next 90 days", styles["Heading2"]))
        rows = [["Technician", "Test", "Valid until", "Days"]]
        rows += [[e.member.name, e.test, e.until.isoformat(), str(e.days)] for e in wf.expiries]
        story.append(Table(rows))
    if wf.coverage:
        story.append(Spacer(1, 8))
        story.append(Paragraph("Areas of service", styles["Heading2"]))
        rows = [["Location", "Area", "Tests", "Certified technicians"]]
        rows += [[a, b, c, str(d)] for a, b, c, d in coverage_rows(wf)]
        story.append(Table(rows))
    doc.build(story)
    return buf.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
