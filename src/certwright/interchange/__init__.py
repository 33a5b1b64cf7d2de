"""Item interchange: native YAML, QTI 3.0 (and 2.1 import), Moodle GIFT, CSV.

Pure code: the only file access is through the paths given. Two entry points::

    load_items(path, defaults=None) -> ImportResult          # by extension
    export_items(items, exhibits, fmt, dest, bank_dir=None)  # fmt: yaml | qti | gift | csv

Imports are all or nothing: a file with any error gives its errors and no items; questions of a
kind Certwright cannot hold are listed as unsupported, never dropped silently. See
``docs/interchange.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path

from certwright.core.items import Exhibit, Item, ItemFile
from certwright.interchange.csv_format import read_csv, write_csv
from certwright.interchange.defaults import ImportDefaults
from certwright.interchange.errors import (
    ImportReport,
    InterchangeError,
    InvalidFile,
    Unsupported,
)
from certwright.interchange.gift import read_gift, write_gift
from certwright.interchange.native_yaml import read_item_file, write_item_file
from certwright.interchange.qti import read_qti_file, read_qti_package, write_qti_package

ImportResult = ImportReport


class ExportFormat(StrEnum):
    YAML = "yaml"
    QTI = "qti"
    GIFT = "gift"
    CSV = "csv"


def load_items(path: Path, defaults: ImportDefaults | None = None) -> ImportResult:
    """Import a file by its extension: .yaml/.yml, .xml, .zip, .gift/.txt, .csv.

    ``defaults`` supplies what GIFT and foreign QTI cannot say (test, area, ...).
    """
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_item_file(path)
    if suffix == ".xml":
        return read_qti_file(path, defaults)
    if suffix == ".zip":
        return read_qti_package(path, defaults)
    if suffix in (".gift", ".txt"):
        return read_gift(path, defaults)
    if suffix == ".csv":
        return read_csv(path)
    message = f"unknown file type {suffix!r}: use .yaml, .yml, .xml, .zip, .gift, .txt or .csv"
    return ImportReport(source=str(path), rejected=(InterchangeError(str(path), None, None, message),))


def export_items(
    items: Sequence[Item],
    exhibits: Iterable[Exhibit],
    fmt: ExportFormat | str,
    dest: Path,
    *,
    bank_dir: Path | None = None,
) -> None:
    """Write ``items`` in ``fmt`` to ``dest``.

    yaml: ``dest`` is a ``.yaml`` file (items of one test) or a folder (one ``<TEST>.yaml`` per
    test); qti: a content package ``.zip`` (``bank_dir`` locates exhibit files); gift, csv: a file.
    Raises InterchangeError (an unknown format, a missing exhibit or exhibit file).
    """
    try:
        chosen = ExportFormat(fmt)
    except ValueError:
        raise InterchangeError(str(dest), None, None, f"unknown export format {fmt!r}") from None
    exhibit_list = list(exhibits)
    if chosen is ExportFormat.YAML:
        _export_yaml(items, exhibit_list, dest)
    elif chosen is ExportFormat.QTI:
        write_qti_package(items, exhibit_list, dest, bank_dir=bank_dir)
    elif chosen is ExportFormat.GIFT:
        write_gift(items, dest)
    else:
        write_csv(items, dest)


def bank_files(items: Sequence[Item], exhibits: Sequence[Exhibit]) -> list[ItemFile]:
    """Group items into one ItemFile per test (in first-seen order) with their exhibits."""
    tests = list(dict.fromkeys(item.test for item in items))
    files = []
    for test in tests:
        mine = tuple(item for item in items if item.test == test)
        used = {item.exhibit for item in mine}
        own = tuple(ex for ex in exhibits if ex.id in used or ex.id.startswith(f"{test}-"))
        files.append(ItemFile(test=test, exhibits=own, items=mine))
    return files


def _export_yaml(items: Sequence[Item], exhibits: Sequence[Exhibit], dest: Path) -> None:
    files = bank_files(items, exhibits)
    if dest.suffix.lower() in (".yaml", ".yml"):
        if len(files) > 1:
            tests = ", ".join(f.test for f in files)
            raise InterchangeError(str(dest), None, None, f"items of several tests ({tests}); give a folder")
        write_item_file(files[0] if files else ItemFile(test=dest.stem), dest)
        return
    dest.mkdir(parents=True, exist_ok=True)
    for item_file in files:
        write_item_file(item_file, dest / f"{item_file.test}.yaml")


__all__ = [
    "ExportFormat",
    "ImportDefaults",
    "ImportReport",
    "ImportResult",
    "InterchangeError",
    "InvalidFile",
    "Unsupported",
    "bank_files",
    "export_items",
    "load_items",
]
