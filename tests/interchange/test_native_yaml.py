"""The native YAML loader (every error names file, line and item) and the diff-friendly dumper."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from certwright.core.items import ExhibitKind, ItemStatus, ItemStyle
from certwright.interchange.errors import InterchangeError, InvalidFile
from certwright.interchange.native_yaml import (
    dump_item_file,
    load_bank,
    load_item_file,
    parse_item_file,
    read_item_file,
)

FIXTURES = Path(__file__).parent / "fixtures" / "bank"

BASE = """\
test: A5
items:
  - id: A5-001
    use: operational
    area: A
    style: direct
    difficulty: medium
    language: en
    stem: Which part builds pressure?
    options:
      A: Caliper
      B: Master cylinder
      C: Hose
      D: Rotor
    key: B
    rationale: It does.
"""
# line numbers in BASE: 3 id, 4 use, 5 area, 6 style, 7 difficulty, 8 language, 9 stem,
# 10 options, 11-14 A-D, 15 key, 16 rationale


def variant(replace: dict[str, str] | None = None, append: str = "", drop: str = "") -> str:
    text = BASE
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    if drop:
        assert drop in text
        text = text.replace(drop, "")
    return text + append


def errors_of(text: str, source: str = "A5.yaml") -> tuple[InterchangeError, ...]:
    with pytest.raises(InvalidFile) as caught:
        parse_item_file(text, source)
    assert isinstance(caught.value, InterchangeError)
    return caught.value.errors


def test_base_variant_is_valid() -> None:
    loaded = parse_item_file(BASE, "A5.yaml")
    assert [item.id for item in loaded.items] == ["A5-001"]
    assert loaded.item_lines == (3,)


ITEM_ERRORS = [
    ({"key: B": "key: E"}, "", "", 15, "key 'E' is not one of A-D"),
    ({"use: operational": "use: scored"}, "", "", 4, "use 'scored' is not one of operational, practice"),
    ({"style: direct": "style: trick"}, "", "", 6, "style 'trick' is not one of direct, technician_ab"),
    ({"difficulty: medium": "difficulty: extreme"}, "", "", 7, "difficulty 'extreme' is not one of easy"),
    ({"language: en": "language: fr"}, "", "", 8, "language 'fr' is not one of en, es"),
    ({"id: A5-001": "id: A6-001"}, "", "", 3, "id 'A6-001' is not A5-<NNN> (Spanish A5-<NNN>-es)"),
    ({"id: A5-001": "id: A5-001-es"}, "", "", 3, "Spanish items, and only they, end in -es"),
    ({"stem: Which part builds pressure?": 'stem: ""'}, "", "", 9, "stem is empty"),
    ({"stem: Which part builds pressure?": 'stem: "a\\x01b"'}, "", "", 9, "control character U+0001"),
    ({"stem: Which part builds pressure?": "stem: [a, b]"}, "", "", 9, "stem must be text"),
    ({}, "", "    stem: Which part builds pressure?\n", 3, "stem is missing"),
    ({}, "", "      D: Rotor\n", 10, "options: D missing; exactly A-D are needed"),
    ({"      D: Rotor\n": "      D: Rotor\n      E: Pad\n"}, "", "", 10, "options: 'E' is not one of A-D"),
    ({"      D: Rotor\n": "      D: ~\n"}, "", "", 14, "options D must be text"),
    ({"      D: Rotor\n": "      D: Rotor\n      D: Pad\n"}, "", "", 15, "options: D appears twice"),
    ({"      A: Caliper\n      B: Master cylinder\n      C: Hose\n      D: Rotor\n":
      "      - Caliper\n"}, "", "", 10, "options must be a mapping of letters to texts"),
    ({}, "    stme: typo\n", "", 17, "unknown field 'stme'"),
    ({}, "    key: C\n", "", 17, "field 'key' appears twice"),
    ({}, "    translation_reviewed: maybe\n", "", 17, "translation_reviewed must be true or false"),
    ({}, "    references: Service manual\n", "", 17, "references must be a list of texts"),
    ({}, "    enemies: [A5 002]\n", "", 17, "enemies: 'A5 002' is not a letter"),
    ({}, "    enemies: [[A5-002]]\n", "", 17, "enemies: every entry must be text"),
    ({}, "    distractors:\n      B: The key.\n", "", 17, "distractors: B is the key"),
    ({}, "    distractors:\n      F: Nope.\n", "", 17, "distractors: 'F' is not one of A-D"),
    ({}, "    status: published\n", "", 17, "status 'published' is not one of draft, in_review"),
    ({}, "    task: [a]\n", "", 17, "task must be text"),
]  # fmt: skip


@pytest.mark.parametrize(("replace", "append", "drop", "line", "message"), ITEM_ERRORS)
def test_item_errors_name_file_line_and_item(
    replace: dict[str, str], append: str, drop: str, line: int, message: str
) -> None:
    text = variant(replace, append, drop)
    errors = errors_of(text)
    shown = [str(err) for err in errors]
    found = re.search(r"^  - id: (\S+)$", text, re.MULTILINE)
    assert found
    expected = f"A5.yaml:{line}: item {found.group(1)}: "
    assert any(text.startswith(expected) and message in text for text in shown), shown
    assert len(errors) == 1, shown
    assert all(err.file == "A5.yaml" for err in errors)


EXHIBIT = """\
exhibits:
  - id: A5-X01
    kind: table
    title: Data
    alt: Two readings.
    columns: [Name, Value]
    rows:
      - [ECT, "92 °C"]
