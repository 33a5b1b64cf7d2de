"""Field rules shared by the Certwright formats (native YAML and CSV) and the foreign importers.

A format first turns its raw data into plain values by field kind (text, flag, list, letter map),
reporting shape problems where it knows the location; :func:`build_item` and
:func:`build_exhibit` then check the values against ``docs/bank/format.md`` and report every
problem through ``problem(field, message)``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import TypeVar

from certwright.core.items import (
    EXHIBIT_EXTENSIONS,
    LANGUAGES,
    LETTERS,
    Difficulty,
    Exhibit,
    ExhibitKind,
    Item,
    ItemStatus,
    ItemStyle,
    ItemUse,
    Option,
)

Problem = Callable[[str, str], None]
Value = str | bool | tuple[str, ...] | tuple[tuple[str, ...], ...] | dict[str, str] | None
E = TypeVar("E", bound=StrEnum)


class Kind(Enum):
    TEXT = "text"
    FLAG = "flag"
    LIST = "list"
    LETTERS = "letters"
    ROWS = "rows"


ITEM_FIELDS: Mapping[str, Kind] = {
    "id": Kind.TEXT,
    "use": Kind.TEXT,
    "area": Kind.TEXT,
    "task": Kind.TEXT,
    "style": Kind.TEXT,
    "difficulty": Kind.TEXT,
    "language": Kind.TEXT,
    "translation_of": Kind.TEXT,
    "translation_reviewed": Kind.FLAG,
    "exhibit": Kind.TEXT,
    "stem": Kind.TEXT,
    "options": Kind.LETTERS,
    "key": Kind.TEXT,
    "rationale": Kind.TEXT,
    "distractors": Kind.LETTERS,
    "references": Kind.LIST,
    "enemies": Kind.LIST,
    "author": Kind.TEXT,
    "status": Kind.TEXT,
}

EXHIBIT_FIELDS: Mapping[str, Kind] = {
    "id": Kind.TEXT,
    "kind": Kind.TEXT,
    "title": Kind.TEXT,
    "file": Kind.TEXT,
    "alt": Kind.TEXT,
    "columns": Kind.LIST,
    "rows": Kind.ROWS,
}


@dataclass(frozen=True, slots=True)
class IdRule:
    """A pattern an identifier must match, with the words used to explain it."""

    pattern: re.Pattern[str]
    description: str

    def match(self, value: str) -> bool:
        return bool(self.pattern.match(value)) and bool(SAFE_ID.match(value))


SAFE_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,99}$")
ANY_ID = IdRule(SAFE_ID, "a letter, then letters, digits, '.', '_' or '-'")
TEST_CODE = IdRule(re.compile(r"^[A-Z][A-Z0-9]{0,9}$"), "a catalog test code such as A5")
AREA_CODE = IdRule(re.compile(r"^[A-Za-z0-9]{1,10}$"), "a content-area code such as A")
# Characters XML 1.0 cannot carry, so no item text may hold them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why this text is not acceptable, or None."""
    if not value.strip():
        return "is empty"
    bad = _FORBIDDEN.search(value)
    if bad:
        return f"contains the control character U+{ord(bad.group()):04X}"
    return None


def bank_item_id(test: str) -> IdRule:
    """The id convention of the bank: ``<TEST>-<NNN>``, Spanish ``<TEST>-<NNN>-es``."""
    pattern = re.compile(rf"^{re.escape(test)}-\d{{3}}(-es)?$")
    return IdRule(pattern, f"{test}-<NNN> (Spanish {test}-<NNN>-es)")


def bank_exhibit_id(test: str) -> IdRule:
    """``<TEST>-X<NN>`` for exhibits, ``<TEST>-R<NN>`` for reference booklets (like L1's)."""
    return IdRule(re.compile(rf"^{re.escape(test)}-[XR]\d{{2,3}}$"), f"{test}-X<NN> (reference booklets {test}-R<NN>)")


