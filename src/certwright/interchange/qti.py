"""QTI: export items as QTI 3.0, import QTI 3.0 / 2.1 items and IMS content packages.

Export lives in :mod:`qti_export` (item documents, package), the manifest metadata in
:mod:`qti_manifest`, the reading of one document in :mod:`qti_import`. This module reads files:
a single item document (``.xml``) or a content package (``.zip`` with ``imsmanifest.xml``).
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path

from certwright.core.items import Exhibit, Item
from certwright.interchange._fields import path_problem
from certwright.interchange._qti_common import XmlError, parse_xml
from certwright.interchange.defaults import ImportDefaults
from certwright.interchange.errors import ImportReport, InterchangeError, Unsupported, report
from certwright.interchange.qti_export import item_xml, package_bytes, package_files, write_qti_package
from certwright.interchange.qti_import import QtiItemResult, parse_qti_item
from certwright.interchange.qti_manifest import manifest_items

MAX_PACKAGE_BYTES = 200_000_000
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,  # encrypted entries
    NotImplementedError,  # unknown compression methods
    zlib.error,
)


class _Collected:
    """Items, exhibits and diagnostics gathered from several documents."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Item] = []
        self.exhibits: dict[str, Exhibit] = {}
        self.errors: list[InterchangeError] = []
        self.unsupported: list[Unsupported] = []
        self.warnings: list[InterchangeError] = []
        self.files: dict[str, bytes] = {}

    def add(self, result: QtiItemResult, where: str) -> None:
        self.errors += result.errors
        self.unsupported += result.unsupported
        self.warnings += result.warnings
        if result.item is not None:
            self.items.append(result.item)
        exhibit = result.exhibit
        if exhibit is not None:
            known = self.exhibits.setdefault(exhibit.id, exhibit)
            if known != exhibit:
                message = f"exhibit {exhibit.id} differs from the one of an earlier item"
                item_id = result.item.id if result.item else None
                self.errors.append(InterchangeError(where, None, item_id, message))

    def report(self) -> ImportReport:
        return report(
            self.source,
            self.items,
            exhibits=self.exhibits.values(),
            rejected=self.errors,
            unsupported=self.unsupported,
            warnings=self.warnings,
            files=self.files,
        )


def read_qti_file(path: Path, defaults: ImportDefaults | None = None) -> ImportReport:
    """Import one QTI item document. Exhibit files it points to are not read (a warning)."""
    source = str(path)
    result = parse_qti_item(path.read_bytes(), source, defaults or ImportDefaults())
    collected = _Collected(source)
    collected.add(result, source)
    if result.exhibit is not None and result.exhibit.file is not None:
        message = f"exhibit file {result.exhibit.file} is not in the document; copy it"
        item_id = result.item.id if result.item else None
        collected.warnings.append(InterchangeError(source, None, item_id, message))
    return collected.report()


def read_qti_package(path: Path, defaults: ImportDefaults | None = None) -> ImportReport:
    """Import a content package: every item resource of ``imsmanifest.xml`` and its exhibits."""
    source = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            return _read_package(archive, source, defaults or ImportDefaults())
    except _ZIP_ERRORS as exc:
        return report(source, (), rejected=[InterchangeError(source, None, None, f"not a zip package: {exc}")])


def _read_package(archive: zipfile.ZipFile, source: str, defaults: ImportDefaults) -> ImportReport:
    collected = _Collected(source)
    problem = _check_archive(archive)
    if problem:
        return report(source, (), rejected=[InterchangeError(source, None, None, problem)])
    names = set(archive.namelist())
    if "imsmanifest.xml" not in names:
        return report(source, (), rejected=[InterchangeError(source, None, None, "no imsmanifest.xml")])
    manifest_source = f"{source}!imsmanifest.xml"
    try:
        manifest = parse_xml(archive.read("imsmanifest.xml"))
    except XmlError as exc:
        return report(source, (), rejected=[InterchangeError(manifest_source, exc.line, None, str(exc))])
    for entry in manifest_items(manifest):
        href = posixpath.normpath(entry.href) if entry.href else ""
        if href not in names or path_problem(href):
            message = f"item file {entry.href!r} is not in the package"
            collected.errors.append(InterchangeError(manifest_source, entry.location, None, message))
            continue
        where = f"{source}!{href}"
        result = parse_qti_item(archive.read(href), where, defaults, entry.metadata, posixpath.dirname(href))
        collected.add(result, where)
    _exhibit_files(archive, names, collected)
    return collected.report()


def _check_archive(archive: zipfile.ZipFile) -> str | None:
    total = 0
    for info in archive.infolist():
        why = path_problem(info.filename)
        if why:
            return f"entry {info.filename!r} {why}"
        total += info.file_size
    if total > MAX_PACKAGE_BYTES:
        return f"the package unpacks to more than {MAX_PACKAGE_BYTES} bytes"
    return None


def _exhibit_files(archive: zipfile.ZipFile, names: set[str], collected: _Collected) -> None:
    for exhibit in collected.exhibits.values():
        if exhibit.file is None:
            continue
        if exhibit.file in names:
            collected.files[exhibit.file] = archive.read(exhibit.file)
        else:
            message = f"exhibit {exhibit.id}: file {exhibit.file} is not in the package"
            collected.errors.append(InterchangeError(collected.source, None, None, message))


__all__ = [
    "item_xml",
    "package_bytes",
    "package_files",
    "parse_qti_item",
    "read_qti_file",
    "read_qti_package",
    "write_qti_package",
]
