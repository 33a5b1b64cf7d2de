"""Demo data of the later areas, loaded after the people by `certwright demo_setup`.

Each module listed here has `load(*, today: date) -> str` which is idempotent and returns a line to print.
"""

from __future__ import annotations

import importlib
from datetime import date

MODULES = (
    "certwright.demo.experience_demo",
    "certwright.demo.employers_demo",
    "certwright.demo.preparation_demo",
    "certwright.demo.measurement_demo",
    "certwright.demo.credentials_demo",  # last: it issues credentials to everyone the others created
)

# Logins the modules above create (same password as the others), printed by demo_setup.
EXTRA_LOGINS = (
    ("lakeside", "admin of Lakeside Tire & Brake (a shop that does not qualify for recognition)"),
    ("student1..3", "students in Mark Ellis's class"),
)


def extensions_load(*, today: date) -> list[str]:
    lines = []
    for name in MODULES:
        line = importlib.import_module(name).load(today=today)
        if line:
            lines.append(line)
    return lines
