"""Adaptive practice on the calibrated practice pool and the readiness estimate it gives."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client

from certwright.core.roles import Role
from certwright.exams.models import PracticeAnswer
from certwright.itembank.models import ItemVersion
from certwright.measurement.models import AdaptiveSession
from certwright.measurement.selectors import readiness_adaptive
from certwright.measurement.services_adaptive import MAX_ITEMS
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_adaptive_practice_ends_with_a_readiness_estimate(calibrated_a5: Any, make_user: Any, make_person: Any) -> None:
    user = make_user(Role.CANDIDATE)
    person = make_person(user=user)
    client = Client()
    client.force_login(user)
    assert readiness_adaptive(person, "A5") is None
    assert "Adaptive practice" in client.get("/practice/adaptive/").content.decode()
    page = client.post("/practice/adaptive/new/", {"test": "A5"}, follow=True)
    session = AdaptiveSession.objects.get(user=user)
    assert "question 1" in page.content.decode()
    practice_ids = set(calibrated_a5.parameters.filter(item__use="practice").values_list("item__item_id", flat=True))
    seen = []
    for _ in range(MAX_ITEMS + 1):
        session.refresh_from_db()
        if session.finished_at is not None:
            break
        step = session.steps[-1]
        seen.append(step["item_id"])
        key = ItemVersion.objects.get(pk=step["version_id"]).key
        client.post(f"/practice/adaptive/{session.pk}/answer/", {"item": step["item_id"], "answer": key})
        client.get(f"/practice/adaptive/{session.pk}/")
    session.refresh_from_db()
    assert session.finished_at is not None
    assert session.stop_reason
    assert len(seen) == len(set(seen))
    assert set(seen) <= practice_ids
    assert session.theta > 0.5  # every answer was right
    result = client.get(f"/practice/adaptive/{session.pk}/").content.decode()
    assert f"Estimated chance of passing A5: <strong>{round(100 * session.p_pass)}%</strong>" in result
    readiness = readiness_adaptive(person, "A5")
    assert readiness is not None
    assert readiness.probability == pytest.approx(session.p_pass)
    assert readiness.items == len(seen)
    assert readiness.session_id == session.pk
    assert PracticeAnswer.objects.filter(session__user=user).count() == 0  # adaptive practice is stored apart
    other = Client()
    other.force_login(make_user(Role.CANDIDATE))
    assert other.get(f"/practice/adaptive/{session.pk}/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_stopping_early_and_stale_answers(calibrated_a5: Any, make_user: Any) -> None:
    user = make_user(Role.CANDIDATE)
    client = Client()
    client.force_login(user)
    client.post("/practice/adaptive/new/", {"test": "A5"})
    session = AdaptiveSession.objects.get(user=user)
    client.get(f"/practice/adaptive/{session.pk}/")
    session.refresh_from_db()
    page = client.post(f"/practice/adaptive/{session.pk}/answer/", {"item": "NOT-IT", "answer": "A"}, follow=True)
    assert "not the one waiting for an answer" in page.content.decode()
    page = client.post(f"/practice/adaptive/{session.pk}/answer/", {"stop": "1"}, follow=True)
    session.refresh_from_db()
    assert session.stop_reason == "stopped_by_candidate"
    assert session.steps == []
    assert "Estimated chance of passing" in page.content.decode()


def test_no_calibration_means_no_adaptive_practice(a5_bank: None, make_user: Any) -> None:
    client = Client()
    client.force_login(make_user(Role.CANDIDATE))
    page = client.post("/practice/adaptive/new/", {"test": "A5"}, follow=True)
    assert "A5 has no calibration yet" in page.content.decode()
    assert Client().get("/practice/adaptive/").status_code == 302
