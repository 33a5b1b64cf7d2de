"""/api/v1/me: experience records and continuous renewal of the signed-in technician (200/401/403/422)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from certwright.candidates.models import RenewalQuestion
from certwright.candidates.services_renewal import renewal_subscribe
from certwright.core.roles import Role
from certwright.employers.services import organisation_create
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


class ExperienceApiTests:
    def test_create_and_list(self, tech: dict[str, Any]) -> None:
        shop = organisation_create(name="Main Street Auto", kind="independent_shop")
        client = _client(tech["user"])
        created = _post(
            client, "/api/v1/me/experience", {"kind": "work", "start": "2019-05-01", "organisation_id": shop.pk}
        )
        assert created.status_code == 201, created.content
        body = created.json()
        assert body["status"] == "pending"
        assert body["employer_name"] == "Main Street Auto"
        assert body["attestation"] is None
        assert body["evidence"] == []
        listed = client.get("/api/v1/me/experience").json()
        assert [r["start"] for r in listed] == ["2019-05-01", "2010-01-01"]

    def test_bad_input_is_422_naming_the_field(self, tech: dict[str, Any]) -> None:
        client = _client(tech["user"])
        response = _post(client, "/api/v1/me/experience", {"kind": "training", "months_credit": 0})
        assert response.status_code == 422
        fields = {p["field"] for p in response.json()["problems"]}
        assert fields == {"description", "months_credit"}
        unknown = _post(
            client, "/api/v1/me/experience", {"kind": "work", "start": "2019-05-01", "organisation_id": 999}
        )
        assert unknown.status_code == 422
        assert "no organisation 999" in unknown.content.decode()
        assert _post(client, "/api/v1/me/experience", {"kind": "work", "start": "not a date"}).status_code == 422

    def test_who_may_call(self, tech: dict[str, Any], make_user: Any) -> None:
        assert _client().get("/api/v1/me/experience").status_code == 401
        assert _post(_client(), "/api/v1/me/experience", {"kind": "work"}).status_code == 401
        assert _client(make_user(Role.STAFF)).get("/api/v1/me/experience").status_code == 403
        assert _client(make_user(Role.CANDIDATE)).get("/api/v1/me/experience").status_code == 403  # no profile


class RenewalApiTests:
    def test_progress_question_answer(self, tech: dict[str, Any]) -> None:
        client = _client(tech["user"])
        before = client.get("/api/v1/me/renewal").json()
        assert before == {"subscription": None, "eligible": ["A5"], "areas": []}
        assert client.get("/api/v1/me/renewal/question").status_code == 404
        renewal_subscribe(person=tech["person"], today=NOW.date())
        progress = client.get("/api/v1/me/renewal").json()
        assert progress["subscription"]["end"] == "2027-11-28"
        assert progress["areas"][0]["text"] == "0 of 8 credits for A5 — 8 more extend A5 to 2030-03-01"
        question = client.get("/api/v1/me/renewal/question").json()
        assert question["test"] == "A5"
        assert question["month"] == 1
        assert "key" not in question
        assert "rationale" not in json.dumps(question)
        stored = RenewalQuestion.objects.get(pk=question["id"])
        url = f"/api/v1/me/renewal/questions/{question['id']}/answer"
        assert _post(client, url, {"choice": "Z"}).status_code == 422
        answer = _post(client, url, {"choice": stored.item_version.key.lower()})
        assert answer.status_code == 200
        assert answer.json()["correct"] is True
        assert answer.json()["rationale"] == stored.item_version.rationale
        assert _post(client, url, {"choice": "A"}).status_code == 409
        assert client.get("/api/v1/me/renewal").json()["areas"][0]["credits"] == 1
        assert client.get("/api/v1/me/renewal/question").status_code == 404

    def test_who_may_call(self, tech: dict[str, Any], make_user: Any, make_person: Any) -> None:
        renewal_subscribe(person=tech["person"], today=NOW.date())
        question = RenewalQuestion.objects.get()
        url = f"/api/v1/me/renewal/questions/{question.pk}/answer"
        assert _client().get("/api/v1/me/renewal").status_code == 401
        assert _client().get("/api/v1/me/renewal/question").status_code == 401
        assert _post(_client(), url, {"choice": "A"}).status_code == 401
        staff = _client(make_user(Role.STAFF))
        assert staff.get("/api/v1/me/renewal").status_code == 403
        assert _post(staff, url, {"choice": "A"}).status_code == 403
        other = make_user(Role.CANDIDATE)
        make_person(user=other)
        assert _post(_client(other), url, {"choice": "A"}).status_code == 404
        question.refresh_from_db()
        assert question.answered_at is None
