"""YAML -> QTI -> YAML, YAML -> CSV -> YAML and YAML -> GIFT -> YAML lose nothing the target can
carry: checked field by field over the fixture bank and every file of the real starter bank."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from certwright.core.items import Item, ItemFile
from certwright.interchange import bank_files
from certwright.interchange.csv_format import export_csv, parse_csv
from certwright.interchange.defaults import ImportDefaults
from certwright.interchange.gift import export_gift, parse_gift_items
from certwright.interchange.native_yaml import dump_item_file, load_item_file, parse_item_file
from certwright.interchange.qti import read_qti_package, write_qti_package

FIXTURES = Path(__file__).parent / "fixtures" / "bank"
BANK = Path(__file__).parents[2] / "src" / "certwright" / "bank"
SOURCES = [FIXTURES / "A5.yaml", *sorted(BANK.glob("*.yaml"))]
ALL_FIELDS = tuple(f.name for f in dataclasses.fields(Item))
# GIFT carries the item content and, in Moodle's own [id:] and [tag:] comment syntax, the ids and
# codes; it has no place for free-text task, references or author.
GIFT_FIELDS = tuple(name for name in ALL_FIELDS if name not in ("task", "references", "author"))


def ids(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.name}"


def back_to_yaml(original: ItemFile, items: tuple[Item, ...]) -> ItemFile:
    """Write imported items as a bank file again (with the original exhibits) and read it back."""
    rebuilt = ItemFile(test=original.test, exhibits=original.exhibits, items=items)
    return parse_item_file(dump_item_file(rebuilt), "rebuilt.yaml")


def assert_same(original: tuple[Item, ...], copied: tuple[Item, ...], fields: tuple[str, ...]) -> None:
    assert [item.id for item in copied] == [item.id for item in original]
    for before, after in zip(original, copied, strict=True):
        for name in fields:
            assert getattr(after, name) == getattr(before, name), f"{before.id}.{name}"


@pytest.mark.parametrize("source", SOURCES, ids=ids)
def test_yaml_dump_and_load(source: Path) -> None:
    loaded = load_item_file(source)
    assert parse_item_file(dump_item_file(loaded), "again.yaml") == loaded


@pytest.mark.parametrize("source", SOURCES, ids=ids)
def test_yaml_qti_yaml(source: Path, tmp_path: Path) -> None:
    loaded = load_item_file(source)
    package = tmp_path / "package.zip"
    write_qti_package(loaded.items, loaded.exhibits, package, bank_dir=source.parent)
    report = read_qti_package(package)
    assert report.ok, report.lines()[:5]
    assert report.unsupported == ()
    (rebuilt_file,) = bank_files(report.items, tuple(report.exhibits))
    again = back_to_yaml(loaded, rebuilt_file.items)
    assert_same(loaded.items, again.items, ALL_FIELDS)
    used = {item.exhibit for item in loaded.items}
    assert {ex.id: ex for ex in report.exhibits} == {ex.id: ex for ex in loaded.exhibits if ex.id in used}
    for exhibit in report.exhibits:
        if exhibit.file is not None:
            assert report.files[exhibit.file] == (source.parent / exhibit.file).read_bytes()


@pytest.mark.parametrize("source", SOURCES, ids=ids)
def test_yaml_csv_yaml(source: Path) -> None:
    loaded = load_item_file(source)
    report = parse_csv(export_csv(loaded.items), "items.csv")
    assert report.ok, report.lines()[:5]
    again = back_to_yaml(loaded, report.items)
    assert_same(loaded.items, again.items, ALL_FIELDS)
    assert again == loaded


@pytest.mark.parametrize("source", SOURCES, ids=ids)
def test_yaml_gift_yaml(source: Path) -> None:
    loaded = load_item_file(source)
    report = parse_gift_items(export_gift(loaded.items), "items.gift", ImportDefaults())
    assert report.ok, report.lines()[:5]
    assert report.unsupported == ()
    assert report.warnings == ()
    again = back_to_yaml(loaded, report.items)
    assert_same(loaded.items, again.items, GIFT_FIELDS)
    for item in again.items:
        assert (item.task, item.references, item.author) == (None, (), None)


def test_the_fixture_bank_exercises_every_carried_field() -> None:
    items = load_item_file(FIXTURES / "A5.yaml").items
    for name in ALL_FIELDS:
        if name == "test":  # one file holds one test
            continue
        values = {repr(getattr(item, name)) for item in items}
        assert len(values) > 1, f"every fixture item has the same {name}"
