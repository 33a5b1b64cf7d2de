"""The preparation demo: Maria mid-plan with a review queue, Mark Ellis's class, a chosen career path."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from certwright.accounts.models import User
from certwright.demo import preparation_demo
from certwright.demo.services import demo_load
from certwright.preparation.models import StudyGroup
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_demo_candidate_class_and_path(a2_a4_a5_bank: None) -> None:
    today = NOW.date()
    demo_load(today=today)
    line = preparation_demo.load(today=today)
    assert "Maria Lopez on the Master Automobile Technician path" in line
    assert preparation_demo.load(today=today) == ""  # idempotent
    maria = Client()
    maria.force_login(User.objects.get(username="candidate"))
    home = maria.get("/preparation/").content.decode()
    assert "cards to review</strong>" in home
    assert "Target: <strong>Master Automobile Technician</strong>" in home
    assert "next test A2" in home
    assert "Brake hydraulics warm-up (Evening ASE prep)" in home
    plan = maria.get("/preparation/plan/").content.decode()
    assert "Book for <strong>2026-12-17</strong>" in plan  # A2 failed 12 days ago: result + 31 days
    review = maria.get("/preparation/review/").content.decode()
    assert 'name="item"' in review
    teacher = Client()
    teacher.force_login(User.objects.get(username="educator"))
    group = StudyGroup.objects.get(name="Evening ASE prep")
    detail = teacher.get(f"/preparation/classes/{group.pk}/").content.decode()
    for name in ("Maria Lopez", "Jamal Reed", "Ana Silva", "Tom Becker"):
        assert name in detail
    assert "A5:A" in detail
    assert date(2026, 11, 28) == today
