"""Demo data for the preparation area (see demo/extensions.py)."""

from __future__ import annotations

from datetime import date


def load(*, today: date) -> str:  # noqa: ARG001 - filled in by the area
    return ""
