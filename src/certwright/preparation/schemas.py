"""API schemas shared by the preparation app's routers."""

from __future__ import annotations

from ninja import Schema


class PreparationProblemOut(Schema):
    detail: str
    problems: list[list[str]]
