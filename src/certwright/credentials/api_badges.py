"""API operations for signed Open Badges credentials and status lists; mounted by config/api.py."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["badges"])
