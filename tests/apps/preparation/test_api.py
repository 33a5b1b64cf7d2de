"""The preparation API: who may call each operation (200/401/403/422) and what it returns."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from certwright.core.roles import Role
from certwright.preparation.models import StudyGroup

pytestmark = pytest.mark.django_db
API = "/api/v1/preparation"


def _send(client: Client, method: str, url: str, data: Any = None) -> Any:
    return getattr(client, method)(url, json.dumps(data) if data is not None else None, content_type="application/json")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


class ApiTests:
    def test_anonymous_gets_401_everywhere(self) -> None:
        anon = Client()
        for method, url in (
            ("get", "/plan"),
            ("put", "/plan"),
            ("get", "/reviews"),
            ("get", "/readiness/A4"),
            ("get", "/career-paths"),
            ("get", "/assignments"),
            ("get", "/classes"),
            ("post", "/join/x"),
        ):
            assert _send(anon, method, API + url, {} if method != "get" else None).status_code == 401, url

    def test_candidate_plan_queue_review_readiness_paths(self, a4_bank: None, candidate: Any) -> None:
        client, _ = candidate()
        assert _send(client, "get", f"{API}/plan").status_code == 404
        bad = _send(
            client, "put", f"{API}/plan", {"target_kind": "test", "target_code": "Z9", "target_date": "2026-01-01"}
        )
        assert bad.status_code == 422
        assert ["target_code", "there is no test 'Z9'"] in bad.json()["problems"]
        assert ["target_date", "must be after today (2026-11-28)"] in bad.json()["problems"]
        plan = _send(
            client, "put", f"{API}/plan", {"target_kind": "test", "target_code": "A4", "target_date": "2027-02-26"}
        )
        assert plan.status_code == 200
        body = plan.json()
        assert body["tests"][0]["book_on"] == "2027-02-26"
        assert body["tests"][0]["blocks"][0]["area"] == "A"
        queue = _send(client, "get", f"{API}/reviews").json()
        assert queue["new"] == 10 or queue["new"] == len(queue["entries"])
        first = queue["entries"][0]
        assert (first["test"], first["area"], first["new"]) == ("A4", "A", True)
        answer = _send(client, "post", f"{API}/reviews", {"item_id": first["item_id"], "answer": "Z"})
        assert answer.status_code == 422
        answer = _send(client, "post", f"{API}/reviews", {"item_id": first["item_id"], "answer": "A"})
        assert answer.status_code == 200
        assert set(answer.json()) == {"correct", "key", "rationale", "next_due"}
        ready = _send(client, "get", f"{API}/readiness/A4").json()
        assert ready["answered"] == 1
        assert ready["cut"] == 28
        assert 0 <= ready["low"] <= ready["probability"] <= ready["high"]
        assert _send(client, "get", f"{API}/readiness/F1").status_code == 422
        paths = _send(client, "get", f"{API}/career-paths").json()
        assert len(paths) == 11
        assert paths[0]["code"] == "automotive_technician"
        assert _send(client, "get", f"{API}/assignments").json() == []

    def test_educator_classes_and_object_level_checks(self, make_user: Any, candidate: Any) -> None:
        teacher = _client(make_user(Role.EDUCATOR))
        other = _client(make_user(Role.EDUCATOR))
        student, _ = candidate()
        assert _send(student, "get", f"{API}/classes").status_code == 403
        assert _send(teacher, "get", f"{API}/plan").status_code == 403  # educators have no candidate plan
        assert _send(teacher, "post", f"{API}/classes", {"name": ""}).status_code == 422
        created = _send(teacher, "post", f"{API}/classes", {"name": "Brakes club", "kind": "study_group"})
        assert created.status_code == 201
        group_id = created.json()["id"]
        token = StudyGroup.objects.get().invite_token
        assert _send(student, "post", f"{API}/join/nope").status_code == 422
        joined = _send(student, "post", f"{API}/join/{token}")
        assert joined.json() == {"class_id": group_id, "name": "Brakes club"}
        url = f"{API}/classes/{group_id}/assignments"
        assert _send(other, "post", url, {"test": "A5", "due_on": "2026-12-20"}).status_code == 403
        assert _send(teacher, "post", url, {"test": "A5", "area": "Z", "due_on": "2026-12-20"}).status_code == 422
        made = _send(teacher, "post", url, {"test": "a5", "area": "c", "questions": 5, "due_on": "2026-12-20"})
        assert made.status_code == 201
        assert made.json()["title"] == "Practise A5 area C"
        assert _send(student, "get", f"{API}/assignments").json()[0]["class_name"] == "Brakes club"
        assert _send(other, "get", f"{API}/classes/{group_id}/analytics").status_code == 403
        analytics = _send(teacher, "get", f"{API}/classes/{group_id}/analytics").json()
        assert analytics["students"][0]["answered"] == 0
        assert [c["name"] for c in _send(teacher, "get", f"{API}/classes").json()] == ["Brakes club"]
        assert _send(other, "get", f"{API}/classes").json() == []
