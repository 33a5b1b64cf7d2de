"""Practice makes review cards; diagram practice; study plans; the review queue; readiness; career paths."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from certwright.core.facts import ResultKind
from certwright.core.ordering import OrderLine
from certwright.core.roles import Role
from certwright.exams.models import PracticeAnswer, PracticeSession, Response, TestCentre, TestSession
from certwright.exams.services_orders import appointment_book, order_create, order_pay
from certwright.exams.services_sittings import answer_save, sitting_check_in, sitting_start, sitting_submit
from certwright.itembank.models import Item
from certwright.preparation.models import ReviewCard, ReviewLog, StudyGoal
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _practise(client: Client, target: str, n: int, *, right: bool = True, **extra: str) -> PracticeSession:
    client.post("/practice/", {"target": target, "length": str(n), "feedback": "each", **extra})
    session = PracticeSession.objects.order_by("-pk").first()
    assert session is not None
    for i, row in enumerate(PracticeAnswer.objects.filter(session=session).select_related("item_version")):
        key = row.item_version.key
        client.post(f"/practice/{session.pk}/q/{i + 1}/", {"answer": key if right else ("A" if key != "A" else "B")})
    return session


class PracticeCardTests:
    def test_every_practice_answer_becomes_one_card(self, a4_bank: None, candidate: Any) -> None:
        client, person = candidate()
        _practise(client, "A4:A", 3)
        assert ReviewCard.objects.filter(person=person).count() == 3
        assert set(ReviewLog.objects.values_list("source", flat=True)) == {"practice"}
        card = ReviewCard.objects.first()
        assert card is not None
        assert card.due > NOW
        # answering the same question again does not add a second review
        session = PracticeSession.objects.get()
        client.post(f"/practice/{session.pk}/q/1/", {"answer": "A"})
        assert ReviewLog.objects.count() == 3

    def test_diagrams_only_draws_items_with_exhibits_and_shows_them(self, a4_bank: None, candidate: Any) -> None:
        client, _ = candidate()
        client.post("/practice/", {"target": "A4:", "length": "10", "feedback": "each", "diagrams_only": "on"})
        session = PracticeSession.objects.get()
        rows = list(PracticeAnswer.objects.filter(session=session).select_related("item_version"))
        assert rows
        assert all(r.item_version.exhibit_id for r in rows)
        assert len(rows) == 3  # the A4 starter bank has three practice items with an exhibit
        html = client.get(f"/practice/{session.pk}/q/1/").content.decode()
        url = f"/preparation/exhibits/{rows[0].item_version.item_id}/"
        assert f'src="{url}"' in html
        assert client.get(url)["Content-Type"].startswith("image/svg+xml")
        operational = Item.objects.filter(use="operational", versions__exhibit__isnull=False).first()
        assert operational is not None
        assert client.get(f"/preparation/exhibits/{operational.pk}/").status_code == 404
        none = client.post(
            "/practice/", {"target": "A4:B", "length": "5", "diagrams_only": "on"}, follow=True
        ).content.decode()
        assert "no practice items with diagrams or exhibits for A4 area B" in none


class PlanTests:
    def test_choose_a_test_and_see_the_plan(self, a4_bank: None, candidate: Any) -> None:
        client, _ = candidate()
        page = client.post(
            "/preparation/plan/",
            {"target": "test:A4", "target_date": "2027-02-26", "weekly_questions": "50"},
            follow=True,
        ).content.decode()
        assert "Your study plan is ready." in page
        assert "Book for <strong>2027-02-26</strong>" in page
        assert "area A Steering Systems Diagnosis and Repair" in page
        assert "50 questions a week" in page
        home = client.get("/preparation/").content.decode()
        assert "This week: <strong>A4 area A: Steering Systems Diagnosis and Repair</strong>" in home

    def test_bad_target_or_date_is_named(self, candidate: Any) -> None:
        client, _ = candidate()
        page = client.post("/preparation/plan/", {"target": "test:Z9", "target_date": "2027-01-01"}).content.decode()
        assert "target_code: there is no test &#x27;Z9&#x27;" in page
        page = client.post("/preparation/plan/", {"target": "test:A4", "target_date": "2026-11-01"}).content.decode()
        assert "target_date: must be after today (2026-11-28)" in page
        assert not StudyGoal.objects.exists()

    def test_master_target_skips_certified_tests_and_puts_the_failed_one_first(self, candidate: Any) -> None:
        client, _person = candidate(results=("A1 pass 2024-01-10", "A4 pass 2024-02-10", "A2 fail 2026-11-16"))
        client.post("/preparation/plan/", {"target": "master:A", "target_date": "2027-09-30"})
        page = client.get("/preparation/plan/").content.decode()
        assert "Next test to take: <strong>A2</strong>" in page
        assert "<h2>A1 Engine Repair</h2>" not in page
        assert page.index("A2 Automatic Transmission") < page.index("A3 Manual Drive Train")
        assert "Book for <strong>2026-12-17</strong>" in page  # 16 Nov + 31 days
        assert "Booked on the first day a retake is allowed" in page


@time_machine.travel(NOW, tick=False)
def test_after_a_failed_sitting_the_plan_starts_from_the_weak_areas(
    a5_bank: None, make_person: Any, make_user: Any, session: Any
) -> None:
    user = make_user(Role.CANDIDATE)
    person = make_person(user=user)
    order = order_create(person=person, lines=[OrderLine("A5", ResultKind.INITIAL)])
    order_pay(order=order, by=make_user(Role.STAFF), reference="staff:cash")
    appointment = appointment_book(purchase=order.purchases.get(), session=session)
    day = NOW + timedelta(days=7)
    with time_machine.travel(day, tick=False):
        sitting = sitting_check_in(appointment=appointment, by=make_user(Role.PROCTOR), id_confirmed=True)
        sitting = sitting_start(sitting=sitting, launch_code=sitting.launch_code)
        slots = {s["item_id"]: s["area"] for s in sitting.form.slots}
        for i, r in enumerate(Response.objects.filter(sitting=sitting).select_related("item_version__item")):
            if slots[r.item_version.item.item_id] == "C":  # only the disc-brake questions right
                answer_save(sitting=sitting, position=r.position, answer=r.item_version.key, seq=i + 1)
        score = sitting_submit(sitting=sitting)
        assert not score.passed
        client = Client()
        client.force_login(user)
        client.post("/preparation/plan/", {"target": "test:A5", "target_date": "2027-03-01"})
        page = client.get("/preparation/plan/").content.decode()
    assert "Book for <strong>2027-01-05</strong>" in page  # result 5 Dec + 31 days
    blocks = page[page.index("<ol>") : page.index("</ol>")]
    assert blocks.index("area A Hydraulic") < blocks.index("area D Electronic") < blocks.index("area C Disc")
    assert "0% on the score report" in blocks
    assert "100% on the score report" in blocks


class ReviewQueueTests:
    def test_queue_mixes_new_items_of_the_current_area_and_answers_move_cards(
        self, a4_bank: None, candidate: Any
    ) -> None:
        client, _person = candidate()
        client.post("/preparation/plan/", {"target": "test:A4", "target_date": "2027-02-26", "new_per_day": "2"})
        page = client.get("/preparation/review/").content.decode()
        assert "2 left · A4 area A · new card" in page
        item = Item.objects.get(pk=int(page.split('name="item" value="')[1].split('"')[0]))
        key = item.current.key
        feedback = client.post("/preparation/review/", {"item": item.pk, "answer": key}).content.decode()
        assert "Correct." in feedback
        assert "Next time: 2026-11-30" in feedback
        assert ReviewLog.objects.get().source == "review"
        page = client.get("/preparation/review/").content.decode()
        assert "1 left" in page
        bad = client.post("/preparation/review/", {"item": item.pk, "answer": "Q"}, follow=True).content.decode()
        assert "answer: choose A, B, C or D" in bad

    def test_cards_are_brought_forward_before_a_booked_exam(
        self, a4_bank: None, candidate: Any, make_user: Any
    ) -> None:
        client, person = candidate()
        with time_machine.travel(NOW - timedelta(days=6), tick=False):
            _practise(client, "A4:B", 2)
        with time_machine.travel(NOW - timedelta(days=4), tick=False):  # due again: answered right in review
            for card in ReviewCard.objects.select_related("item"):
                client.post("/preparation/review/", {"item": card.item_id, "answer": card.item.current.key})
        card = ReviewCard.objects.first()
        assert card is not None
        assert card.due > NOW
        assert "Nothing to review today" in client.get("/preparation/").content.decode()
        centre = TestCentre.objects.create(name="Centre")
        exam = TestSession.objects.create(centre=centre, starts_at=NOW + timedelta(days=4), seats=2)
        order = order_create(person=person, lines=[OrderLine("A4", ResultKind.INITIAL)])
        order_pay(order=order, by=make_user(Role.STAFF), reference="staff:cash")
        appointment_book(purchase=order.purchases.get(), session=exam)
        home = client.get("/preparation/").content.decode()
        assert "2 cards to review</strong> (2 due" in home
        assert "Booked: A4 on 2026-12-02" in home
        assert "brought forward for your exam" in client.get("/preparation/review/").content.decode()


class ReadinessAndPathTests:
    def test_readiness_page_with_band_and_chart(self, a4_bank: None, candidate: Any) -> None:
        client, _ = candidate()
        _practise(client, "A4:", 12)
        page = client.get("/preparation/readiness/A4/").content.decode()
        assert "% chance of passing</strong> (likely range" in page
        assert "from 12 practice answers; the pass mark is 28 of 40" in page
        assert '<svg class="readiness-chart"' in page
        assert page.count("<script") == 1  # only the vendored htmx of base.html: the chart needs no JS
        assert client.get("/preparation/readiness/F1/").status_code == 404
        assert "A4: " in client.get("/preparation/").content.decode()

    def test_career_paths_progress_gap_next_test_and_choice(self, candidate: Any) -> None:
        client, _ = candidate(results=("A6 pass 2024-03-01",))
        page = client.get("/preparation/paths/").content.decode()
        assert "Certwright's suggested mapping of roles to certifications" in page
        assert "Hybrid and EV specialist" in page
        hybrid = page[page.index("Hybrid and EV specialist") :]
        assert "1 of 2 required (50%). Next test: <strong>L3</strong>." in hybrid
        assert "Master Automobile Technician" in page
        client.post("/preparation/paths/", {"target": "path:hybrid_ev_specialist", "target_date": "2027-05-01"})
        assert StudyGoal.objects.get().target_code == "hybrid_ev_specialist"
        plan = client.get("/preparation/plan/").content.decode()
        assert "Target: <strong>Hybrid and EV specialist</strong>" in plan
        assert "L3 Light Duty Hybrid/Electric Vehicle Specialist" in plan


def test_pages_need_sign_in_and_a_candidate_record(make_user: Any) -> None:
    anonymous = Client()
    for url in ("/preparation/", "/preparation/plan/", "/preparation/review/", "/preparation/paths/"):
        assert anonymous.get(url).status_code == 302
    writer = Client()
    writer.force_login(make_user(Role.ITEM_WRITER))
    assert writer.get("/preparation/plan/").status_code == 403
    assert "no candidate record" in writer.get("/preparation/").content.decode()