class _Checker:
    """Reads typed values out of ``values`` and reports problems; ``failed`` once any is found."""

    def __init__(self, values: Mapping[str, Value], problem: Problem) -> None:
        self.values = values
        self._problem = problem
        self.failed = False

    def report(self, name: str, message: str) -> None:
        self.failed = True
        self._problem(name, message)

    def text(self, name: str, *, required: bool = False) -> str | None:
        value = self.values.get(name)
        if value is None:
            if required:
                self.report(name, f"{name} is missing")
            return None
        if not isinstance(value, str):
            self.report(name, f"{name} must be text")
            return None
        why = text_problem(value)
        if why:
            self.report(name, f"{name} {why}")
            return None
        return value

    def ident(self, name: str, rule: IdRule, *, required: bool = False) -> str:
        value = self.text(name, required=required)
        if value is None:
            return ""
        if not rule.match(value):
            self.report(name, f"{name} {value!r} is not {rule.description}")
        return value

    def choice(self, name: str, enum: type[E], *, required: bool = True) -> E | None:
        value = self.text(name, required=required)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            self.report(name, f"{name} {value!r} is not one of {allowed}")
            return None

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.report(name, f"{name} must be true or false")
            return False
        return value

    def texts(self, name: str, rule: IdRule | None = None) -> tuple[str, ...]:
        value = self.values.get(name)
        if value is None:
            return ()
        if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
            self.report(name, f"{name} must be a list of texts")
            return ()
        entries = tuple(str(v) for v in value)
        for entry in entries:
            why = text_problem(entry)
            if why:
                self.report(name, f"{name}: an entry {why}")
            elif rule and not rule.match(entry):
                self.report(name, f"{name}: {entry!r} is not {rule.description}")
        return entries

    def letters(self, name: str) -> dict[str, str]:
        value = self.values.get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.report(name, f"{name} must map letters A-D to text")
            return {}
        out: dict[str, str] = {}
        for letter, text in value.items():
            if letter not in LETTERS:
                self.report(name, f"{name}: {letter!r} is not one of A-D")
                continue
            why = text_problem(text)
            if why:
                self.report(name, f"{name} {letter} {why}")
                continue
            out[letter] = text
        return out


