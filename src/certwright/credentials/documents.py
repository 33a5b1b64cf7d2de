"""Printable credential documents: the certificate PDF and the wallet card PDF.

Both list the holder's name, each current certification with its number and expiry date, and
the Master designations held, with a QR code that leads to the public verify page
(``/verify?number=<number>``). The QR code is drawn as a PNG image (segno) so any PDF reader,
and the tests, can extract and decode it. Fonts are the PDF base-14 Helvetica family (Latin-1).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import segno
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.units import inch, mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from certwright.candidates.models import Person
from certwright.credentials.badges_service import verify_url
from certwright.credentials.issuer import current_issuer
from certwright.credentials.selectors import ACTIVE, credential_states

CARD_SIZE = (85.6 * mm, 53.98 * mm)  # ISO/IEC 7810 ID-1, a credit card


@dataclass(frozen=True, slots=True)
class DocumentLine:
    code: str
    name: str
    number: str
    expires: date | None


@dataclass(frozen=True, slots=True)
class DocumentData:
    """What both documents show, as of ``on``."""

    holder: str
    candidate_id: str
    on: date
    issuer_name: str
    certifications: tuple[DocumentLine, ...]
    masters: tuple[DocumentLine, ...]

    @property
    def qr_number(self) -> str | None:
        """The number the QR code verifies: a Master designation's, else the first certification's."""
        lines = self.masters or self.certifications
        return lines[0].number if lines else None

    @property
    def qr_url(self) -> str | None:
        return verify_url(self.qr_number) if self.qr_number else None


def document_data(*, person: Person, on: date) -> DocumentData:
    """The person's current (active, unexpired) certifications and Master designations on ``on``."""
    certifications: list[DocumentLine] = []
    masters: list[DocumentLine] = []
    for state in credential_states(person=person, today=on):
        if state.status != ACTIVE:
            continue
        line = DocumentLine(state.credential.code, state.credential.name, state.number, state.valid_until)
        (masters if state.is_master else certifications).append(line)
    return DocumentData(
        holder=f"{person.first_name} {person.last_name}".strip(),
        candidate_id=person.candidate_id,
        on=on,
        issuer_name=current_issuer().name,
        certifications=tuple(certifications),
        masters=tuple(masters),
    )


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """The QR code of ``url`` as PNG bytes (error correction M, 4-module quiet zone)."""
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def _expiry(line: DocumentLine) -> str:
    return f"expires {line.expires.isoformat()}" if line.expires else "current"


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def certificate_pdf(data: DocumentData) -> bytes:
    """A landscape Letter certificate: holder, certifications, Master designations, QR code."""
    buffer = io.BytesIO()
    width, height = landscape(LETTER)
    pdf = Canvas(buffer, pagesize=(width, height), pageCompression=1, invariant=1)
    pdf.setTitle(f"Certificate of {data.holder}")
    pdf.setAuthor(data.issuer_name)
    margin = 0.75 * inch
    pdf.setLineWidth(2)
    pdf.rect(margin / 2, margin / 2, width - margin, height - margin)
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, height - 1.2 * inch, data.issuer_name)
    pdf.setFont("Helvetica-Bold", 28)
    pdf.drawCentredString(width / 2, height - 1.8 * inch, "Certificate of Certification")
    pdf.setFont("Helvetica", 13)
    pdf.drawCentredString(width / 2, height - 2.3 * inch, "This certifies that")
    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawCentredString(width / 2, height - 2.8 * inch, _fit(data.holder, 60))
    pdf.setFont("Helvetica", 11)
    pdf.drawCentredString(width / 2, height - 3.1 * inch, f"Candidate ID {data.candidate_id} - as of {data.on}")
    y = height - 3.6 * inch
    rows: list[tuple[str, str]] = [("Master designations", "")] if data.masters else []
    rows += [(f"{line.name} - No. {line.number}", _expiry(line)) for line in data.masters]
    rows.append(("Certifications", ""))
    if data.certifications:
        rows += [(f"{line.name} - No. {line.number}", _expiry(line)) for line in data.certifications]
    else:
        rows.append(("No current certifications.", ""))
    for label, right in rows:
        if y < 1.1 * inch:
            pdf.setFont("Helvetica-Oblique", 10)
            pdf.drawString(margin, y, "(more on the verify page)")
            break
        pdf.setFont("Helvetica-Bold" if not right and label.endswith("s") else "Helvetica", 11)
        pdf.drawString(margin, y, _fit(label, 80))
        if right:
            pdf.drawRightString(width - 3.2 * inch, y, right)
        y -= 16
    _draw_qr(pdf, data, x=width - 2.9 * inch, y=0.9 * inch, size=2.2 * inch, caption_size=8)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def wallet_pdf(data: DocumentData) -> bytes:
    """A credit-card-sized card (85.6 x 54 mm): holder, codes with expiry, Master, QR code."""
    buffer = io.BytesIO()
    width, height = CARD_SIZE
    pdf = Canvas(buffer, pagesize=CARD_SIZE, pageCompression=1, invariant=1)
    pdf.setTitle(f"Wallet card of {data.holder}")
    pdf.setAuthor(data.issuer_name)
    pad = 3 * mm
    pdf.setFont("Helvetica-Bold", 8)
    pdf.drawString(pad, height - pad - 6, _fit(data.holder, 30))
    pdf.setFont("Helvetica", 5.5)
    pdf.drawString(pad, height - pad - 13, _fit(data.issuer_name, 48))
    y = height - pad - 22
    lines = [text for line in data.masters for text in (line.name, f"  No. {line.number}")]
    lines += [f"{line.code} {_expiry(line)}" for line in data.certifications] or ["No current certifications."]
    for text in lines:
        if y < pad:
            pdf.drawString(pad, y, "(more on the verify page)")
            break
        pdf.drawString(pad, y, _fit(text, 40))
        y -= 7
    _draw_qr(pdf, data, x=width - pad - 24 * mm, y=pad + 2, size=24 * mm, caption_size=4.5)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_qr(pdf: Canvas, data: DocumentData, *, x: float, y: float, size: float, caption_size: float) -> None:
    url = data.qr_url
    if url is None:
        return
    pdf.drawImage(ImageReader(io.BytesIO(qr_png(url))), x, y, width=size, height=size)
    pdf.setFont("Helvetica", caption_size)
    pdf.drawCentredString(x + size / 2, y - caption_size - 1, f"Verify No. {data.qr_number}")
