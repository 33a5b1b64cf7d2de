"""Preparation fixtures: the A4 starter bank (practice items with exhibits), a candidate with a client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from certwright.core.roles import Role
from tests.conftest import BANK, NOW


@pytest.fixture
def a4_bank(db: Any) -> None:
    from certwright.demo.services import bank_load

    bank_load(bank_dir=BANK, only="A4")


@pytest.fixture
def candidate(make_user: Any, make_person: Any) -> Callable[..., tuple[Client, Any]]:
    def make(*, results: tuple[str, ...] = (), last_name: str = "Tester") -> tuple[Client, Any]:
        user = make_user(Role.CANDIDATE)
        person = make_person(user=user, results=results, last_name=last_name)
        client = Client()
        client.force_login(user)
        return client, person

    return make


@pytest.fixture(autouse=True)
def _at_now() -> Any:
    """Every preparation test runs at NOW (2026-11-28 15:00 UTC) unless it travels itself."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def a2_a4_a5_bank(db: Any) -> None:
    from certwright.demo.services import bank_load

    for test in ("A2", "A4", "A5"):
        bank_load(bank_dir=BANK, only=test)
