"""load_items dispatches by extension; export_items writes each format."""

from __future__ import annotations

from pathlib import Path

import pytest

from certwright.interchange import (
    ExportFormat,
    ImportDefaults,
    ImportResult,
    InterchangeError,
    export_items,
    load_items,
)
from certwright.interchange.native_yaml import load_item_file

FIXTURES = Path(__file__).parent / "fixtures" / "bank"
SAMPLES = Path(__file__).parents[1] / "vectors"


def test_yaml_loads_with_exhibits() -> None:
    result = load_items(FIXTURES / "A5.yaml")
    assert isinstance(result, ImportResult)
    assert (len(result.items), len(result.exhibits), result.ok) == (6, 4, True)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_then_load_each_format(tmp_path: Path, fmt: ExportFormat) -> None:
    loaded = load_item_file(FIXTURES / "A5.yaml")
    suffix = {"yaml": ".yaml", "qti": ".zip", "gift": ".gift", "csv": ".csv"}[fmt]
    dest = tmp_path / f"out{suffix}"
    export_items(loaded.items, loaded.exhibits, fmt, dest, bank_dir=FIXTURES)
    result = load_items(dest)
    assert result.ok, result.lines()
    assert [item.id for item in result.items] == [item.id for item in loaded.items]
    assert [item.stem for item in result.items] == [item.stem for item in loaded.items]


@pytest.mark.parametrize(
    ("path", "count", "unsupported"),
    [
        (SAMPLES / "qti/items/qti3/firstexample.xml", 1, 0),
        (SAMPLES / "qti/items/qti21/choice_multiple.xml", 0, 1),
        (SAMPLES / "gift/moodle/examples.txt", 1, 42),
        (SAMPLES / "gift/gift-pegjs/mc5.gift", 1, 3),
    ],
)
def test_foreign_files_dispatch_by_extension(path: Path, count: int, unsupported: int) -> None:
    result = load_items(path, ImportDefaults(test="A5", area="A"))
    assert result.ok, result.lines()
    assert (len(result.items), len(result.unsupported)) == (count, unsupported)


def test_unknown_extension_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "items.docx"
    path.write_bytes(b"x")
    result = load_items(path)
    assert not result.ok
    expected = f"{path}: unknown file type '.docx': use .yaml, .yml, .xml, .zip, .gift, .txt or .csv"
    assert str(result.rejected[0]) == expected


def test_unknown_export_format_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InterchangeError, match="unknown export format 'pdf'"):
        export_items((), (), "pdf", tmp_path / "x.pdf")


def test_yaml_export_groups_by_test(tmp_path: Path) -> None:
    loaded = load_item_file(FIXTURES / "A5.yaml")
    other = [item.__class__(**{**{f: getattr(item, f) for f in item.__dataclass_fields__},
                               "test": "A6", "id": item.id.replace("A5", "A6"), "exhibit": None,
                               "enemies": (), "translation_of": None})
             for item in loaded.items[:2]]  # fmt: skip
    items = [*loaded.items, *other]
    with pytest.raises(InterchangeError, match=r"items of several tests \(A5, A6\); give a folder"):
        export_items(items, loaded.exhibits, "yaml", tmp_path / "one.yaml")
    export_items(items, loaded.exhibits, ExportFormat.YAML, tmp_path / "bank")
    assert sorted(p.name for p in (tmp_path / "bank").iterdir()) == ["A5.yaml", "A6.yaml"]
    assert load_item_file(tmp_path / "bank" / "A5.yaml") == loaded
    assert len(load_item_file(tmp_path / "bank" / "A6.yaml").items) == 2
