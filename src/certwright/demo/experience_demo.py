"""Demo data for experience evidence and continuous renewal (see demo/extensions.py).

Maria Lopez ('candidate') gets a renewal subscription that started 11 months ago, with the five A5
credits the people loader gave her, this month's questions answered except the one for A5; and an
earlier apprenticeship at Main Street Auto with a letter as evidence, confirmed by the shop's admin
('employer'), waiting for staff at /staff/experience/.
"""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from certwright.accounts.models import User
from certwright.candidates.models import ExperienceRecord, RenewalSubscription
from certwright.candidates.services_experience import Upload, attestation_record, experience_submit
from certwright.candidates.services_renewal import renewal_answer, renewal_issue
from certwright.core.validity import add_months
from certwright.employers.models import Organisation

APPRENTICESHIP = "Apprentice technician (part-time)"


def _letter_pdf(name: str, start: date, end: date) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setTitle("Employment letter")
    lines = [
        "Main Street Auto, 12 Main Street, Springfield",
        "",
        "To whom it may concern,",
        f"{name} worked at Main Street Auto as an apprentice technician",
        f"from {start} to {end}, 20 hours a week.",
        "",
        "Frank Doyle, owner",
    ]
    y = 720
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _experience(maria_user: User, today: date) -> str:
    person = maria_user.person
    if ExperienceRecord.objects.filter(person=person, description=APPRENTICESHIP).exists():
        return ""
    shop = Organisation.objects.filter(name="Main Street Auto").first()
    admin = User.objects.filter(username="employer").first()
    if shop is None or admin is None:
        return ""
    start, end = add_months(today, -94), add_months(today, -71)
    record = experience_submit(
        person=person,
        kind="work",
        start=start,
        end=end,
        hours_per_week=20,
        organisation=shop,
        description=APPRENTICESHIP,
        uploads=[Upload("main-street-auto-letter.pdf", _letter_pdf(person.name, start, end))],
        by=maria_user,
    )
    attestation_record(record=record, organisation=shop, confirm=True, note="Dates match our payroll.", by=admin)
    return "an apprenticeship record confirmed by Main Street Auto, waiting for staff"


def _renewal(maria_user: User, today: date) -> str:
    person = maria_user.person
    if RenewalSubscription.objects.filter(person=person).exists():
        return ""
    start = add_months(today, -11)
    subscription = RenewalSubscription.objects.create(person=person, start=start, end=add_months(start, 12))
    renewal_issue(subscription=subscription, today=today)
    for question in subscription.questions.exclude(test="A5"):
        renewal_answer(question=question, person=person, choice=question.item_version.key, by=maria_user)
    waiting = subscription.questions.filter(answered_at__isnull=True).count()
    return f"a renewal subscription since {start} with {waiting} question(s) waiting"


def load(*, today: date) -> str:
    maria_user = User.objects.filter(username="candidate").select_related("person").first()
    if maria_user is None or getattr(maria_user, "person", None) is None:
        return ""
    parts = [p for p in (_renewal(maria_user, today), _experience(maria_user, today)) if p]
    return f"Experience and renewal: Maria Lopez has {' and '.join(parts)}." if parts else ""