def build_item(
    values: Mapping[str, Value],
    *,
    test: str,
    problem: Problem,
    id_rule: IdRule = ANY_ID,
    bank: bool = False,
) -> Item | None:
    """Check ``values`` (by ITEM_FIELDS names) and build the item, or report and return None.

    ``bank`` applies the bank's id convention (``id_rule``) and its ``-es`` suffix rule.
    """
    check = _Checker(values, problem)
    item_id = check.ident("id", id_rule, required=True)
    area = check.ident("area", AREA_CODE, required=True)
    style = check.choice("style", ItemStyle)
    use = check.choice("use", ItemUse)
    difficulty = check.choice("difficulty", Difficulty)
    status = check.choice("status", ItemStatus, required=False)
    language = check.text("language", required=True)
    if language is not None and language not in LANGUAGES:
        check.report("language", f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    elif bank and language and item_id and item_id.endswith("-es") != (language == "es"):
        check.report("id", f"id {item_id!r}: Spanish items, and only they, end in -es")
    stem = check.text("stem", required=True)
    options, key = _answers(check)
    rationale, task, exhibit, author, translation_of = (
        check.text(name) for name in ("rationale", "task", "exhibit", "author", "translation_of")
    )
    references = check.texts("references")
    enemies = check.texts("enemies", ANY_ID)
    reviewed = check.flag("translation_reviewed")
    if check.failed or style is None or use is None or difficulty is None:
        return None
    return Item(
        id=item_id,
        test=test,
        area=area,
        style=style,
        use=use,
        difficulty=difficulty,
        language=language or "",
        stem=stem or "",
        options=options,
        key=key,
        status=status,
        rationale=rationale,
        task=task,
        exhibit=exhibit,
        references=references,
        enemies=enemies,
        author=author,
        translation_of=translation_of,
        translation_reviewed=reviewed,
    )


def _answers(check: _Checker) -> tuple[tuple[Option, ...], str]:
    """The four options (with the distractor explanations) and the key."""
    texts = _options(check)
    key = check.text("key", required=True)
    if key is not None and key not in LETTERS:
        check.report("key", f"key {key!r} is not one of A-D")
    distractors = check.letters("distractors")
    if key in distractors:
        check.report("distractors", f"distractors: {key} is the key; explain it in rationale")
    if check.failed:
        return (), key or ""
    options = tuple(Option(letter=letter, text=texts[letter], rationale=distractors.get(letter)) for letter in LETTERS)
    return options, key or ""


def _options(check: _Checker) -> dict[str, str]:
    if check.values.get("options") is None:
        check.report("options", "options is missing")
        return {}
    options = check.letters("options")
    missing = [letter for letter in LETTERS if letter not in options]
    if missing and not check.failed:
        check.report("options", f"options: {', '.join(missing)} missing; exactly A-D are needed")
    return options


def build_exhibit(
    values: Mapping[str, Value],
    *,
    problem: Problem,
    id_rule: IdRule = ANY_ID,
) -> Exhibit | None:
    """Check ``values`` (by EXHIBIT_FIELDS names) and build the exhibit, or report and return None."""
    check = _Checker(values, problem)
    exhibit_id = check.ident("id", id_rule, required=True)
    kind = check.choice("kind", ExhibitKind)
    title = check.text("title", required=True)
    alt = check.text("alt", required=True)
    file = check.text("file")
    columns = check.texts("columns")
    rows = _rows(check)
    if kind is ExhibitKind.TABLE:
        _check_table(check, file, columns, rows)
    elif kind is not None:
        _check_file(check, kind, file, columns, rows)
    if check.failed or kind is None:
        return None
    return Exhibit(
        id=exhibit_id,
        kind=kind,
        title=title or "",
        alt=alt or "",
        file=file,
        columns=columns,
        rows=rows,
    )


def _rows(check: _Checker) -> tuple[tuple[str, ...], ...]:
    value = check.values.get("rows")
    if value is None:
        return ()
    if not isinstance(value, tuple) or not all(isinstance(row, tuple) for row in value):
        check.report("rows", "rows must be a list of lists")
        return ()
    return tuple(tuple(str(cell) for cell in row) for row in value if isinstance(row, tuple))


def _check_table(
    check: _Checker, file: str | None, columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]
) -> None:
    if file is not None:
        check.report("file", "file: a table exhibit has columns and rows, not a file")
    if not columns:
        check.report("columns", "columns: a table exhibit needs at least one column")
    if not rows:
        check.report("rows", "rows: a table exhibit needs at least one row")
    for number, row in enumerate(rows, start=1):
        if columns and len(row) != len(columns):
            check.report("rows", f"rows: row {number} has {len(row)} cells for {len(columns)} columns")


def _check_file(
    check: _Checker,
    kind: ExhibitKind,
    file: str | None,
    columns: tuple[str, ...],
    rows: tuple[tuple[str, ...], ...],
) -> None:
    if columns or rows:
        check.report("columns", f"columns/rows: only a table exhibit has them, not {kind}")
    if file is None:
        check.report("file", f"file is missing; a {kind} exhibit needs one")
        return
    why = path_problem(file)
    if why:
        check.report("file", f"file {file!r} {why}")
    elif not file.lower().endswith(EXHIBIT_EXTENSIONS[kind]):
        check.report("file", f"file {file!r}: a {kind} exhibit needs a {EXHIBIT_EXTENSIONS[kind]} file")


def path_problem(path: str) -> str | None:
    """Why a relative file path from a bank or package is unsafe, or None."""
    if "\\" in path or path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return "must be a relative path with / separators"
    if ".." in path.split("/") or posixpath.normpath(path).startswith(".."):
        return "must stay inside the bank folder"
    return None
