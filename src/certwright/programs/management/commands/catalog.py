"""certwright catalog [CODE] [--file PATH] [--load]: list the tests, show one, or load a policy version."""

from __future__ import annotations

from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from certwright.core.catalog import Catalog, CatalogError, load_catalog
from certwright.programs.services import policy_load


class Command(BaseCommand):
    help = "List the catalog's series and tests, show one test with its blueprint, or load the catalog as a policy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", nargs="?", help="a test code (A5) or series code (A) to show")
        parser.add_argument("--file", help="a catalog YAML file (default: the bundled ASE catalog)")
        parser.add_argument("--load", action="store_true", help="store the catalog as a new policy version")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), width=120)
        try:
            catalog = load_catalog(options["file"])
            if options["load"]:
                policy, created = policy_load(path=options["file"])
                state = "loaded" if created else "already loaded"
                console.print(f"Policy version {policy.version} {state} ({policy.sha256[:12]}).")
                return
        except (CatalogError, OSError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        code = (options["code"] or "").upper()
        if not code:
            self._list(console, catalog)
        elif code in catalog.tests:
            self._show(console, catalog, code)
        elif code in {s.code for s in catalog.series}:
            self._list(console, catalog, only=code)
        else:
            raise CommandError(f"unknown test or series {code!r}; try `certwright catalog`", returncode=2)

    def _list(self, console: Console, catalog: Catalog, only: str = "") -> None:
        console.print(f"[bold]{catalog.name}[/bold] — policy version {catalog.policy_version}")
        for series in catalog.series:
            if only and series.code != only:
                continue
            table = Table(title=f"{series.code} · {series.name}", title_justify="left")
            for col in ("Test", "Name", "Scored", "Languages"):
                table.add_column(col)
            for tc in series.tests:
                t = catalog.tests[tc]
                table.add_row(t.code, t.name, str(t.scored or "—"), ", ".join(t.languages))
            console.print(table)
            if series.master:
                groups = ", ".join(" or ".join(g) for g in series.master.groups)
                console.print(f"  Master: {series.master.designation} = {groups}")

    def _show(self, console: Console, catalog: Catalog, code: str) -> None:
        t = catalog.tests[code]
        fam = catalog.families[t.family]
        console.print(f"[bold]{t.code} {t.name}[/bold] (series {t.series})")
        minutes = f"{t.minutes} min" if t.minutes else "not published"
        console.print(
            f"Scored questions: {t.scored or 'not published'}; unscored: {t.unscored or '—'}; "
            f"time: {minutes}; languages: {', '.join(t.languages)}"
        )
        console.print(
            f"Experience: {fam.required_months} months ({t.family}), training counts up to "
            f"{fam.training_max_months} months"
        )
        if t.recert_scored:
            console.print(f"Recertification test: {t.recert_scored} questions")
        for req in t.register_requires:
            console.print(f"To register: {req.condition} {' or '.join(req.any_of)}")
        if t.areas:
            table = Table(title="Blueprint" if t.has_blueprint else "Content areas", title_justify="left")
            table.add_column("Area")
            table.add_column("Name")
            table.add_column("Questions")
            for a in t.areas:
                table.add_row(a.code, a.name, str(a.count) if a.count is not None else "—")
            console.print(table)
        grade = catalog.grade_of(f"series.{t.series}.tests.{t.code}.blueprint")
        if grade is not None and t.has_blueprint:
            console.print(f"Note: the blueprint is {grade.grade} ({', '.join(grade.sources)}).")
