"""The ``certwright`` command: Django's management commands under one name.

``certwright migrate``, ``certwright runserver``, ``certwright catalog A5``,
``certwright standing person.json --as-of 2026-01-01`` ...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certwright.config.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["certwright", *(args or ["help"])])


if __name__ == "__main__":
    main()
