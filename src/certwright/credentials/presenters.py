"""Shaping credentials for pages, the API and bulk CSV verification."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from certwright.credentials.selectors import (
    CredentialState,
    MalformedNumberError,
    Verification,
    credential_get,
    verify_lookup,
)

BULK_MAX_ROWS = 500
BULK_MAX_BYTES = 512 * 1024
BULK_COLUMNS = (
    "certificate_number",
    "last_name",
    "result",
    "holder",
    "credential",
    "kind",
    "status",
    "issued_on",
    "valid_until",
    "master_designations",
    "error",
)
NOT_FOUND = "No credential matches this certificate number and last name."
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def state_data(state: CredentialState) -> dict[str, Any]:
    """What a verifier may see of one credential (no scores, no personal data)."""
    c = state.credential
    return {
        "number": c.number,
        "kind": c.kind,
        "code": c.code,
        "name": c.name,
        "status": state.status,
        "issued_on": c.issued_on,
        "valid_from": c.valid_from,
        "valid_until": state.valid_until,
    }


def verification_data(found: Verification) -> dict[str, Any]:
    return {
        "holder": found.holder,
        "credentials": [state_data(s) for s in found.tests],
        "master_designations": [state_data(s) for s in found.masters],
    }


@dataclass(frozen=True)
class BulkError(ValueError):
    message: str

    def __str__(self) -> str:
        return self.message


def csv_safe(value: object) -> str:
    """Neutralize spreadsheet formulas (CSV injection): cells starting with = + - @ get a leading quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _decode(data: bytes) -> str:
    if len(data) > BULK_MAX_BYTES:
        raise BulkError(f"The file is {len(data)} bytes; at most {BULK_MAX_BYTES} bytes are accepted.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BulkError(f"The file is not UTF-8 text (byte {error.start} is not valid UTF-8).") from error


def _rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("certificate_number", "last_name") if c not in header]
    if missing:
        raise BulkError(
            f"The first line must name the columns certificate_number,last_name; missing: {', '.join(missing)}."
        )
    reader.fieldnames = header
    rows: list[dict[str, str]] = []
    try:
        for row in reader:
            if len(rows) >= BULK_MAX_ROWS:
                raise BulkError(f"At most {BULK_MAX_ROWS} rows per file; split the file and upload the parts.")
            rows.append({k: (v or "").strip() if isinstance(v, str) else "" for k, v in row.items() if k})
    except csv.Error as error:
        raise BulkError(f"The file is not valid CSV at line {reader.line_num}: {error}.") from error
    return rows


def _result_row(number: str, last_name: str, today: date) -> dict[str, str]:
    out = dict.fromkeys(BULK_COLUMNS, "")
    out["certificate_number"], out["last_name"] = number, last_name
    if not number or not last_name:
        out["result"] = "error"
        out["error"] = "certificate_number and last_name are both required."
        return out
    try:
        found = verify_lookup(number=number, last_name=last_name, today=today)
    except MalformedNumberError as error:
        out["result"], out["error"] = "error", str(error)
        return out
    if found is None:
        out["result"], out["error"] = "not_found", NOT_FOUND
        return out
    credential = credential_get(number=number)
    state = next(s for s in found.credentials if credential is not None and s.number == credential.number)
    out.update(
        result="found",
        holder=found.holder,
        credential=state.credential.name,
        kind=state.credential.kind,
        status=state.status,
        issued_on=state.credential.issued_on.isoformat(),
        valid_until=state.valid_until.isoformat() if state.valid_until else "",
        master_designations="; ".join(m.credential.name for m in found.masters if m.status == "active"),
    )
    return out


def bulk_verify_csv(data: bytes, *, today: date) -> str:
    """Check every row of an uploaded CSV (certificate_number,last_name) and return the result CSV.

    One output row per input row, in the same order; rows that cannot be checked get
    ``result=error`` and a message in ``error``. Raises ``BulkError`` only when the file as a
    whole is unusable (too big, not UTF-8, not CSV, header missing, too many rows).
    """
    rows = _rows(_decode(data))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=BULK_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        result = _result_row(row.get("certificate_number", ""), row.get("last_name", ""), today)
        writer.writerow({k: csv_safe(v) for k, v in result.items()})
    return buffer.getvalue()


@dataclass(frozen=True)
class EventRow:
    kind: str
    label: str
    on: date
    by: str
    reason: str
    valid_until_before: date | None
    valid_until_after: date | None


def event_rows(events: Any) -> list[EventRow]:
    return [
        EventRow(
            e.kind,
            e.get_kind_display(),
            e.on,
            e.by.username if e.by else "system",
            e.reason,
            e.valid_until_before,
            e.valid_until_after,
        )
        for e in events
    ]
