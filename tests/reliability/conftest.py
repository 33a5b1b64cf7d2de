"""Fault, backup and load-adjacent tests: `pytest -m reliability` selects them."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "reliability: faults, restarts and backups with real server processes")
