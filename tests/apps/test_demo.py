"""The demo data set: at least 50 people covering every status and reason code."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from certwright.candidates.models import Person
from certwright.candidates.selectors import person_standing
from certwright.core.decisions import MasterStatus, Reason, TestStatus
from certwright.demo.services import demo_load

pytestmark = pytest.mark.django_db

# Reachable only with catalog settings the shipped catalog leaves off, or only when booking a test:
# covered by the rule table instead (tests/core/standing_rows.py).
NOT_IN_A_STANDING = {
    Reason.PASS_SHELF_LIFE_EXCEEDED,
    Reason.PREREQUISITE_NOT_HELD,
    Reason.RECERT_NEEDS_PREVIOUS_CERTIFICATION,
}
CONFIG_ONLY_STATUSES = {TestStatus.AWAITING_PREREQUISITE}


@time_machine.travel(datetime(2026, 11, 28, 17, tzinfo=UTC), tick=False)
def test_demo_covers_every_status_and_reason() -> None:
    created = demo_load(today=date(2026, 11, 28))
    assert created >= 50
    assert demo_load(today=date(2026, 11, 28)) == 0  # idempotent
    statuses: set[str] = set()
    reasons: set[str] = set()
    masters: set[str] = set()
    for person in Person.objects.all():
        standing = person_standing(person=person, on=date(2026, 11, 28))
        for test in standing.tests.values():
            statuses.add(test.status)
            reasons.update(test.reasons)
        for reg in standing.registrations.values():
            reasons.update(reg.reasons)
        for master in standing.masters.values():
            masters.add(master.status)
            reasons.update(master.reasons)
    assert statuses >= set(TestStatus) - CONFIG_ONLY_STATUSES
    assert reasons >= set(Reason) - NOT_IN_A_STANDING
    assert masters == set(MasterStatus)
