"""/api/v1/items: list, get, create, update, transition, with permissions and validation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from certwright.core.roles import Role

pytestmark = pytest.mark.django_db

ITEM = {
    "test": "A5",
    "area": "C",
    "style": "direct",
    "use": "operational",
    "difficulty": "medium",
    "language": "en",
    "stem": "Which condition causes a brake pedal to pulsate during light braking?",
    "options": [
        {"letter": "A", "text": "Rotor thickness variation"},
        {"letter": "B", "text": "A weak brake booster", "rationale": "A weak booster raises pedal effort."},
        {"letter": "C", "text": "Air in the hydraulic system", "rationale": "Air gives a spongy pedal."},
        {"letter": "D", "text": "Glazed pads", "rationale": "Glazed pads lower friction without pulsation."},
    ],
    "key": "A",
    "rationale": "Thickness variation moves the pistons with each turn, felt as pulsation.",
}


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), (Role.CANDIDATE, 403), (Role.REVIEWER, 403), (Role.ITEM_WRITER, 201), (Role.STAFF, 201)],
)
def test_who_may_create(make_user: Any, role: Role | None, status: int) -> None:
    user = make_user(role) if role else None
    response = post(client_for(user), "/api/v1/items", ITEM)
    assert response.status_code == status, response.content
    if status == 201:
        body = response.json()
        assert body["status"] == "draft"
        assert body["version"] == 1
        assert body["id"].startswith("A5-")


def test_invalid_item_is_422_with_each_problem(make_user: Any) -> None:
    writer = client_for(make_user(Role.ITEM_WRITER))
    bad = dict(ITEM, area="Z", options=[dict(o) for o in ITEM["options"]])
    bad["options"][1]["text"] = "Rotor thickness variation"
    response = post(writer, "/api/v1/items", bad)
    assert response.status_code == 422
    problems = " ".join(response.json()["problems"])
    assert "two options have the same text" in problems
    assert "A5 has no content area 'Z'" in problems
    assert post(writer, "/api/v1/items", {"test": "A5"}).status_code == 422


def test_update_get_list_and_transition(make_user: Any) -> None:
    writer = client_for(make_user(Role.ITEM_WRITER))
    item_id = post(writer, "/api/v1/items", ITEM).json()["id"]
    changed = dict(
        ITEM, stem="During light braking the pedal pulsates. Which is the MOST likely cause?", style="most_likely"
    )
    updated = writer.put(f"/api/v1/items/{item_id}", json.dumps(changed), content_type="application/json")
    assert updated.status_code == 200
    assert updated.json()["style"] == "most_likely"
    assert writer.get(f"/api/v1/items/{item_id}").json()["stem"].startswith("During light braking")
    listed = writer.get("/api/v1/items?test=A5&status=draft").json()
    assert [i["id"] for i in listed] == [item_id]
    assert writer.get("/api/v1/items/NOPE-1").status_code == 404
    submitted = post(writer, f"/api/v1/items/{item_id}/transition", {"target": "in_review"})
    assert submitted.json()["status"] == "in_review"
    approve = post(writer, f"/api/v1/items/{item_id}/transition", {"target": "approved"})
    assert approve.status_code == 403
    staff = client_for(make_user(Role.STAFF))
    refused = post(staff, f"/api/v1/items/{item_id}/transition", {"target": "approved"})
    assert refused.status_code == 409
    assert "needs_more_accepts" in refused.json()["problems"]


def test_candidates_cannot_read_the_bank(make_user: Any) -> None:
    candidate = client_for(make_user(Role.CANDIDATE))
    assert candidate.get("/api/v1/items").status_code == 403
    assert client_for(None).get("/api/v1/items").status_code == 401
