"""/api/v1/psychometrics: item statistics, calibration runs, conversion tables; 200/401/403/404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from certwright.core.roles import Role

pytestmark = pytest.mark.django_db
BASE = "/api/v1/psychometrics"


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_item_statistics_and_calibrations(calibrated_a5: Any, make_user: Any) -> None:
    client = _client(make_user(Role.PSYCHOMETRICIAN))
    body = client.get(f"{BASE}/tests/a5/items").json()
    assert body["test"] == "A5"
    assert body["calibration"]["id"] == calibrated_a5.pk
    assert len(body["items"]) == calibrated_a5.n_items
    first = body["items"][0]
    assert {"item", "p_value", "point_biserial", "a", "b", "c", "se_b", "flags", "anchor"} <= set(first)
    runs = client.get(f"{BASE}/calibrations?test=A5").json()
    assert [r["id"] for r in runs] == [calibrated_a5.pk]
    assert runs[0]["model"] == "2pl"
    detail = client.get(f"{BASE}/calibrations/{calibrated_a5.pk}").json()
    assert detail["converged"] is True
    assert len(detail["items"]) == calibrated_a5.n_items
    assert client.get(f"{BASE}/calibrations/999999").status_code == 404
    assert client.get(f"{BASE}/tests/Q9/items").status_code == 404
    assert client.get(f"{BASE}/tests/A6/items").json() == {"detail": "A6 has no calibration yet"}


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), (Role.CANDIDATE, 403), (Role.REVIEWER, 403), (Role.STAFF, 200), (Role.PSYCHOMETRICIAN, 200)],
)
def test_who_may_call(role: Role | None, status: int, make_user: Any) -> None:
    client = _client(make_user(role) if role else None)
    assert client.get(f"{BASE}/calibrations").status_code == status
    expected_missing = status if status != 200 else 404
    assert client.get(f"{BASE}/tests/A5/items").status_code == expected_missing
    assert client.get(f"{BASE}/forms/12345/conversion").status_code == expected_missing
    assert client.get(f"{BASE}/calibrations/1").status_code == expected_missing


def test_every_operation_says_who_may_call_it() -> None:
    from certwright.config.api import api

    schema = api.get_openapi_schema()
    ops = [op for path, item in schema["paths"].items() if path.startswith(BASE) for op in item.values()]
    assert len(ops) == 4
    assert all("psychometricians" in (op["summary"] + op.get("description", "")).lower() for op in ops)