"""
# exhibit lines once inserted after "test: A5": 3 id, 4 kind, 5 title, 6 alt, 7 columns, 8 rows

EXHIBIT_ERRORS = [
    ({"kind: table": "kind: gif"}, 4, "exhibit A5-X01: kind 'gif' is not one of svg, png, table, reference"),
    ({"id: A5-X01": "id: A5-E01"}, 3, "exhibit A5-E01: id 'A5-E01' is not A5-X<NN>"),
    ({"    alt: Two readings.\n": ""}, 3, "exhibit A5-X01: alt is missing"),
    ({'      - [ECT, "92 °C"]': "      - [ECT]"}, 8, "row 1 has 1 cells for 2 columns"),
    ({"    columns: [Name, Value]\n": ""}, 3, "a table exhibit needs at least one column"),
    ({"    columns: [Name, Value]\n": "    file: exhibits/x.svg\n    columns: [Name, Value]\n"}, 7,
     "a table exhibit has columns and rows, not a file"),
    ({"kind: table": "kind: svg"}, 3, "file is missing; a svg exhibit needs one"),
    ({"kind: table\n": "kind: svg\n    file: ../x.svg\n"}, 5, "must stay inside the bank folder"),
    ({"kind: table\n": "kind: png\n    file: exhibits/x.svg\n"}, 5, "a png exhibit needs a .png file"),
    ({"kind: table\n": "kind: reference\n    file: /etc/passwd.md\n"}, 5, "must be a relative path"),
    ({'      - [ECT, "92 °C"]': "      - ECT"}, 9, "rows: every row must be a list of cells"),
]  # fmt: skip


@pytest.mark.parametrize(("replace", "line", "message"), EXHIBIT_ERRORS)
def test_exhibit_errors_name_file_line_and_exhibit(replace: dict[str, str], line: int, message: str) -> None:
    exhibits = EXHIBIT
    for old, new in replace.items():
        assert old in exhibits
        exhibits = exhibits.replace(old, new)
    text = BASE.replace("test: A5\n", "test: A5\n" + exhibits)
    shown = [str(err) for err in errors_of(text)]
    assert any(s.startswith(f"A5.yaml:{line}: exhibit ") and message in s for s in shown), shown


FILE_ERRORS = [
    ("", 1, "the file is empty"),
    ("test: A5\n", 1, "items is missing"),
    ("items: []\n", 1, "test is missing"),
    ("test: a5\nitems: []\n", 1, "test 'a5' is not a catalog test code"),
    ("test: A5\nitems: []\ncolour: red\n", 3, "unknown field 'colour'"),
    ("test: A5\nitems: {a: 1}\n", 2, "items must be a list"),
    ("test: A5\nitems:\n  - just text\n", 3, "expected a mapping of field: value"),
    ("- a list\n", 1, "expected a mapping of field: value"),
    ("test: A5\nitems: [\n", 3, "YAML: "),
    ("test: A5\n---\ntest: A6\n", 2, "YAML: "),
    ("test: A5\nitems:\n  - id: A5-001\n   use: x\n", 4, "YAML: "),
    ("test: A5\nitems: []\n? [a]\n: b\n", 3, "field names must be plain text"),
]


@pytest.mark.parametrize(("text", "line", "message"), FILE_ERRORS)
def test_file_errors_name_file_and_line(text: str, line: int, message: str) -> None:
    shown = [str(err) for err in errors_of(text, "bank/A5.yaml")]
    assert any(s.startswith(f"bank/A5.yaml:{line}: ") and message in s for s in shown), shown


def test_every_error_is_collected_not_just_the_first() -> None:
    text = variant({"key: B": "key: E", "use: operational": "use: scored"}, "    stme: typo\n")
    errors = errors_of(text)
    assert sorted(err.location for err in errors if isinstance(err.location, int)) == [4, 15, 17]
    assert str(InvalidFile(errors)).count("\n") == 2


def test_two_bad_items_each_named() -> None:
    second = BASE.split("items:\n", 1)[1].replace("A5-001", "A5-002").replace("key: B", "key: Z")
    text = variant({"key: B": "key: Q"}) + second
    shown = [str(err) for err in errors_of(text)]
    assert shown == [
        "A5.yaml:15: item A5-001: key 'Q' is not one of A-D",
        "A5.yaml:29: item A5-002: key 'Z' is not one of A-D",
    ]


def test_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "A5.yaml"
    path.write_bytes(b"test: A5\nitems: []\n\xff\xfe")
    with pytest.raises(InvalidFile, match=r"A5.yaml: not UTF-8"):
        load_item_file(path)
    assert read_item_file(path).rejected


def test_fixture_bank_loads_with_lines() -> None:
    loaded = load_item_file(FIXTURES / "A5.yaml")
    assert loaded.source.endswith("A5.yaml")
    assert [item.id for item in loaded.items][:2] == ["A5-001", "A5-001-es"]
    assert loaded.item_lines[0] == 34
    assert loaded.exhibit_lines == (6, 13, 22, 27)
    assert {ex.kind for ex in loaded.exhibits} == set(ExhibitKind)
    first = loaded.items[0]
    assert (first.status, first.enemies, first.references) == (
        ItemStatus.APPROVED,
        ("A5-002",),
        ("Certwright starter bank",),
    )
    assert loaded.items[2].style is ItemStyle.TECHNICIAN_AB
    assert loaded.items[2].stem.count("\n") == 3
    assert loaded.items[1].translation_reviewed is True
    assert loaded.items[0].option("A").rationale is not None
    assert loaded.items[0].key_option.rationale is None


def test_plain_scalars_that_look_like_other_types_stay_text() -> None:
    changes = {"      A: Caliper": "      A: yes", "      C: Hose": "      C: 12", "      D: Rotor": "      D: 1e3"}
    text = variant(changes)
    item = parse_item_file(text, "A5.yaml").items[0]
    assert [opt.text for opt in item.options] == ["yes", "Master cylinder", "12", "1e3"]
    dumped = dump_item_file(parse_item_file(text, "A5.yaml"))
    assert "A: 'yes'" in dumped
    assert "C: '12'" in dumped
    assert parse_item_file(dumped, "A5.yaml").items == (item,)


def test_a_null_option_is_not_text() -> None:
    errors = errors_of(variant({"      D: Rotor": "      D: null"}))
    assert [str(err) for err in errors] == ["A5.yaml:14: item A5-001: options D must be text"]


def test_dump_layout_is_diff_friendly() -> None:
    loaded = load_item_file(FIXTURES / "A5.yaml")
    text = dump_item_file(loaded)
    assert text.startswith("test: A5\n\nexhibits:\n  - id: A5-X01\n    kind: svg\n")
    assert "\n\n  - id: A5-001-es\n    use: operational\n    area: A\n" in text
    assert "    stem: >-\n      A vehicle has a low brake pedal" in text
    assert "    stem: |-\n      Both brake lamps are inoperative." in text
    assert "    references: [Certwright starter bank]\n" in text
    assert "    columns: [Parameter, Value]\n" in text
    keys = [line.split(":")[0].strip() for line in text.split("  - id: A5-001\n")[1].splitlines()[:12]]
    assert keys == ["use", "area", "task", "style", "difficulty", "language", "stem",
                    "A vehicle has a low brake pedal that rises when pumped. Which of these is the MOST likely cause?",
                    "options", "A", "B", "C"]  # fmt: skip


def test_load_dump_load_is_identity_and_dump_is_stable() -> None:
    loaded = load_item_file(FIXTURES / "A5.yaml")
    text = dump_item_file(loaded)
    again = parse_item_file(text, "again.yaml")
    assert again == loaded
    assert dump_item_file(again) == text


def test_load_bank_reads_every_file_and_collects_errors(tmp_path: Path) -> None:
    bank = load_bank(FIXTURES)
    assert [f.test for f in bank.files] == ["A5"]
    assert bank.item("A5-003") is not None
    (tmp_path / "A5.yaml").write_text(variant({"key: B": "key: E"}), encoding="utf-8")
    (tmp_path / "A6.yml").write_text("test: A6\nitems: [1]\n", encoding="utf-8")
    with pytest.raises(InvalidFile) as caught:
        load_bank(tmp_path)
    assert [Path(err.file).name for err in caught.value.errors] == ["A5.yaml", "A6.yml"]


def test_read_item_file_report(tmp_path: Path) -> None:
    good = read_item_file(FIXTURES / "A5.yaml")
    assert good.ok
    assert len(good.items) == 6
    assert len(good.exhibits) == 4
    bad_path = tmp_path / "A5.yaml"
    bad_path.write_text(variant({"key: B": "key: E"}), encoding="utf-8")
    bad = read_item_file(bad_path)
    assert (bad.ok, bad.items, bad.exhibits) == (False, (), ())
    assert bad.lines() == [f"{bad_path}:15: item A5-001: key 'E' is not one of A-D"]
