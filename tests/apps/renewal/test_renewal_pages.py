"""Continuous renewal on the phone page: subscribe, one question at a time, answer once, progress."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from certwright.candidates.models import RenewalCredit, RenewalQuestion, RenewalSubscription
from certwright.candidates.selectors import person_standing
from certwright.candidates.services_renewal import renewal_issue
from certwright.core.roles import Role
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _subscribe(tech: dict[str, Any]) -> Client:
    client = _client(tech["user"])
    client.post("/me/renewal/subscribe/")
    return client


class SubscribeTests:
    def test_offer_then_subscription_with_first_question(self, tech: dict[str, Any]) -> None:
        client = _client(tech["user"])
        offer = client.get("/me/renewal/").content.decode()
        assert "Covered now: A5." in offer
        assert "Subscribe for 12 months" in offer
        assert 'name="viewport" content="width=device-width, initial-scale=1"' in offer
        page = client.post("/me/renewal/subscribe/", follow=True).content.decode()
        assert "Subscribed until 2027-11-28" in page
        assert "0 of 8 credits for A5 — 8 more extend A5 to 2030-03-01" in page
        assert "Question for A5" in page
        assert "(key)" not in page
        assert "Why " not in page
        assert RenewalQuestion.objects.count() == 1

    def test_nothing_to_renew_is_explained(self, make_user: Any, make_person: Any, a5_bank: None) -> None:
        user = make_user(Role.CANDIDATE)
        make_person(user=user)
        client = _client(user)
        assert "You hold no certification that continuous renewal covers" in client.get("/me/renewal/").content.decode()
        page = client.post("/me/renewal/subscribe/", follow=True).content.decode()
        assert "you hold no certification that continuous renewal covers" in page
        assert not RenewalSubscription.objects.exists()

    def test_cancel_stops_questions_and_keeps_credits(self, tech: dict[str, Any]) -> None:
        client = _subscribe(tech)
        question = RenewalQuestion.objects.get()
        page = client.post("/me/renewal/cancel/", follow=True).content.decode()
        assert "Subscription cancelled" in page
        assert "Subscribe for 12 months" in page
        response = client.post(f"/me/renewal/questions/{question.pk}/", {"answer": "A"})
        assert response.status_code == 422
        assert "your subscription is not running" in response.content.decode()

    def test_only_candidates_and_only_their_own_questions(self, tech: dict[str, Any], make_user: Any) -> None:
        _subscribe(tech)
        question = RenewalQuestion.objects.get()
        other = make_user(Role.CANDIDATE)
        assert _client(other).get(f"/me/renewal/questions/{question.pk}/").status_code == 403  # no profile
        assert _client(make_user(Role.STAFF)).get("/me/renewal/").status_code == 403
        assert Client().get("/me/renewal/").status_code == 302


class AnswerTests:
    def test_correct_answer_is_a_credit_with_rationale_after(self, tech: dict[str, Any]) -> None:
        client = _subscribe(tech)
        question = RenewalQuestion.objects.get()
        before = client.get(f"/me/renewal/questions/{question.pk}/").content.decode()
        assert question.item_version.rationale not in before
        assert "(key)" not in before
        page = client.post(
            f"/me/renewal/questions/{question.pk}/", {"answer": question.item_version.key}, follow=True
        ).content.decode()
        assert "Correct — one credit for A5." in page
        assert f"Why {question.item_version.key}:" in page
        assert RenewalCredit.objects.filter(person=tech["person"], test="A5", correct=True).count() == 1
        progress = client.get("/me/renewal/").content.decode()
        assert "1 of 8 credits for A5 — 7 more extend A5 to 2030-03-01" in progress
        assert "All caught up" in progress

    def test_answer_once_only(self, tech: dict[str, Any]) -> None:
        client = _subscribe(tech)
        question = RenewalQuestion.objects.get()
        wrong = next(o["letter"] for o in question.item_version.options if o["letter"] != question.item_version.key)
        page = client.post(f"/me/renewal/questions/{question.pk}/", {"answer": wrong}, follow=True).content.decode()
        assert f"Not correct. The right answer is {question.item_version.key}." in page
        again = client.post(f"/me/renewal/questions/{question.pk}/", {"answer": question.item_version.key})
        assert again.status_code == 422
        assert "you answered this question on 2026-11-28" in again.content.decode()
        assert RenewalCredit.objects.filter(person=tech["person"]).count() == 1
        assert not RenewalCredit.objects.filter(correct=True).exists()

    def test_no_choice_is_refused(self, tech: dict[str, Any]) -> None:
        client = _subscribe(tech)
        question = RenewalQuestion.objects.get()
        response = client.post(f"/me/renewal/questions/{question.pk}/", {})
        assert response.status_code == 422
        assert "choose one of A, B, C, D" in response.content.decode()

    def test_eighth_credit_extends_the_certification(self, tech: dict[str, Any]) -> None:
        person = tech["person"]
        client = _subscribe(tech)
        RenewalCredit.objects.bulk_create(
            [RenewalCredit(person=person, test="A5", date=NOW.date(), correct=True) for _ in range(7)]
        )
        assert person_standing(person=person, on=NOW.date()).tests["A5"].until == date(2029, 3, 1)
        question = RenewalQuestion.objects.get()
        client.post(f"/me/renewal/questions/{question.pk}/", {"answer": question.item_version.key})
        assert person_standing(person=person, on=NOW.date()).tests["A5"].until == date(2030, 3, 1)
        page = client.get("/me/renewal/").content.decode()
        assert "8 of 8 credits for A5 — extended: A5 is valid until 2030-03-01" in page


class IssueTests:
    def test_issue_is_idempotent_and_monthly(self, tech: dict[str, Any]) -> None:
        client = _subscribe(tech)
        subscription = RenewalSubscription.objects.get()
        assert renewal_issue(subscription=subscription, today=NOW.date()).issued == []
        out = StringIO()
        call_command("renewal_issue", "--as-of", "2026-11-28", stdout=out)
        assert "0 question(s) issued, 1 already issued" in out.getvalue()
        assert RenewalQuestion.objects.count() == 1
        with time_machine.travel(NOW + timedelta(days=31), tick=False):
            client.get("/me/renewal/")
            call_command("renewal_issue", stdout=StringIO())
        months = sorted(RenewalQuestion.objects.values_list("month_index", flat=True))
        assert months == [0, 1]
        first, second = RenewalQuestion.objects.order_by("month_index")
        assert first.item_version.item_id != second.item_version.item_id
        assert first.item_version.item.use == "operational"
        assert first.item_version.delivered

    def test_bad_date_is_a_clear_error(self) -> None:
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="--as-of: 'soon' is not a date"):
            call_command("renewal_issue", "--as-of", "soon")


class RecertifyOfferTests:
    def test_recertify_now_inside_the_window(self, make_user: Any, make_person: Any) -> None:
        user = make_user(Role.CANDIDATE)
        make_person(user=user, results=("A5 pass 2022-06-01", "A4 pass 2024-06-01"))
        html = _client(user).get("/me/certifications/").content.decode()
        assert "Recertify A5 before 2027-06-01." in html
        assert 'value="A5:recertification"' in html
        assert "Recertify now" in html
        assert 'value="A4:recertification"' not in html

    def test_recertify_now_places_the_order(self, make_user: Any, make_person: Any) -> None:
        user = make_user(Role.CANDIDATE)
        person = make_person(user=user, results=("A5 pass 2022-06-01",))
        response = _client(user).post("/exams/order/", {"tests": "A5:recertification"}, follow=True)
        assert "waiting for payment" in response.content.decode()
        assert person.purchases.get().kind == "recertification"

    def test_waiting_for_experience_links_to_my_experience(self, make_user: Any, make_person: Any) -> None:
        user = make_user(Role.CANDIDATE)
        make_person(user=user, work_since=None, results=("A5 pass 2026-06-01",))
        html = _client(user).get("/me/certifications/").content.decode()
        assert "Document 24 more months of work experience to be certified in A5." in html
        assert 'href="/me/experience/">Add experience</a>' in html
