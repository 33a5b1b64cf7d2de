"""CSV: one item per row under a fixed header, for spreadsheets.

Header (exactly these columns, in this order)::

    id,test,area,task,style,use,difficulty,language,stem,option_a,option_b,option_c,option_d,key,
    rationale,rationale_a,rationale_b,rationale_c,rationale_d,exhibit,references,enemies,author,
    translation_of,translation_reviewed,status

* ``rationale`` explains the key, ``rationale_<letter>`` each distractor (empty for the key);
* ``references`` and ``enemies`` are lists joined with ``|`` (a literal ``|`` is written ``\\|``
  and a literal backslash ``\\\\``); ``translation_reviewed`` is ``true`` or ``false``;
* files are UTF-8 (written with a BOM so spreadsheets detect it), RFC 4180 quoting, CRLF rows.

Formula injection: a spreadsheet runs a cell that starts with ``= + - @``, a tab or a carriage
return. Export prefixes such a cell with an apostrophe, and also a cell that already starts with
apostrophes followed by one of those characters; import removes one leading apostrophe from a
cell that starts with apostrophes followed by one of them, and from no other cell. So
``=SUM(A1)`` is written ``'=SUM(A1)`` and read back as ``=SUM(A1)``, ``'=x`` is written ``''=x``
and read back as ``'=x``, and ``'hello`` stays ``'hello`` both ways.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from certwright.core.items import LETTERS, Item
from certwright.interchange._fields import TEST_CODE, Value, bank_item_id, build_item
from certwright.interchange.errors import ImportReport, InterchangeError, report

CSV_HEADER: tuple[str, ...] = (
    "id", "test", "area", "task", "style", "use", "difficulty", "language", "stem",
    "option_a", "option_b", "option_c", "option_d", "key",
    "rationale", "rationale_a", "rationale_b", "rationale_c", "rationale_d",
    "exhibit", "references", "enemies", "author", "translation_of", "translation_reviewed",
    "status",
)  # fmt: skip
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_ADDED = re.compile(r"^'+[=+\-@\t\r]")
_SPLIT = re.compile(r"(?<!\\)((?:\\\\)*)\|")
_TEXT_COLUMNS = ("id", "area", "task", "style", "use", "difficulty", "language", "stem", "key",
                 "rationale", "exhibit", "author", "translation_of", "status")  # fmt: skip
_FLAGS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def neutralise(cell: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise`: drop the apostrophe only where export added it."""
    return cell[1:] if _ADDED.match(cell) else cell


def join_list(values: Iterable[str]) -> str:
    return "|".join(v.replace("\\", "\\\\").replace("|", "\\|") for v in values)


def split_list(cell: str) -> tuple[str, ...]:
    if not cell:
        return ()
    parts = _SPLIT.sub(lambda m: m.group(1) + "\x00", cell).split("\x00")
    return tuple(re.sub(r"\\(.)", r"\1", part) for part in parts)


def item_row(item: Item) -> list[str]:
    """The cells of one item, in header order, before neutralising."""
    by_letter = {opt.letter: opt for opt in item.options}
    row = {
        "id": item.id, "test": item.test, "area": item.area, "task": item.task or "",
        "style": str(item.style), "use": str(item.use), "difficulty": str(item.difficulty),
        "language": item.language, "stem": item.stem, "key": item.key,
        "rationale": item.rationale or "", "exhibit": item.exhibit or "",
        "references": join_list(item.references), "enemies": join_list(item.enemies),
        "author": item.author or "", "translation_of": item.translation_of or "",
        "translation_reviewed": "true" if item.translation_reviewed else "false",
        "status": str(item.status) if item.status else "",
    }  # fmt: skip
    for letter in LETTERS:
        option = by_letter.get(letter)
        row[f"option_{letter.lower()}"] = option.text if option else ""
        row[f"rationale_{letter.lower()}"] = (option.rationale or "") if option else ""
    return [row[name] for name in CSV_HEADER]


def export_csv(items: Iterable[Item]) -> str:
    """CSV text (header + one row per item), every cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in items:
        writer.writerow([neutralise(cell) for cell in item_row(item)])
    return buffer.getvalue()


def write_csv(items: Iterable[Item], path: Path) -> None:
    path.write_bytes(export_csv(items).encode("utf-8-sig"))


def read_csv(path: Path) -> ImportReport:
    """Import a CSV file written by :func:`write_csv` or a spreadsheet using the same header."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        error = InterchangeError(str(path), None, None, f"not UTF-8: {exc}")
        return report(str(path), (), rejected=[error])
    return parse_csv(text, str(path))


def parse_csv(text: str, source: str) -> ImportReport:
    """Import CSV text; every error names the file, the line where the row starts and the item."""
    errors: list[InterchangeError] = []
    items: list[Item] = []
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or tuple(header) != CSV_HEADER:
            message = "the first row must be the header: " + ",".join(CSV_HEADER)
            return report(source, (), rejected=[InterchangeError(source, 1, None, message)])
        line = reader.line_num + 1
        for row in reader:
            item = _row_item(row, source, line, errors)
            if item is not None:
                items.append(item)
            line = reader.line_num + 1
    except csv.Error as exc:
        errors.append(InterchangeError(source, reader.line_num, None, f"CSV: {exc}"))
    return report(source, items, rejected=errors)


def _row_item(row: list[str], source: str, line: int, errors: list[InterchangeError]) -> Item | None:
    if not any(cell.strip() for cell in row):
        return None
    cells = dict(zip(CSV_HEADER, (restore(cell) for cell in row), strict=False))
    item_id = cells.get("id") or None
    if len(row) != len(CSV_HEADER):
        message = f"{len(row)} cells; the header has {len(CSV_HEADER)}"
        errors.append(InterchangeError(source, line, item_id, message))
        return None

    def problem(_name: str, message: str) -> None:
        errors.append(InterchangeError(source, line, item_id, message))

    test = cells["test"]
    if not TEST_CODE.match(test):
        problem("test", f"test {test!r} is not {TEST_CODE.description}")
        return None
    return build_item(_values(cells), test=test, problem=problem, id_rule=bank_item_id(test), bank=True)


def _values(cells: dict[str, str]) -> dict[str, Value]:
    values: dict[str, Value] = {name: cells[name] or None for name in _TEXT_COLUMNS}
    values["options"] = {
        letter: cells[f"option_{letter.lower()}"] for letter in LETTERS if cells[f"option_{letter.lower()}"]
    }
    values["distractors"] = {
        letter: cells[f"rationale_{letter.lower()}"] for letter in LETTERS if cells[f"rationale_{letter.lower()}"]
    }
    values["references"] = split_list(cells["references"])
    values["enemies"] = split_list(cells["enemies"])
    flag = cells["translation_reviewed"].strip().lower()
    values["translation_reviewed"] = _FLAGS.get(flag, cells["translation_reviewed"]) if flag else None
    return values
