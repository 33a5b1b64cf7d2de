"""Practice tests draw only practice items and teach with the rationale."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from certwright.core.roles import Role
from certwright.exams.models import PracticeAnswer, PracticeSession

pytestmark = pytest.mark.django_db


def test_practice_by_area_with_feedback_after_each_answer(a5_bank: None, make_user: Any) -> None:
    client = Client()
    client.force_login(make_user(Role.CANDIDATE))
    page = client.post("/practice/", {"target": "A5:C", "length": "3", "feedback": "each"}, follow=True)
    assert "Practice question 1 of 3" in page.content.decode()
    session = PracticeSession.objects.get()
    rows = list(PracticeAnswer.objects.filter(session=session).select_related("item_version__item"))
    assert all(r.item_version.item.use == "practice" for r in rows)
    assert all(r.item_version.item.area == "C" for r in rows)
    version = rows[0].item_version
    wrong = next(o["letter"] for o in version.options if o["letter"] != version.key)
    html = client.post(f"/practice/{session.pk}/q/1/", {"answer": wrong}).content.decode()
    assert f"Not quite: the answer is {version.key}." in html
    assert version.rationale[:40] in html
    summary = client.get(f"/practice/{session.pk}/summary/").content.decode()
    assert "0 of 3 correct" in summary


def test_feedback_at_the_end_and_unknown_area(a5_bank: None, make_user: Any) -> None:
    client = Client()
    client.force_login(make_user(Role.ITEM_WRITER))  # any signed-in user may practise
    client.post("/practice/", {"target": "A5:", "length": "2", "feedback": "end", "timed": "on"})
    session = PracticeSession.objects.get()
    assert session.deadline is not None
    first = PracticeAnswer.objects.filter(session=session).select_related("item_version").first()
    assert first is not None
    response = client.post(f"/practice/{session.pk}/q/1/", {"answer": first.item_version.key})
    assert response.status_code == 302
    summary = client.get(f"/practice/{session.pk}/summary/").content.decode()
    assert re.search(r"1 of 2 correct", summary)
    bad = client.post("/practice/", {"target": "A5:Q"}, follow=True).content.decode()
    assert "A5 has no content area" in bad
    assert Client().get("/practice/").status_code == 302
