"""Educators: classes, invitation links, assignments, analytics, CSV export; object-level access."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from certwright.core.roles import Role
from certwright.exams.models import PracticeAnswer, PracticeSession
from certwright.preparation.models import Membership, StudyGroup

pytestmark = pytest.mark.django_db


def _educator(make_user: Any) -> tuple[Client, Any]:
    user = make_user(Role.EDUCATOR)
    client = Client()
    client.force_login(user)
    return client, user


class ClassTests:
    def test_class_invite_assign_practise_analytics_and_export(
        self, a4_bank: None, make_user: Any, candidate: Any
    ) -> None:
        teacher, _ = _educator(make_user)
        page = teacher.post("/preparation/classes/", {"name": "Evening A4 class", "kind": "class"}, follow=True)
        assert "<h1>Evening A4 class</h1>" in page.content.decode()
        group = StudyGroup.objects.get()
        link = f"/preparation/join/{group.invite_token}/"
        assert f"http://testserver{link}" in page.content.decode()
        teacher.post(
            f"/preparation/classes/{group.pk}/",
            {"title": "Steering week", "target": "A4:A", "questions": "2", "due_on": "2026-12-05"},
        )
        student, person = candidate(last_name='=HYPERLINK("http://x")')
        assert "your educator sees your practice and review results" in student.get(link).content.decode()
        student.post(link)
        assert Membership.objects.filter(group=group, person=person).exists()
        home = student.get("/preparation/").content.decode()
        assert "Steering week (Evening A4 class): A4 area A, 0 of 2 questions, due 2026-12-05" in home
        student.post("/practice/", {"target": "A4:A", "length": "2", "feedback": "each"})
        session = PracticeSession.objects.get()
        for i, row in enumerate(PracticeAnswer.objects.filter(session=session).select_related("item_version")):
            student.post(f"/practice/{session.pk}/q/{i + 1}/", {"answer": row.item_version.key})
        home = student.get("/preparation/").content.decode()
        assert '2 of 2 questions, due 2026-12-05 <span class="ok">done</span>' in home
        detail = teacher.get(f"/preparation/classes/{group.pk}/").content.decode()
        assert "A4:A: 100% correct (2 answers)" in detail
        export = teacher.get(f"/preparation/classes/{group.pk}/export.csv")
        assert export["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(export.content.decode())))
        assert rows[0] == [
            "candidate_id",
            "last_name",
            "first_name",
            "answered",
            "correct",
            "percent",
            "assignments_done",
            "A4:A",
        ]
        assert rows[1][1] == '\'=HYPERLINK("http://x")'  # the formula-looking name is defused
        assert rows[1][2:] == ["Pat", "2", "2", "100", "1", "100% (2)"]

    def test_another_educator_and_candidates_are_refused(self, make_user: Any, candidate: Any) -> None:
        owner, _ = _educator(make_user)
        owner.post("/preparation/classes/", {"name": "Mine"})
        group = StudyGroup.objects.get()
        other, _ = _educator(make_user)
        assert other.get(f"/preparation/classes/{group.pk}/").status_code == 403
        assert other.get(f"/preparation/classes/{group.pk}/export.csv").status_code == 403
        assert "Mine" not in other.get("/preparation/classes/").content.decode()
        student, _ = candidate()
        assert student.get("/preparation/classes/").status_code == 403
        assert student.get("/preparation/join/not-a-token/").status_code == 404
        assert Client().get(f"/preparation/join/{group.invite_token}/").status_code == 302

    def test_renewed_link_stops_the_old_one_and_bad_input_is_named(self, make_user: Any, candidate: Any) -> None:
        teacher, _ = _educator(make_user)
        teacher.post("/preparation/classes/", {"name": "Group", "kind": "study_group"})
        group = StudyGroup.objects.get()
        old = group.invite_token
        teacher.post(f"/preparation/classes/{group.pk}/", {"action": "renew"})
        group.refresh_from_db()
        assert group.invite_token != old
        student, _ = candidate()
        assert student.get(f"/preparation/join/{old}/").status_code == 404
        bad = teacher.post(
            f"/preparation/classes/{group.pk}/",
            {"target": "A4:Q", "questions": "0", "due_on": "2026-01-01"},
            follow=True,
        ).content.decode()
        assert "area: A4 has no content area &#x27;Q&#x27;" in bad
        assert "questions: must be between 1 and 200" in bad
        assert "due_on: must be today or later (2026-11-28)" in bad
        empty = teacher.post("/preparation/classes/", {"name": "  "}).content.decode()
        assert "name: give the class a name" in empty
