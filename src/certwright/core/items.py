"""The item model: four-option, single-key multiple-choice items and their exhibits.

Pure data. The native YAML format (``docs/bank/format.md``) is the source of truth; the loaders in
``certwright.interchange`` build these objects and check every field, and
``certwright.core.item_lint`` checks the rules that span items (keys, styles, translations,
duplicates, blueprint counts). The classes here therefore hold whatever they are given and
validate nothing themselves, so a linter can report on a malformed item instead of never seeing it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

LETTERS: tuple[str, ...] = ("A", "B", "C", "D")
LANGUAGES: tuple[str, ...] = ("en", "es")


class ItemStyle(StrEnum):
    DIRECT = "direct"
    TECHNICIAN_AB = "technician_ab"
    EXCEPT = "except"
    MOST_LIKELY = "most_likely"
    LEAST_LIKELY = "least_likely"


class ItemUse(StrEnum):
    OPERATIONAL = "operational"
    PRACTICE = "practice"


class ItemStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PRETEST = "pretest"
    OPERATIONAL = "operational"
    RETIRED = "retired"


class ExhibitKind(StrEnum):
    SVG = "svg"
    PNG = "png"
    TABLE = "table"
    REFERENCE = "reference"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


# The fixed option texts of a technician_ab item, in letter order A-D.
TECHNICIAN_AB_OPTIONS: Mapping[str, tuple[str, str, str, str]] = {
    "en": ("A only", "B only", "Both A and B", "Neither A nor B"),
    "es": ("Solo A", "Solo B", "Tanto A como B", "Ni A ni B"),
}

# The file extension each file-backed exhibit kind must have.
EXHIBIT_EXTENSIONS: Mapping[ExhibitKind, str] = {
    ExhibitKind.SVG: ".svg",
    ExhibitKind.PNG: ".png",
    ExhibitKind.REFERENCE: ".md",
}


def technician_ab_options(language: str) -> tuple[str, str, str, str]:
    """The four fixed option texts of a technician_ab item (English when the language is unknown)."""
    return TECHNICIAN_AB_OPTIONS.get(language, TECHNICIAN_AB_OPTIONS["en"])


@dataclass(frozen=True, slots=True, kw_only=True)
class Exhibit:
    """A picture (svg/png), a table or a reference booklet (Markdown) shown with items.

    ``file`` is relative to the bank folder (svg, png, reference); ``columns``/``rows`` hold a
    table. ``alt`` is the text alternative a screen-reader user needs to answer without the image.
    """

    id: str
    kind: ExhibitKind
    title: str
    alt: str
    file: str | None = None
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    """One answer option. ``rationale`` explains why a distractor is wrong (None for the key)."""

    letter: str
    text: str
    rationale: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """A multiple-choice item: a stem, four options A-D and one key."""

    id: str
    test: str
    area: str
    style: ItemStyle
    use: ItemUse
    difficulty: Difficulty
    language: str
    stem: str
    options: tuple[Option, ...]
    key: str
    rationale: str | None = None
    task: str | None = None
    exhibit: str | None = None
    references: tuple[str, ...] = ()
    enemies: tuple[str, ...] = ()
    author: str | None = None
    translation_of: str | None = None
    translation_reviewed: bool = False
    status: ItemStatus | None = None

    def option(self, letter: str) -> Option:
        """The option with this letter; KeyError when there is none."""
        for opt in self.options:
            if opt.letter == letter:
                return opt
        raise KeyError(letter)

    @property
    def key_option(self) -> Option:
        return self.option(self.key)

    @property
    def distractors(self) -> tuple[Option, ...]:
        return tuple(opt for opt in self.options if opt.letter != self.key)


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemFile:
    """The content of one bank file: a test, its exhibits and its items.

    ``source`` names the file; ``item_lines`` and ``exhibit_lines`` (parallel to ``items`` and
    ``exhibits``) give the line where each starts. The native loader fills them; they are
    informative only and take no part in equality.
    """

    test: str
    exhibits: tuple[Exhibit, ...] = ()
    items: tuple[Item, ...] = ()
    source: str = field(default="", compare=False)
    item_lines: tuple[int, ...] = field(default=(), compare=False)
    exhibit_lines: tuple[int, ...] = field(default=(), compare=False)

    def exhibit(self, exhibit_id: str) -> Exhibit | None:
        return next((ex for ex in self.exhibits if ex.id == exhibit_id), None)

    def item_line(self, index: int) -> int | None:
        """The line of ``items[index]`` when the loader recorded it."""
        return self.item_lines[index] if index < len(self.item_lines) else None

    def exhibit_line(self, index: int) -> int | None:
        return self.exhibit_lines[index] if index < len(self.exhibit_lines) else None


@dataclass(frozen=True, slots=True)
class ItemBank:
    """Every file of a bank, in load order."""

    files: tuple[ItemFile, ...] = ()

    def items(self) -> Iterator[Item]:
        for item_file in self.files:
            yield from item_file.items

    def exhibits(self) -> Iterator[Exhibit]:
        for item_file in self.files:
            yield from item_file.exhibits

    def item(self, item_id: str) -> Item | None:
        return next((it for it in self.items() if it.id == item_id), None)
