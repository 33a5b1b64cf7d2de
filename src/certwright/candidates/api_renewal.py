"""API operations for experience records and continuous renewal; mounted by config/api.py."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["experience and renewal"])
