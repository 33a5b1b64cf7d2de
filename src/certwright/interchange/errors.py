"""Errors and reports shared by every interchange format.

Every problem names the file, a location inside it (a line number for YAML, CSV and GIFT, an XPath
for QTI) and, when known, the item::

    A5.yaml:123: item A5-007: key 'E' is not one of A-D
    pkg.zip!items/A5-001.xml:/qti-assessment-item/qti-item-body[1]: item A5-001: no choice interaction
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from certwright.core.items import Exhibit, Item


class InterchangeError(Exception):
    """One problem in an interchange file. ``location`` is a line number or an XPath (or None)."""

    def __init__(self, file: str, location: int | str | None, item_id: str | None, message: str) -> None:
        self.file = file
        self.location = location
        self.item_id = item_id
        self.message = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.file if self.location is None else f"{self.file}:{self.location}"
        if self.item_id:
            return f"{where}: item {self.item_id}: {self.message}"
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"InterchangeError({self.__str__()!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, InterchangeError):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[str, str, str, str]:
        return (self.file, str(self.location), str(self.item_id), self.message)


class InvalidFile(InterchangeError):  # noqa: N818 - reads as "raise InvalidFile(errors)"
    """A whole file was rejected; ``errors`` lists every problem found (at least one)."""

    def __init__(self, errors: Iterable[InterchangeError]) -> None:
        self.errors = tuple(errors)
        if not self.errors:
            raise ValueError("InvalidFile needs at least one error")
        first = self.errors[0]
        super().__init__(first.file, first.location, first.item_id, first.message)

    def __str__(self) -> str:
        return "\n".join(InterchangeError.__str__(err) for err in self.errors)


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A question the format holds but Certwright cannot: reported, never silently dropped."""

    file: str
    location: int | str | None
    title: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.location is None else f"{self.file}:{self.location}"
        name = f" {self.title!r}" if self.title else ""
        return f"{where}: unsupported question{name}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import produced. All or nothing: when ``rejected`` is not empty, ``items`` is.

    ``rejected`` holds the errors (each names file, location and item), ``unsupported`` the
    questions of a kind Certwright does not hold, ``warnings`` what was read but deserves a look.
    ``files`` maps exhibit file paths (relative to the bank folder) to their bytes when the source
    carried them (a QTI content package).
    """

    source: str
    items: tuple[Item, ...] = ()
    exhibits: tuple[Exhibit, ...] = ()
    rejected: tuple[InterchangeError, ...] = ()
    unsupported: tuple[Unsupported, ...] = ()
    warnings: tuple[InterchangeError, ...] = ()
    files: Mapping[str, bytes] = field(default_factory=dict, compare=False, hash=False)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def lines(self) -> list[str]:
        """Every rejection, unsupported question and warning as one text line each."""
        out = [str(err) for err in self.rejected]
        out += [str(unsup) for unsup in self.unsupported]
        out += [f"warning: {warn}" for warn in self.warnings]
        return out


def report(
    source: str,
    items: Iterable[Item],
    *,
    exhibits: Iterable[Exhibit] = (),
    rejected: Iterable[InterchangeError] = (),
    unsupported: Iterable[Unsupported] = (),
    warnings: Iterable[InterchangeError] = (),
    files: Mapping[str, bytes] | None = None,
) -> ImportReport:
    """Build a report, applying the all-or-nothing rule."""
    errors = tuple(rejected)
    return ImportReport(
        source=source,
        items=() if errors else tuple(items),
        exhibits=() if errors else tuple(exhibits),
        rejected=errors,
        unsupported=tuple(unsupported),
        warnings=tuple(warnings),
        files={} if errors or files is None else dict(files),
    )


__all__ = [
    "ImportReport",
    "InterchangeError",
    "InvalidFile",
    "Unsupported",
    "report",
]
