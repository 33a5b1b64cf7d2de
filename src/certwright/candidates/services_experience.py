"""Experience records with evidence: the technician submits, the named employer attests, staff decide.

Every write is one transaction and audited. Evidence files are checked by their first bytes (PDF, PNG,
JPEG only) and by size (``CERTWRIGHT_EVIDENCE_MAX_BYTES``), stored under MEDIA_ROOT with a random
name, and only ever served through :func:`certwright.candidates.views_experience.evidence_download`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from certwright.candidates.models import (
    AttestationStatus,
    ExperienceAttestation,
    ExperienceEvidence,
    ExperienceKindChoices,
    ExperienceRecord,
    ExperienceStatus,
    Person,
)
from certwright.candidates.services import experience_add, experience_review
from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.credentials.services import credentials_sync

# (magic bytes, content type, extensions accepted for that type)
FILE_TYPES: tuple[tuple[bytes, str, tuple[str, ...]], ...] = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
)
EXTENSION_OF = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
MAX_FILES = 5
MAX_WORK_HOURS = 80
MAX_TRAINING_MONTHS = 60


class ExperienceError(ValueError):
    """Bad input: ``problems`` are (field, message) pairs, each naming what is wrong and where."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.problems))


@dataclass(frozen=True)
class Upload:
    """A file as received: its name and its bytes (views read Django's UploadedFile into this)."""

    name: str
    content: bytes
    size: int | None = None  # the real size when only the first bytes of a too-big file were read

    @property
    def length(self) -> int:
        return self.size if self.size is not None else len(self.content)


def max_evidence_bytes() -> int:
    return int(settings.CERTWRIGHT_EVIDENCE_MAX_BYTES)


def evidence_problem(upload: Upload) -> str | None:
    """Why a file is refused, or None. The type is decided by the bytes; the extension must agree."""
    limit = max_evidence_bytes()
    if not upload.length:
        return f"{upload.name}: the file is empty"
    if upload.length > limit:
        return f"{upload.name}: the file is {upload.length / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB"
    suffix = PurePath(upload.name).suffix.lower()
    for magic, content_type, extensions in FILE_TYPES:
        if upload.content.startswith(magic):
            if suffix not in extensions:
                return f"{upload.name}: the content is {content_type} but the name ends in {suffix or 'nothing'}"
            return None
    return f"{upload.name}: only PDF, PNG or JPEG files are accepted (this file is none of them)"


def _content_type(content: bytes) -> str:
    return next(ct for magic, ct, _ in FILE_TYPES if content.startswith(magic))


