"""Renewal fixtures: the clock at NOW, a technician certified in A5 (passed 2024-03-01) with the A5 bank."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from certwright.core.roles import Role
from tests.conftest import NOW


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tech(make_user: Any, make_person: Any, a5_bank: None) -> dict[str, Any]:
    user = make_user(Role.CANDIDATE)
    person = make_person(user=user, last_name="Lopez", results=("A5 pass 2024-03-01",))
    return {"user": user, "person": person}
