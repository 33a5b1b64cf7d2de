"""The vocabulary of standing decisions: statuses and stable reason codes.

Reason codes are stable strings: the API, the CLI and stored data use them as they are; only the
user interface translates them (see :data:`REASON_TEXT`).
"""

from __future__ import annotations

from enum import StrEnum


class TestStatus(StrEnum):
    NOT_ATTEMPTED = "not_attempted"
    FAILED = "failed"
    AWAITING_EXPERIENCE = "awaiting_experience"
    AWAITING_PREREQUISITE = "awaiting_prerequisite"
    CERTIFIED = "certified"
    EXPIRED = "expired"
    REVOKED = "revoked"


class MasterStatus(StrEnum):
    MASTER = "master"
    NOT_MASTER = "not_master"


class Reason(StrEnum):
    NO_RESULTS = "no_results"
    NO_SHOW = "no_show"
    FAILED_LAST_ATTEMPT = "failed_last_attempt"
    RETAKE_WAIT = "retake_wait"
    PASSED = "passed"
    EXPERIENCE_MET = "experience_met"
    EXPERIENCE_MISSING = "experience_missing"
    EXPERIENCE_UNVERIFIED = "experience_unverified"
    CERTIFICATION_CURRENT = "certification_current"
    RECERTIFIED = "recertified"
    RENEWAL_EXTENDED = "renewal_extended"
    CERTIFICATION_EXPIRED = "certification_expired"
    EXPIRED_BEFORE_EXPERIENCE_MET = "expired_before_experience_met"
    PASS_SHELF_LIFE_EXCEEDED = "pass_shelf_life_exceeded"  # noqa: S105 - a reason code
    RECERT_WITHOUT_PREVIOUS_CERTIFICATION = "recert_without_previous_certification"
    ENTRY_LEVEL = "entry_level"
    ENTRY_LEVEL_EXPIRED = "entry_level_expired"
    REVOKED = "revoked"
    PREREQUISITE_MISSING = "prerequisite_missing"
    PREREQUISITE_NOT_HELD = "prerequisite_not_held"
    RECERT_NEEDS_PREVIOUS_CERTIFICATION = "recert_needs_previous_certification"
    ALL_REQUIRED_CERTIFIED = "all_required_certified"
    REQUIRED_NOT_CERTIFIED = "required_not_certified"
    REQUIRED_CERTIFICATION_EXPIRED = "required_certification_expired"


class ActionCode(StrEnum):
    RECERTIFY = "recertify"
    RECERTIFY_EXPIRED = "recertify_expired"
    RETAKE = "retake"
    DOCUMENT_EXPERIENCE = "document_experience"
    VERIFY_EXPERIENCE = "verify_experience"
    PASS_PREREQUISITE = "pass_prerequisite"  # noqa: S105 - an action code
    EARN_MASTER = "earn_master"
    KEEP_MASTER = "keep_master"


REASON_TEXT: dict[str, str] = {
    Reason.NO_RESULTS: "No result recorded for this test.",
    Reason.NO_SHOW: "The last appointment was a no-show.",
    Reason.FAILED_LAST_ATTEMPT: "The last attempt was not passed.",
    Reason.RETAKE_WAIT: "30 full days must pass after a result before the test can be taken again.",
    Reason.PASSED: "The test was passed.",
    Reason.EXPERIENCE_MET: "The work-experience requirement is met.",
    Reason.EXPERIENCE_MISSING: "More documented work experience is needed.",
    Reason.EXPERIENCE_UNVERIFIED: "Some experience records are not verified yet and do not count.",
    Reason.CERTIFICATION_CURRENT: "The certification is current.",
    Reason.RECERTIFIED: "Renewed by a recertification test.",
    Reason.RENEWAL_EXTENDED: "Extended by continuous-renewal credits.",
    Reason.CERTIFICATION_EXPIRED: "The certification has expired.",
    Reason.EXPIRED_BEFORE_EXPERIENCE_MET: "The pass expired before the experience requirement was met.",
    Reason.PASS_SHELF_LIFE_EXCEEDED: "The pass is too old to be combined with experience completed later.",
    Reason.RECERT_WITHOUT_PREVIOUS_CERTIFICATION: (
        "A recertification pass without a previous certification does not count."
    ),
    Reason.ENTRY_LEVEL: "Entry-level (student) certification.",
    Reason.ENTRY_LEVEL_EXPIRED: "The entry-level certification has expired; it cannot be renewed.",
    Reason.REVOKED: "The certification was revoked.",
    Reason.PREREQUISITE_MISSING: "A prerequisite test must be passed first.",
    Reason.PREREQUISITE_NOT_HELD: "A prerequisite certification must be held to hold this one.",
    Reason.RECERT_NEEDS_PREVIOUS_CERTIFICATION: "A recertification test needs a previous certification.",
    Reason.ALL_REQUIRED_CERTIFIED: "Every required test is certified.",
    Reason.REQUIRED_NOT_CERTIFIED: "Some required tests are not certified.",
    Reason.REQUIRED_CERTIFICATION_EXPIRED: "A required certification has expired.",
}
