"""Issuing, renewing and Master designations follow the standing, day by day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from certwright.candidates.services import experience_add, result_record
from certwright.common.models import AuditEntry
from certwright.core.certnumber import is_valid
from certwright.core.facts import Outcome, ResultKind
from certwright.credentials.models import Credential
from certwright.credentials.selectors import credential_states
from certwright.credentials.services import credentials_sync

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 28)


def _at(day: date) -> Any:
    return time_machine.travel(datetime(day.year, day.month, day.day, 17, tzinfo=UTC), tick=False)


def _events(credential: Credential) -> list[str]:
    return list(credential.events.order_by("at", "id").values_list("kind", flat=True))


MASTER_RESULTS = (*(f"A{i} pass 2024-06-01" for i in (1, 2, 3, 4, 6, 7, 8)), "A5 pass 2021-12-20")


class IssueTests:
    def test_a_pass_with_experience_issues_a_credential_at_once(self, make_person: Any) -> None:
        with time_machine.travel(NOW, tick=False):
            person = make_person(results=("A5 pass 2025-03-01",))
        credential = Credential.objects.get(person=person)
        assert credential.kind == "test"
        assert credential.code == "A5"
        assert credential.name == "Brakes (A5)"
        assert is_valid(credential.number)
        assert credential.issued_on == TODAY
        assert credential.valid_from == date(2025, 3, 1)
        assert credential.valid_until == date(2030, 3, 1)
        assert credential.policy_version >= 1
        assert credential.status_list_index >= 1
        assert _events(credential) == ["issued"]
        audit = AuditEntry.objects.get(action="credential.issued", object_id=credential.number)
        assert audit.after["code"] == "A5"

    def test_a_failed_test_issues_nothing(self, make_person: Any) -> None:
        with time_machine.travel(NOW, tick=False):
            person = make_person(results=("A5 fail 2026-11-01",))
        assert not Credential.objects.filter(person=person).exists()

    def test_no_credential_before_experience_then_issued_when_approved(self, make_person: Any) -> None:
        with time_machine.travel(NOW, tick=False):
            person = make_person(work_since=None, results=("A5 pass 2026-10-01",))
            assert not Credential.objects.filter(person=person).exists()
            experience_add(person=person, kind="work", start=date(2020, 1, 1), status="approved", employer_name="X")
            report = credentials_sync(person=person, today=TODAY)
        credential = Credential.objects.get(person=person)
        assert report.issued == [credential.number]
        assert credential.valid_from == date(2026, 10, 1)
        assert credential.valid_until == date(2031, 10, 1)

    def test_sync_is_idempotent(self, make_person: Any) -> None:
        with time_machine.travel(NOW, tick=False):
            person = make_person(results=MASTER_RESULTS)
            before = AuditEntry.objects.count()
            again = credentials_sync(person=person, today=TODAY)
        assert not again.changed
        assert AuditEntry.objects.count() == before
        assert Credential.objects.filter(person=person, kind="test").count() == 8
        assert Credential.objects.filter(person=person, kind="master").count() == 1
        numbers = list(Credential.objects.values_list("number", flat=True))
        assert len(set(numbers)) == len(numbers)
        indexes = list(Credential.objects.values_list("status_list_index", flat=True))
        assert len(set(indexes)) == len(indexes)

    def test_entry_level_certification_gets_no_credential(self, make_person: Any) -> None:
        with time_machine.travel(NOW, tick=False):
            person = make_person(work_since=None)
            result_record(
                person=person, test="A5", on=date(2026, 10, 1), outcome=Outcome.PASS, kind=ResultKind.ENTRY_LEVEL
            )
        assert not Credential.objects.filter(person=person).exists()


class RenewalTests:
    def test_recertification_keeps_the_number_and_records_history(self, make_person: Any) -> None:
        with time_machine.travel(NOW, tick=False):
            person = make_person(results=("A5 pass 2021-12-20",))
            credential = Credential.objects.get(person=person)
            assert credential.valid_until == date(2026, 12, 20)
            result_record(
                person=person, test="A5", on=date(2026, 11, 27), outcome=Outcome.PASS, kind=ResultKind.RECERTIFICATION
            )
        renewed = Credential.objects.get(person=person)
        assert renewed.number == credential.number
        assert renewed.valid_until == date(2031, 11, 27)
        assert _events(renewed) == ["issued", "renewed"]
        event = renewed.events.get(kind="renewed")
        assert (event.valid_until_before, event.valid_until_after) == (date(2026, 12, 20), date(2031, 11, 27))
        assert AuditEntry.objects.filter(action="credential.renewed", object_id=renewed.number).count() == 1

    def test_expiry_is_noted_once_and_shown_as_expired(self, make_person: Any) -> None:
        with time_machine.travel(NOW, tick=False):
            person = make_person(results=("A5 pass 2021-12-20",))
        credentials_sync(person=person, today=date(2026, 12, 21))
        credentials_sync(person=person, today=date(2026, 12, 22))
        credential = Credential.objects.get(person=person)
        assert _events(credential) == ["issued", "expired_noted"]
        assert credential.events.get(kind="expired_noted").on == date(2026, 12, 20)
        assert [s.status for s in credential_states(person=person, today=date(2026, 12, 19))] == ["active"]
        assert [s.status for s in credential_states(person=person, today=date(2026, 12, 20))] == ["expired"]


class MasterTests:
    def test_master_is_lost_the_day_a_required_test_lapses_and_restored_on_renewal(self, make_person: Any) -> None:
        with time_machine.travel(NOW, tick=False):
            person = make_person(results=MASTER_RESULTS)
        master = Credential.objects.get(person=person, kind="master")
        assert master.code == "A"
        assert master.name == "Master Automobile Technician"
        assert master.valid_until is None
        states = {s.credential.code: s for s in credential_states(person=person, today=TODAY)}
        assert states["A"].status == "active"
        assert states["A"].valid_until == date(2026, 12, 20)  # follows the earliest-expiring required test

        # the day A5 lapses, the designation shows lapsed even before any sync runs
        assert {s.credential.code: s.status for s in credential_states(person=person, today=date(2026, 12, 20))}[
            "A"
        ] == "lapsed"
        with _at(date(2026, 12, 21)):
            report = credentials_sync(person=person, today=date(2026, 12, 21))
        assert report.master_lost == [master.number]
        lost = master.events.get(kind="master_lost")
        assert lost.on == date(2026, 12, 20)
        assert "A5" in lost.reason

        with _at(date(2027, 1, 5)):
            result_record(
                person=person, test="A5", on=date(2027, 1, 5), outcome=Outcome.PASS, kind=ResultKind.RECERTIFICATION
            )
        assert _events(master) == ["issued", "master_lost", "master_restored"]
        a5 = Credential.objects.get(person=person, code="A5")
        assert a5.valid_from == date(2027, 1, 5)
        assert a5.events.get(kind="renewed").reason == "Recertified after expiry."
        states = {s.credential.code: s for s in credential_states(person=person, today=date(2027, 1, 5))}
        assert states["A"].status == "active"
        assert states["A5"].status == "active"
        assert Credential.objects.filter(person=person, kind="master").count() == 1

    def test_no_master_without_every_required_test(self, make_person: Any) -> None:
        with time_machine.travel(NOW, tick=False):
            person = make_person(results=MASTER_RESULTS[:6])
        assert not Credential.objects.filter(person=person, kind="master").exists()


class CommandTests:
    def test_nightly_command_reports_what_changed(self, make_person: Any) -> None:
        with time_machine.travel(NOW, tick=False):
            make_person(results=MASTER_RESULTS)
        out = StringIO()
        call_command("credentials_sync", "--all", "--as-of", "2026-12-21", stdout=out)
        assert "1 Master lost" in out.getvalue()
        assert "1 expiries noted" in out.getvalue()
        out = StringIO()
        call_command("credentials_sync", "--all", "--as-of", "2026-12-21", stdout=out)
        assert "0 issued, 0 renewed, 0 expiries noted, 0 Master lost" in out.getvalue()

    def test_bad_date_is_a_clear_error(self) -> None:
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="--as-of"):
            call_command("credentials_sync", "--all", "--as-of", "yesterday")
