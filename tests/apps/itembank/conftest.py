from __future__ import annotations

from typing import Any

import pytest

from certwright.core.items import Difficulty, Item, ItemStyle, ItemUse, Option


def make_core(item_id: str = "A5-901", **changes: Any) -> Item:
    base: dict[str, Any] = {
        "id": item_id,
        "test": "A5",
        "area": "C",
        "style": ItemStyle.DIRECT,
        "use": ItemUse.OPERATIONAL,
        "difficulty": Difficulty.MEDIUM,
        "language": "en",
        "stem": "A brake pedal pulsates only during light stops from highway speed. What is the cause?",
        "options": (
            Option(letter="A", text="Excessive rotor lateral runout", rationale=None),
            Option(letter="B", text="A weak brake booster", rationale="A weak booster raises pedal effort."),
            Option(letter="C", text="Air in the hydraulic system", rationale="Air gives a spongy pedal."),
            Option(letter="D", text="Glazed brake pads", rationale="Glazed pads reduce friction, not pulse."),
        ),
        "key": "A",
        "rationale": "Runout makes the rotor push the pads back and forth, felt as pulsation.",
    }
    base.update(changes)
    return Item(**base)


@pytest.fixture
def core() -> Item:
    return make_core()
