"""certwright standing PERSON.json --as-of YYYY-MM-DD [--format json|table]"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from certwright.core.catalog import CatalogError, load_catalog
from certwright.core.standing import evaluate_standing
from certwright.core.standing_io import StandingInputError, parse_standing_input, standing_to_data


class Command(BaseCommand):
    help = "Evaluate a person's standing from a JSON file of facts (see docs/standing.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON file with person, results, experience, renewal_credits")
        parser.add_argument("--as-of", required=True, help="the day to evaluate, YYYY-MM-DD")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--catalog", help="a catalog YAML file (default: the bundled ASE catalog)")
        parser.add_argument("--all-tests", action="store_true", help="table: include tests never attempted")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = date.fromisoformat(options["as_of"])
        except ValueError:
            raise CommandError(f"--as-of: {options['as_of']!r} is not a date (YYYY-MM-DD)", returncode=2) from None
        path = Path(options["file"])
        try:
            catalog = load_catalog(options["catalog"])
            facts = parse_standing_input(path.read_text(encoding="utf-8"), catalog)
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read: {exc.strerror}", returncode=2) from None
        except StandingInputError as exc:
            lines = "\n".join(f"{path}: {p}: {m}" for p, m in exc.problems)
            raise CommandError(lines, returncode=2) from None
        except CatalogError as exc:
            raise CommandError(str(exc), returncode=2) from None
        standing = evaluate_standing(facts, catalog, on)
        data = standing_to_data(standing)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2))
            return
        console = Console(file=cast(IO[str], self.stdout), width=140)
        table = Table(title=f"Standing of {facts.name or facts.person_id} on {on}", title_justify="left")
        for col in ("Test", "Status", "Since", "Until", "Retake from", "Reasons"):
            table.add_column(col)
        for code, t in data["tests"].items():
            if t["status"] == "not_attempted" and not options["all_tests"]:
                continue
            table.add_row(
                code,
                t["status"],
                t["since"] or "",
                t["until"] or t["expired_on"] or "",
                t["retake_from"] or "",
                ", ".join(t["reasons"]),
            )
        console.print(table)
        for code, m in data["masters"].items():
            if m["status"] == "master" or len(m["missing"]) < len(catalog.masters[code].groups):
                detail = f"until {m['until']}" if m["status"] == "master" else "missing " + ", ".join(m["missing"])
                console.print(f"{m['designation']}: {m['status']} ({detail})")
        for action in data["actions"]:
            console.print(f"- {action['text']}")
