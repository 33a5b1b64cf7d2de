"""The monthly employer digest: upcoming expiries and recognition risk, emailed to each
organisation's admins once per month (claimed by a unique row before sending)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from certwright.employers.models import DigestSent, Organisation
from certwright.employers.selectors_workforce import Workforce, workforce

log = logging.getLogger(__name__)
RISK_DAYS = 90


@dataclass
class DigestReport:
    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def digest_text(wf: Workforce) -> tuple[str, str]:
    """Subject and body of one organisation's digest for ``wf.on``."""
    org, on = wf.organisation, wf.on
    lines = [f"{org.name}: certification digest for {on:%B %Y} (as of {on.isoformat()})", ""]
    rec = wf.recognition
    lines.append("Recognition (Blue Seal-style):")
    if not rec.locations:
        lines.append("  No locations recorded: add them with their areas of service to see eligibility.")
    for d in rec.locations:
        lines.append(f"  {d.summary}")
        if d.eligible and d.loses_on is not None and (d.loses_on - on).days <= RISK_DAYS:
            lines.append(
                f"  AT RISK: {d.name} would lose eligibility on {d.loses_on.isoformat()}: "
                + "; ".join(s.message for s in d.loses_because)
            )
    lines += ["", "Certifications expiring in the next 90 days:"]
    lines += [f"  {e.member.name}: {e.test} valid until {e.until.isoformat()} ({e.days} days)" for e in wf.expiries]
    if not wf.expiries:
        lines.append("  None.")
    short = [m for m in wf.members if m.role is not None and not m.role.meets]
    soon = [m for m in wf.members if m.role is not None and m.role.meets and m.role.stops_on is not None
            and (m.role.stops_on - on).days <= RISK_DAYS]  # fmt: skip
    if short or soon:
        lines += ["", "Role requirements:"]
        lines += [f"  {m.name} ({m.role_name}): {m.role.message}" for m in short if m.role]
        lines += [f"  {m.name} ({m.role_name}): {m.role.message}" for m in soon if m.role]
    base = settings.CERTWRIGHT_BASE_URL.rstrip("/")
    lines += ["", f"Dashboard: {base}/employer/{org.pk}/", ""]
    risk = any(not d.eligible for d in rec.locations) or any(
        d.loses_on is not None and (d.loses_on - on).days <= RISK_DAYS for d in rec.locations
    )
    subject = f"{org.name}: {len(wf.expiries)} expiring, recognition {'at risk' if risk else 'on track'}"
    return subject, "\n".join(lines)


def _claim(organisation: Organisation, month: date, recipients: int) -> DigestSent | None:
    try:
        with transaction.atomic():
            return DigestSent.objects.create(organisation=organisation, month=month, recipients=recipients)
    except IntegrityError:  # sent before, or another run is sending it now
        return None


def digest_send(*, organisation: Organisation, on: date, report: DigestReport) -> None:
    recipients = sorted({a.user.email for a in organisation.admins.select_related("user") if a.user.email})
    if not recipients:
        report.skipped.append(f"{organisation.name}: no admin with an email address")
        return
    row = _claim(organisation, on.replace(day=1), len(recipients))
    if row is None:
        report.already.append(organisation.name)
        return
    subject, body = digest_text(workforce(organisation=organisation, on=on))
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError as exc:  # SMTP and file backends raise OSError subclasses; free the month to retry
        log.warning("digest for %s not sent: %s", organisation.pk, exc)
        DigestSent.objects.filter(pk=row.pk).delete()
        report.failed.append(f"{organisation.name}: {exc}")
        return
    report.sent.append(organisation.name)


def digests_send(*, on: date) -> DigestReport:
    """Send this month's digest to every organisation with admins that has not had it yet."""
    report = DigestReport()
    for org in Organisation.objects.filter(admins__isnull=False).distinct().order_by("name"):
        digest_send(organisation=org, on=on, report=report)
    return report
