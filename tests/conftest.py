"""Shared fixtures: users with roles, people with results, a clock fixed by time-machine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from certwright.core.roles import Role

BANK = Path(__file__).resolve().parents[1] / "src" / "certwright" / "bank"
NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose; tests that check hashing put it back themselves."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from certwright.accounts.services import user_create

    counter = {"n": 0}

    def make(*roles: Role, username: str | None = None, password: str = "a-long-test-password") -> Any:
        counter["n"] += 1
        return user_create(username=username or f"user{counter['n']}", password=password, roles=roles)

    return make


@pytest.fixture
def make_person(db: Any) -> Callable[..., Any]:
    from certwright.candidates.services import experience_add, person_create, result_record
    from certwright.core.facts import Outcome, ResultKind

    def make(
        *,
        user: Any = None,
        last_name: str = "Tester",
        results: tuple[str, ...] = (),
        work_since: date | None = date(2010, 1, 1),
    ) -> Any:
        person = person_create(first_name="Pat", last_name=last_name, user=user)
        if work_since is not None:
            experience_add(person=person, kind="work", start=work_since, status="approved", employer_name="Shop")
        for text in results:
            code, outcome, day, *kind = text.split()
            result_record(
                person=person,
                test=code,
                on=date.fromisoformat(day),
                outcome=Outcome(outcome),
                kind=ResultKind(kind[0]) if kind else ResultKind.INITIAL,
            )
        return person

    return make


@pytest.fixture
def a5_bank(db: Any) -> None:
    """The A5 starter items, operational, with unscored pretest items as the demo has them."""
    from certwright.demo.services import bank_load

    bank_load(bank_dir=BANK, only="A5")


@pytest.fixture
def session(db: Any) -> Any:
    """A test-centre session a week after NOW with two seats."""
    from certwright.exams.models import TestCentre, TestSession

    centre = TestCentre.objects.create(name="Downtown Test Centre", city="Springfield")
    return TestSession.objects.create(centre=centre, starts_at=NOW + timedelta(days=7), seats=2)
