"""The delivery API: a candidate's whole sitting, and no key or rationale ever reaches them."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from certwright.core.roles import Role
from certwright.exams.services_sittings import sitting_check_in
from certwright.itembank.models import ItemVersion
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _send(client: Client, method: str, url: str, data: Any = None) -> Any:
    return getattr(client, method)(url, json.dumps(data) if data is not None else None, content_type="application/json")


def _secret_texts(version_ids: list[int]) -> list[str]:
    """Every rationale and distractor explanation of the delivered versions."""
    texts = []
    for v in ItemVersion.objects.filter(pk__in=version_ids):
        texts.append(v.rationale)
        texts += [o["rationale"] for o in v.options if o.get("rationale")]
    return [t for t in texts if len(t) > 25]


@time_machine.travel(NOW, tick=False)
def test_a_sitting_through_the_api_leaks_no_key_material(
    a5_bank: None, make_person: Any, make_user: Any, session: Any
) -> None:
    user = make_user(Role.CANDIDATE)
    make_person(user=user)
    client = Client()
    client.force_login(user)
    received: list[str] = []

    order = _send(client, "post", "/api/v1/exams/orders", {"tests": [{"test": "A5"}]})
    assert order.status_code == 201, order.content
    received.append(order.content.decode())
    refused = _send(client, "post", "/api/v1/exams/orders", {"tests": [{"test": "A5"}, {"test": "L1"}]})
    assert refused.status_code == 422
    assert set(refused.json()["reasons"]) == {"open_purchase_exists", "prerequisite_missing"}

    from certwright.exams.models import Order
    from certwright.exams.services_orders import order_pay

    order_pay(order=Order.objects.get(), by=make_user(Role.STAFF), reference="voucher:V1")
    purchase_id = order.json()["purchases"][0]["id"]
    booked = _send(client, "post", f"/api/v1/exams/purchases/{purchase_id}/book", {"session": session.pk})
    assert booked.status_code == 200, booked.content
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        from certwright.exams.models import Appointment

        sitting = sitting_check_in(appointment=Appointment.objects.get(), by=make_user(Role.PROCTOR), id_confirmed=True)
        assert (
            _send(client, "post", f"/api/v1/exams/sittings/{sitting.pk}/start", {"launch_code": "000000x"}).status_code
            == 409
        )
        started = _send(
            client, "post", f"/api/v1/exams/sittings/{sitting.pk}/start", {"launch_code": sitting.launch_code}
        )
        assert started.status_code == 200
        total = started.json()["questions"]
        for n in range(1, total + 1):
            q = client.get(f"/api/v1/exams/sittings/{sitting.pk}/questions/{n}")
            assert q.status_code == 200
            received.append(q.content.decode())
            assert "key" not in q.json()
            saved = _send(
                client,
                "put",
                f"/api/v1/exams/sittings/{sitting.pk}/answers",
                {"position": n - 1, "answer": "C", "flagged": n % 7 == 0, "seq": n},
            )
            assert saved.status_code == 200
            received.append(saved.content.decode())
        bad = _send(
            client, "put", f"/api/v1/exams/sittings/{sitting.pk}/answers", {"position": 0, "answer": "E", "seq": 999}
        )
        assert bad.status_code == 422
        review = client.get(f"/api/v1/exams/sittings/{sitting.pk}/review").json()
        assert sum(r["flagged"] for r in review) == total // 7
        received.append(json.dumps(review))
        result = _send(client, "post", f"/api/v1/exams/sittings/{sitting.pk}/submit")
        again = _send(client, "post", f"/api/v1/exams/sittings/{sitting.pk}/submit")
        assert result.json() == again.json()
        received.append(result.content.decode())
        assert {a["area"] for a in result.json()["areas"]} == {"A", "B", "C", "D"}
    version_ids = [s["version_id"] for s in sitting.form.slots]
    secrets = _secret_texts(version_ids)
    assert secrets
    everything = "\n".join(received)
    leaked = [t for t in secrets if t in everything]
    assert not leaked


def test_another_candidate_cannot_touch_a_sitting(make_user: Any, make_person: Any) -> None:
    intruder = make_user(Role.CANDIDATE)
    make_person(user=intruder)
    client = Client()
    client.force_login(intruder)
    assert client.get("/api/v1/exams/sittings/1/questions/1").status_code == 404
    assert Client().get("/api/v1/exams/sittings/1/questions/1").status_code == 401


def test_a_request_the_schema_rejects_says_where_and_what(make_person: Any, make_user: Any) -> None:
    user = make_user(Role.CANDIDATE)
    make_person(user=user)
    client = Client()
    client.force_login(user)
    response = _send(client, "post", "/api/v1/exams/orders", {"lines": "A5"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("invalid request: body.")
    assert "tests: Field required" in body["detail"]
    assert body["errors"][0]["loc"][-1] == "tests"
