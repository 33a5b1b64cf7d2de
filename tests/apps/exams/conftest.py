"""Delivery fixtures live in tests/conftest.py; NOW is re-exported for the tests here."""

from tests.conftest import NOW

__all__ = ["NOW"]
