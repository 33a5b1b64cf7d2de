"""GET /api/v1/people/{id}/standing: the same JSON as the CLI, for the right people only."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import jsonschema
import pytest
import time_machine
from django.test import Client

from certwright.core.roles import Role
from certwright.core.standing_io import output_schema
from certwright.employers.services import employment_link, organisation_admin_add, organisation_create

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)  # midday in the programme's time zone


@pytest.fixture
def setup(make_user: Any, make_person: Any) -> dict[str, Any]:
    tech_user = make_user(Role.CANDIDATE)
    tech = make_person(user=tech_user, results=("A5 pass 2024-03-01", "A8 fail 2026-11-20"))
    other_user = make_user(Role.CANDIDATE)
    make_person(user=other_user)
    shop = organisation_create(name="Main Street Auto", kind="independent_shop")
    other_shop = organisation_create(name="Elsewhere Motors", kind="dealership")
    admin = make_user(Role.EMPLOYER_ADMIN)
    organisation_admin_add(organisation=shop, user=admin)
    other_admin = make_user(Role.EMPLOYER_ADMIN)
    organisation_admin_add(organisation=other_shop, user=other_admin)
    employment_link(organisation=shop, person=tech, start=date(2020, 1, 1))
    return {
        "tech": tech,
        "tech_user": tech_user,
        "other_user": other_user,
        "admin": admin,
        "other_admin": other_admin,
        "staff": make_user(Role.STAFF),
        "writer": make_user(Role.ITEM_WRITER),
    }


def _get(user: Any, person_id: int, query: str = "") -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(f"/api/v1/people/{person_id}/standing{query}")


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("tech_user", 200),
        ("staff", 200),
        ("admin", 200),
        (None, 401),
        ("other_user", 403),
        ("other_admin", 403),
        ("writer", 403),
    ],
)
def test_who_may_read_a_standing(setup: dict[str, Any], who: str | None, status: int) -> None:
    response = _get(setup[who] if who else None, setup["tech"].pk)
    assert response.status_code == status, response.content
    if status == 200:
        data = response.json()
        jsonschema.validate(data, output_schema())
        assert data["as_of"] == "2026-11-28"
        assert data["tests"]["A5"]["status"] == "certified"
        assert data["tests"]["A5"]["until"] == "2029-03-01"
        assert data["tests"]["A8"]["retake_from"] == "2026-12-21"
        assert any(a["code"] == "retake" and a["test"] == "A8" for a in data["actions"])
    else:
        assert "tests" not in response.json()


def test_unknown_person_is_404(setup: dict[str, Any]) -> None:
    response = _get(setup["staff"], 999999)
    assert response.status_code == 404
    assert "no person" in response.json()["detail"]


def test_as_of_parameter_and_bad_date(setup: dict[str, Any]) -> None:
    ok = _get(setup["staff"], setup["tech"].pk, "?as_of=2029-03-01")
    assert ok.json()["tests"]["A5"]["status"] == "expired"
    bad = _get(setup["staff"], setup["tech"].pk, "?as_of=2029-02-30")
    assert bad.status_code == 422


def test_catalog_api_is_public() -> None:
    client = Client()
    tests = client.get("/api/v1/catalog/tests").json()
    assert any(t["code"] == "A5" for t in tests)
    a5 = client.get("/api/v1/catalog/tests/A5").json()
    assert [a["count"] for a in a5["areas"]] == [19, 5, 11, 10]
    assert client.get("/api/v1/catalog/tests/Q9").status_code == 404
