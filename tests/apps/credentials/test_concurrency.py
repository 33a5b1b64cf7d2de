"""Two syncs at once issue each credential once and never share a number or status-list index
(PostgreSQL only: SQLite serializes writers anyway)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections

from certwright.candidates.services import experience_add
from certwright.credentials.models import Credential, CredentialEvent
from certwright.credentials.services import credentials_sync

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)"),
]
TODAY = date(2026, 11, 28)


def _run_together(calls: list[Any]) -> list[BaseException]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Any) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


class ConcurrencyTests:
    def test_concurrent_syncs(self, make_person: Any) -> None:
        people = [
            make_person(work_since=None, results=tuple(f"A{i} pass 2026-10-01" for i in range(1, 9))) for _ in range(2)
        ]
        assert not Credential.objects.exists()
        for person in people:
            experience_add(person=person, kind="work", start=date(2020, 1, 1), status="approved", employer_name="X")
        calls = [lambda p=p: credentials_sync(person=p, today=TODAY) for p in people for _ in range(2)]
        assert _run_together(calls) == []
        assert Credential.objects.count() == 18  # 2 people x (8 tests + 1 Master)
        assert CredentialEvent.objects.filter(kind="issued").count() == 18
        assert len(set(Credential.objects.values_list("number", flat=True))) == 18
        assert len(set(Credential.objects.values_list("status_list_index", flat=True))) == 18
