"""The people who use Certwright, as roles. A user may hold several."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CANDIDATE = "candidate"
    ITEM_WRITER = "item_writer"
    REVIEWER = "reviewer"
    PROCTOR = "proctor"
    PSYCHOMETRICIAN = "psychometrician"
    EMPLOYER_ADMIN = "employer_admin"
    EDUCATOR = "educator"
    STAFF = "staff"


ROLE_LABELS: dict[Role, str] = {
    Role.CANDIDATE: "Candidate / technician",
    Role.ITEM_WRITER: "Item writer",
    Role.REVIEWER: "Review panel member",
    Role.PROCTOR: "Proctor",
    Role.PSYCHOMETRICIAN: "Psychometrician",
    Role.EMPLOYER_ADMIN: "Employer admin",
    Role.EDUCATOR: "Educator",
    Role.STAFF: "Programme staff",
}
