"""certwright items import FILE... | export --test A5 --format yaml|qti|gift|csv | lint [--test A5]"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress

from certwright.core.bank_requirements import bank_requirements
from certwright.core.catalog import load_catalog
from certwright.core.item_lint import lint_bank
from certwright.core.items import ItemFile, ItemStatus
from certwright.interchange import ExportFormat, ImportDefaults, InterchangeError, export_items, load_items
from certwright.interchange.errors import InvalidFile
from certwright.interchange.native_yaml import load_item_file
from certwright.itembank.selectors import bank_snapshot
from certwright.itembank.services import ItemBankError, bank_import

BANK_DIR = Path(__file__).resolve().parents[3] / "bank"


class Command(BaseCommand):
    help = "Import, export and lint items (see docs/interchange.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import item files (.yaml .xml .zip .gift .txt .csv); all or nothing")
        imp.add_argument("files", nargs="+")
        imp.add_argument("--status", choices=[s.value for s in ItemStatus], help="status for new items")
        imp.add_argument("--test", help="test code for formats that cannot say it (GIFT, foreign QTI)")
        imp.add_argument("--area", help="content area for formats that cannot say it")
        imp.add_argument("--bank-dir", help="folder that exhibit file paths are relative to")
        exp = sub.add_parser("export", help="export the items of a test")
        exp.add_argument("--test", required=True)
        exp.add_argument("--format", choices=[f.value for f in ExportFormat], default="yaml")
        exp.add_argument("--out", help="file or folder to write (default: <TEST>.<ext> here)")
        lint = sub.add_parser("lint", help="check the bank files (the YAML source of truth)")
        lint.add_argument("--test", help="only this test's file")
        lint.add_argument("--bank-dir", default=str(BANK_DIR))

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), width=140)
        action = options["action"]
        if action == "lint":
            self._lint(console, Path(options["bank_dir"]), options.get("test"))
        elif action == "import":
            self._import(console, options)
        else:
            self._export(console, options)

    def _lint(self, console: Console, bank_dir: Path, test: str | None) -> None:
        paths = sorted(bank_dir.glob(f"{test}.yaml" if test else "*.yaml"))
        if not paths:
            raise CommandError(f"no bank files in {bank_dir}" + (f" for {test}" if test else ""), returncode=2)
        files: list[ItemFile] = []
        problems: list[str] = []
        for path in paths:
            try:
                files.append(load_item_file(path))
            except InvalidFile as exc:
                problems += [InterchangeError.__str__(e) for e in exc.errors]
        if problems:
            raise CommandError("\n".join(problems), returncode=2)
        report = lint_bank(files, bank_requirements(load_catalog(), only=test), bank_dir)
        for line in report.lines():
            console.print(line, markup=False, highlight=False)
        total = sum(len(f.items) for f in files)
        console.print(
            f"{len(paths)} files, {total} items: {len(report.errors)} errors, {len(report.warnings)} warnings",
            markup=False,
        )
        if not report.ok:
            raise CommandError("the bank has errors (see above)", returncode=1)

    def _import(self, console: Console, options: dict[str, Any]) -> None:
        defaults = ImportDefaults(test=options.get("test"), area=options.get("area"))
        reports = []
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Reading", total=len(options["files"]))
            for name in options["files"]:
                reports.append(load_items(Path(name), defaults))
                progress.advance(task)
        errors = [line for r in reports for line in map(str, r.rejected)]
        unsupported = [line for r in reports for line in map(str, r.unsupported)]
        for line in unsupported:
            console.print(f"rejected, a question type Certwright does not deliver: {line}", markup=False)
        if errors:
            for line in errors:
                console.print(line, markup=False, highlight=False)
            raise CommandError(f"nothing imported: {len(errors)} problems (see above)", returncode=2)
        bank_dir = Path(options["bank_dir"]) if options.get("bank_dir") else Path(options["files"][0]).parent
        status = ItemStatus(options["status"]) if options.get("status") else None
        try:
            outcome = bank_import(
                items=[i for r in reports for i in r.items],
                exhibits=[e for r in reports for e in r.exhibits],
                exhibit_files={k: v for r in reports for k, v in r.files.items()},
                bank_dir=bank_dir,
                status=status,
            )
        except ItemBankError as exc:
            raise CommandError(f"nothing imported: {exc}", returncode=2) from None
        console.print(
            f"{len(outcome.created)} imported, {len(outcome.updated)} updated (new versions where needed), "
            f"{len(outcome.unchanged)} unchanged, {len(unsupported)} rejected as unsupported; "
            f"{outcome.exhibits} exhibits",
            markup=False,
        )

    def _export(self, console: Console, options: dict[str, Any]) -> None:
        fmt = ExportFormat(options["format"])
        test = options["test"].upper()
        items, exhibits = bank_snapshot(test=test)
        if not items:
            raise CommandError(f"no items for test {test!r}", returncode=2)
        ext = {"yaml": "yaml", "qti": "zip", "gift": "gift", "csv": "csv"}[fmt.value]
        dest = Path(options["out"] or f"{test}.{ext}")
        try:
            export_items(items, exhibits, fmt, dest, bank_dir=BANK_DIR)
        except InterchangeError as exc:
            raise CommandError(str(exc), returncode=2) from None
        console.print(f"wrote {len(items)} items of {test} to {dest}", markup=False)
