"""Who may do what, audit, hostile input: `pytest -m security` selects them."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "security: access control, audit log, hostile input")