def _store_evidence(record: ExperienceRecord, upload: Upload, by: Any) -> ExperienceEvidence:
    content_type = _content_type(upload.content)
    stored_name = f"{secrets.token_hex(16)}{EXTENSION_OF[content_type]}"
    evidence = ExperienceEvidence(
        record=record,
        original_name=PurePath(upload.name).name[:200],
        content_type=content_type,
        size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    evidence.file.save(stored_name, ContentFile(upload.content), save=False)
    evidence.save()
    return evidence


def _check_uploads(uploads: Sequence[Upload], already: int = 0) -> list[tuple[str, str]]:
    problems = [("evidence", p) for u in uploads if (p := evidence_problem(u))]
    if already + len(uploads) > MAX_FILES:
        problems.append(("evidence", f"at most {MAX_FILES} files per record"))
    return problems


def _check_record(
    *,
    kind: str,
    start: date | None,
    end: date | None,
    hours_per_week: float,
    months_credit: float,
    employer_name: str,
    description: str,
    organisation: Any,
    today: date,
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if kind not in ExperienceKindChoices.values:
        return [("kind", f"must be one of {', '.join(ExperienceKindChoices.values)}")]
    if start is not None and start > today:
        problems.append(("start", f"{start} is in the future"))
    if end is not None and end > today:
        problems.append(("end", f"{end} is in the future; leave it empty for a job you still have"))
    if start is not None and end is not None and end < start:
        problems.append(("end", f"{end} is before the start {start}"))
    if kind == ExperienceKindChoices.WORK:
        if start is None:
            problems.append(("start", "a work period needs a start date"))
        if not employer_name.strip() and organisation is None:
            problems.append(("employer", "pick a registered employer or type the employer's name"))
        if not 1 <= hours_per_week <= MAX_WORK_HOURS:
            problems.append(("hours_per_week", f"must be between 1 and {MAX_WORK_HOURS}"))
    else:
        if not description.strip():
            problems.append(("description", "say which course or programme this training was"))
        if not 0 < months_credit <= MAX_TRAINING_MONTHS:
            problems.append(("months_credit", f"must be more than 0 and at most {MAX_TRAINING_MONTHS} months"))
    return problems


@transaction.atomic
def experience_submit(
    *,
    person: Person,
    kind: str,
    start: date | None = None,
    end: date | None = None,
    hours_per_week: float = 40,
    months_credit: float = 0,
    employer_name: str = "",
    organisation: Any = None,
    description: str = "",
    uploads: Sequence[Upload] = (),
    by: Any = None,
) -> ExperienceRecord:
    """A technician's new work period or training, waiting for review, with its evidence files."""
    problems = _check_record(
        kind=kind,
        start=start,
        end=end,
        hours_per_week=hours_per_week,
        months_credit=months_credit,
        employer_name=employer_name,
        description=description,
        organisation=organisation,
        today=clock.today(),
    )
    problems += _check_uploads(uploads)
    if problems:
        raise ExperienceError(problems)
    is_work = kind == ExperienceKindChoices.WORK
    record = experience_add(
        person=person,
        kind=kind,
        start=start,
        end=end,
        hours_per_week=hours_per_week if is_work else 40,
        months_credit=0 if is_work else months_credit,
        employer_name=(organisation.name if organisation is not None else employer_name.strip()) if is_work else "",
        description=description.strip(),
        status=ExperienceStatus.PENDING,
        by=by,
    )
    record.organisation = organisation if is_work else None
    record.submitted_at = clock.now()
    record.save(update_fields=["organisation", "submitted_at"])
    for upload in uploads:
        _store_evidence(record, upload, by)
    audit_record(
        actor=by,
        action="experience.submit",
        obj=record,
        after={"organisation": getattr(organisation, "pk", None), "evidence": [u.name for u in uploads]},
    )
    return record


@transaction.atomic
def evidence_add(*, record: ExperienceRecord, uploads: Sequence[Upload], by: Any = None) -> list[ExperienceEvidence]:
    """More evidence for a record that is still waiting for review."""
    if record.status != ExperienceStatus.PENDING:
        raise ExperienceError([("evidence", "this record has been reviewed; submit a new record instead")])
    if not uploads:
        raise ExperienceError([("evidence", "choose at least one file")])
    problems = _check_uploads(uploads, already=record.evidence.count())
    if problems:
        raise ExperienceError(problems)
    stored = [_store_evidence(record, upload, by) for upload in uploads]
    audit_record(actor=by, action="experience.evidence_add", obj=record, after={"files": [u.name for u in uploads]})
    return stored


@transaction.atomic
def attestation_record(
    *, record: ExperienceRecord, organisation: Any, confirm: bool, note: str = "", by: Any
) -> ExperienceAttestation:
    """The named employer confirms or disputes a pending work period. Callers check that ``by`` administers
    ``organisation`` (selectors_experience.attestation_allowed); this refuses records naming another one."""
    record = ExperienceRecord.objects.select_for_update().select_related("person").get(pk=record.pk)
    problems: list[tuple[str, str]] = []
    if record.organisation_id != organisation.pk:
        problems.append(("record", "this work period does not name your organisation"))
    if record.kind != ExperienceKindChoices.WORK:
        problems.append(("record", "only work periods are attested by employers"))
    if record.status != ExperienceStatus.PENDING:
        problems.append(("record", "staff have already reviewed this record"))
    if record.person.user_id is not None and record.person.user_id == getattr(by, "pk", None):
        problems.append(("record", "you cannot attest your own work period; another admin or staff must check it"))
    if not confirm and not note.strip():
        problems.append(("note", "say what is wrong with the dates when you dispute them"))
    if problems:
        raise ExperienceError(problems)
    status = AttestationStatus.CONFIRMED if confirm else AttestationStatus.DISPUTED
    attestation, _ = ExperienceAttestation.objects.update_or_create(
        record=record,
        defaults={
            "organisation": organisation,
            "status": status,
            "note": note.strip()[:300],
            "by": by,
            "at": clock.now(),
        },
    )
    audit_record(
        actor=by,
        action="experience.attest",
        obj=record,
        after={"organisation": organisation.pk, "status": status.value},
        reason=note.strip(),
    )
    return attestation


@transaction.atomic
def experience_decide(*, record: ExperienceRecord, approve: bool, reason: str, by: Any) -> ExperienceRecord:
    """Staff approve or reject a pending record with a reason; an approval may turn a waiting pass into a
    credential at once."""
    record = ExperienceRecord.objects.select_for_update().select_related("person").get(pk=record.pk)
    problems: list[tuple[str, str]] = []
    if record.status != ExperienceStatus.PENDING:
        problems.append(("record", f"this record was already {record.get_status_display().lower()}"))
    if not reason.strip():
        problems.append(("reason", "a reason is required to approve or reject"))
    if problems:
        raise ExperienceError(problems)
    experience_review(record=record, approve=approve, by=by, note=reason.strip()[:300])
    record.reviewed_by = by if getattr(by, "is_authenticated", False) else None
    record.reviewed_at = clock.now()
    record.save(update_fields=["reviewed_by", "reviewed_at"])
    if approve:  # a test passed while the experience was incomplete becomes a credential now
        credentials_sync(person=record.person, today=clock.today(), by=by)
    return record
