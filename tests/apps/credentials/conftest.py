"""Credentials tests: the rate-limit counters live in the cache, so every test starts with it empty."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen() -> Iterator[None]:
    """The clock stopped at NOW (2026-11-28 15:00 UTC)."""
    import time_machine

    from tests.conftest import NOW

    with time_machine.travel(NOW, tick=False):
        yield
