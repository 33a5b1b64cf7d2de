"""The item model: enums, option lookup, fixed technician A/B texts, files and banks."""

from __future__ import annotations

import dataclasses

import pytest

from certwright.core.items import (
    LETTERS,
    TECHNICIAN_AB_OPTIONS,
    Difficulty,
    Exhibit,
    ExhibitKind,
    Item,
    ItemBank,
    ItemFile,
    ItemStatus,
    ItemStyle,
    ItemUse,
    Option,
    technician_ab_options,
)


def make_item(item_id: str = "A5-001", **changes: object) -> Item:
    item = Item(
        id=item_id,
        test="A5",
        area="A",
        style=ItemStyle.DIRECT,
        use=ItemUse.OPERATIONAL,
        difficulty=Difficulty.MEDIUM,
        language="en",
        stem="Which part meters brake fluid to the rear wheels?",
        options=tuple(
            Option(letter=letter, text=f"Part {letter}", rationale=None if letter == "B" else "No.")
            for letter in LETTERS
        ),
        key="B",
        rationale="The proportioning valve does.",
    )
    return dataclasses.replace(item, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("enum", "values"),
    [
        (ItemStyle, ["direct", "technician_ab", "except", "most_likely", "least_likely"]),
        (ItemUse, ["operational", "practice"]),
        (ItemStatus, ["draft", "in_review", "approved", "pretest", "operational", "retired"]),
        (ExhibitKind, ["svg", "png", "table", "reference"]),
        (Difficulty, ["easy", "medium", "hard"]),
    ],
)
def test_enum_values_are_the_format_words(enum: type, values: list[str]) -> None:
    assert [member.value for member in enum] == values
    assert all(enum(value) == value for value in values)


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ("A only", "B only", "Both A and B", "Neither A nor B")),
        ("es", ("Solo A", "Solo B", "Tanto A como B", "Ni A ni B")),
        ("fr", ("A only", "B only", "Both A and B", "Neither A nor B")),
    ],
)
def test_technician_ab_texts(language: str, texts: tuple[str, ...]) -> None:
    assert technician_ab_options(language) == texts
    assert set(TECHNICIAN_AB_OPTIONS) == {"en", "es"}


@pytest.mark.parametrize("letter", LETTERS)
def test_option_by_letter(letter: str) -> None:
    assert make_item().option(letter).text == f"Part {letter}"


def test_unknown_letter_raises_key_error() -> None:
    with pytest.raises(KeyError):
        make_item().option("E")


def test_key_option_and_distractors() -> None:
    item = make_item()
    assert item.key_option.letter == "B"
    assert [opt.letter for opt in item.distractors] == ["A", "C", "D"]


def test_items_are_frozen_and_slotted() -> None:
    item = make_item()
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.key = "C"  # type: ignore[misc]
    assert not hasattr(item, "__dict__")


def test_item_defaults() -> None:
    item = make_item()
    assert (item.task, item.exhibit, item.author, item.translation_of, item.status) == (None,) * 5
    assert (item.references, item.enemies, item.translation_reviewed) == ((), (), False)


def test_item_file_lookups_and_lines_do_not_count_for_equality() -> None:
    exhibit = Exhibit(id="A5-X01", kind=ExhibitKind.PNG, title="T", alt="Alt", file="exhibits/x.png")
    loaded = ItemFile(test="A5", exhibits=(exhibit,), items=(make_item(),), source="A5.yaml",
                      item_lines=(12,), exhibit_lines=(4,))  # fmt: skip
    built = ItemFile(test="A5", exhibits=(exhibit,), items=(make_item(),))
    assert loaded == built
    assert loaded.exhibit("A5-X01") is exhibit
    assert loaded.exhibit("A5-X99") is None
    assert (loaded.item_line(0), loaded.item_line(1), built.item_line(0)) == (12, None, None)
    assert loaded.exhibit_line(0) == 4


def test_bank_iterates_every_file() -> None:
    first = ItemFile(test="A5", items=(make_item("A5-001"), make_item("A5-002")))
    second = ItemFile(test="A6", items=(make_item("A6-001", test="A6"),))
    bank = ItemBank(files=(first, second))
    assert [item.id for item in bank.items()] == ["A5-001", "A5-002", "A6-001"]
    found = bank.item("A6-001")
    assert found is not None
    assert found.test == "A6"
    assert bank.item("nope") is None
    assert list(bank.exhibits()) == []
