"""CSV: fixed header, lists, formula-injection neutralising, errors with file, line and item."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from certwright.interchange.csv_format import (
    CSV_HEADER,
    export_csv,
    join_list,
    neutralise,
    parse_csv,
    read_csv,
    restore,
    split_list,
    write_csv,
)
from certwright.interchange.native_yaml import load_item_file

FIXTURES = Path(__file__).parent / "fixtures" / "bank"


def test_header_is_the_documented_one() -> None:
    assert ",".join(CSV_HEADER) == (
        "id,test,area,task,style,use,difficulty,language,stem,option_a,option_b,option_c,option_d,"
        "key,rationale,rationale_a,rationale_b,rationale_c,rationale_d,exhibit,references,enemies,"
        "author,translation_of,translation_reviewed,status"
    )


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+12 V", "'+12 V"),
        ("-5 V reference", "'-5 V reference"),
        ("@ high speed", "'@ high speed"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("'=already quoted", "''=already quoted"),
        ("''-twice", "'''-twice"),
        ("'hello", "'hello"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_formula_injection_is_neutralised_and_restored(cell: str, written: str) -> None:
    assert neutralise(cell) == written
    assert restore(written) == cell


@pytest.mark.parametrize(
    ("values", "cell"),
    [
        ((), ""),
        (("a",), "a"),
        (("a", "b"), "a|b"),
        (("TSB 21-004 | revision B", "x"), "TSB 21-004 \\| revision B|x"),
        (("back\\slash", "end\\"), "back\\\\slash|end\\\\"),
        (("\\|",), "\\\\\\|"),
    ],
)
def test_lists_join_and_split(values: tuple[str, ...], cell: str) -> None:
    assert join_list(values) == cell
    assert split_list(cell) == values


def test_export_neutralises_cells_and_import_restores_them() -> None:
    items = load_item_file(FIXTURES / "A5.yaml").items
    text = export_csv(items)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    a5_003 = dict(zip(CSV_HEADER, rows[4], strict=True))
    assert a5_003["option_a"] == "'=A damaged tone ring {missing teeth}"
    assert a5_003["option_b"] == "'-5 V reference #2 shorted to ground"
    assert a5_003["option_d"].startswith("'@")
    assert a5_003["references"] == "Service manual, section 5-3|TSB 21-004 \\| revision B"
    assert text.endswith("\r\n")
    report = parse_csv(text, "items.csv")
    assert report.ok, report.lines()
    assert report.items == items


def test_write_and_read_with_bom(tmp_path: Path) -> None:
    items = load_item_file(FIXTURES / "A5.yaml").items
    path = tmp_path / "items.csv"
    write_csv(items, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,test,")
    assert read_csv(path).items == items


def row(**cells: str) -> str:
    base = {
        "id": "A5-001", "test": "A5", "area": "A", "style": "direct", "use": "practice",
        "difficulty": "easy", "language": "en", "stem": "Which part builds pressure?",
        "option_a": "Caliper", "option_b": "Master cylinder", "option_c": "Hose", "option_d": "Rotor",
        "key": "B", "rationale": "It does.", "translation_reviewed": "false",
    }  # fmt: skip
    base.update(cells)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([base.get(name, "") for name in CSV_HEADER])
    return buffer.getvalue()


HEADER = ",".join(CSV_HEADER) + "\r\n"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"key": "E"}, "key 'E' is not one of A-D"),
        ({"style": "trick"}, "style 'trick' is not one of"),
        ({"option_c": ""}, "options: C missing"),
        ({"rationale_b": "Why the key is right"}, "distractors: B is the key"),
        ({"translation_reviewed": "maybe"}, "translation_reviewed must be true or false"),
        ({"id": "X-1"}, "id 'X-1' is not A5-<NNN>"),
        ({"language": "de"}, "language 'de' is not one of en, es"),
        ({"enemies": "A5-002||A5-003"}, "enemies: an entry is empty"),
        ({"stem": "bad\x07bell"}, "stem contains the control character U+0007"),
    ],
)
def test_row_errors_name_file_line_and_item(cells: dict[str, str], message: str) -> None:
    text = HEADER + row(id="A5-001") + row(**{"id": "A5-002", **cells})
    report = parse_csv(text, "items.csv")
    item_id = cells.get("id", "A5-002")
    assert report.items == ()
    assert report.rejected
    assert str(report.rejected[0]).startswith(f"items.csv:3: item {item_id}: {message}")


def test_line_numbers_follow_multi_line_cells() -> None:
    text = HEADER + row(stem="Line one\r\nline two\r\nline three") + row(id="A5-002", key="Z")
    report = parse_csv(text, "items.csv")
    assert [str(err) for err in report.rejected] == ["items.csv:5: item A5-002: key 'Z' is not one of A-D"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "the first row must be the header"),
        ("id,test\r\n", 1, "the first row must be the header"),
        (HEADER + "A5-001,A5\r\n", 2, "item A5-001: 2 cells; the header has 26"),
        (HEADER + row(test="a5"), 2, "item A5-001: test 'a5' is not a catalog test code"),
        (HEADER + 'A5-001,"unterminated\r\n', 2, "CSV: unexpected end of data"),
    ],
)
def test_file_errors(text: str, line: int, message: str) -> None:
    report = parse_csv(text, "items.csv")
    shown = [str(err) for err in report.rejected]
    assert shown
    assert shown[0].startswith(f"items.csv:{line}: {message}"), shown


def test_blank_rows_are_skipped_and_good_rows_import() -> None:
    report = parse_csv(HEADER + row() + "\r\n,,,\r\n" + row(id="A5-002", translation_reviewed=""), "x.csv")
    assert report.ok, report.lines()
    assert [item.id for item in report.items] == ["A5-001", "A5-002"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_bytes(HEADER.encode() + b"\xff\xfe")
    assert str(read_csv(path).rejected[0]).startswith(f"{path}: not UTF-8")
