"""Experience fixtures: a technician at Main Street Auto, a second shop, staff; uploads in a temp folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine

from certwright.core.roles import Role
from certwright.employers.services import employment_link, organisation_admin_add, organisation_create
from tests.conftest import NOW

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def world(make_user: Any, make_person: Any) -> dict[str, Any]:
    tech_user = make_user(Role.CANDIDATE)
    tech = make_person(user=tech_user, last_name="Lopez", work_since=None, results=("A5 pass 2026-06-01",))
    shop = organisation_create(name="Main Street Auto", kind="independent_shop")
    other = organisation_create(name="Elsewhere Motors", kind="dealership")
    admin = make_user(Role.EMPLOYER_ADMIN)
    organisation_admin_add(organisation=shop, user=admin)
    other_admin = make_user(Role.EMPLOYER_ADMIN)
    organisation_admin_add(organisation=other, user=other_admin)
    employment_link(organisation=shop, person=tech, start=date(2020, 1, 1))
    return {
        "tech": tech,
        "tech_user": tech_user,
        "shop": shop,
        "other": other,
        "admin": admin,
        "other_admin": other_admin,
        "staff": make_user(Role.STAFF),
        "stranger": make_user(Role.CANDIDATE),
    }
