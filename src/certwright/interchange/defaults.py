"""What a foreign format (GIFT, QTI) cannot say about an item, supplied by the caller."""

from __future__ import annotations

from dataclasses import dataclass

from certwright.core.items import Difficulty, ItemStatus, ItemStyle, ItemUse


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportDefaults:
    """Values used when the source does not carry them.

    ``test`` and ``area`` have no default: a GIFT question outside a
    ``$CATEGORY: certwright/<TEST>/<AREA>`` and a QTI item without Certwright metadata are
    rejected unless the caller gives them. Imported items default to practice use and draft
    status, so nothing foreign reaches a scored form before review.
    """

    test: str | None = None
    area: str | None = None
    style: ItemStyle = ItemStyle.DIRECT
    use: ItemUse = ItemUse.PRACTICE
    difficulty: Difficulty = Difficulty.MEDIUM
    language: str = "en"
    author: str | None = None
    status: ItemStatus | None = ItemStatus.DRAFT
