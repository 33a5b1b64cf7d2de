"""Demo data of the later areas, loaded after the people by `certwright demo_setup`.

Each module listed here has `load(*, today: date) -> str` which is idempotent and returns a line to print.
"""

from __future__ import annotations

import importlib
from datetime import date

MODULES = (
    "certwright.demo.credentials_demo",
    "certwright.demo.experience_demo",
    "certwright.demo.employers_demo",
    "certwright.demo.preparation_demo",
    "certwright.demo.measurement_demo",
)


def extensions_load(*, today: date) -> list[str]:
    lines = []
    for name in MODULES:
        line = importlib.import_module(name).load(today=today)
        if line:
            lines.append(line)
    return lines
