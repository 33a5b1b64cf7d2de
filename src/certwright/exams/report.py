"""The printable score report (PDF, reportlab)."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from certwright.core.catalog import TestSpec
from certwright.exams.models import Sitting


def score_report_pdf(*, sitting: Sitting, spec: TestSpec, areas: list[dict[str, Any]]) -> io.BytesIO:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=letter, title=f"Score report {spec.code}", leftMargin=0.8 * inch, rightMargin=0.8 * inch
    )
    styles = getSampleStyleSheet()
    score = sitting.score
    outcome = "PASS" if score.passed else "NOT PASSED"
    story: list[Any] = [
        Paragraph("Certwright score report", styles["Title"]),
        Paragraph(f"{sitting.person.name} · Candidate ID {sitting.person.candidate_id}", styles["Normal"]),
        Paragraph(
            f"Test {spec.code} {spec.name} · {sitting.form.kind} · taken {score.scored_at:%Y-%m-%d}", styles["Normal"]
        ),
        Spacer(1, 12),
        Paragraph(
            f"Result: <b>{outcome}</b> · scaled score {score.scaled} (300 or more passes on every form)",
            styles["Heading2"],
        ),
        Spacer(1, 6),
        Paragraph("Results by content area", styles["Heading3"]),
    ]
    rows: list[list[Any]] = [["Area", "Content area", "Correct", "Of", "Band"]]
    rows += [
        [a["area"], Paragraph(a["name"], styles["Normal"]), a["correct"], a["total"], a["band"].replace("_", " ")]
        for a in areas
    ]
    table = Table(rows, colWidths=[0.5 * inch, 3.6 * inch, 0.7 * inch, 0.5 * inch, 1.2 * inch])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf0")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#c9ced4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [
        table,
        Spacer(1, 12),
        Paragraph(
            "Unscored research questions are not included. Bands: strong 80% or more, adequate 60% "
            "or more, needs work below 60%.",
            styles["Italic"],
        ),
    ]
    doc.build(story)
    buffer.seek(0)
    return buffer
