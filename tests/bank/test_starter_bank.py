"""The starter bank meets every item rule and the counts the programme needs (issue #3, section 4)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from certwright.core.bank_requirements import FULL_FORM_TESTS, PRACTICE_TESTS, bank_requirements
from certwright.core.catalog import load_catalog
from certwright.core.item_lint import lint_bank
from certwright.core.items import ItemBank, ItemStyle, ItemUse
from certwright.interchange.native_yaml import load_bank

BANK_DIR = Path(__file__).resolve().parents[2] / "src" / "certwright" / "bank"


@pytest.fixture(scope="module")
def bank() -> ItemBank:
    return load_bank(BANK_DIR)


def test_the_bank_lints_clean(bank: ItemBank) -> None:
    report = lint_bank(bank.files, bank_requirements(load_catalog()), BANK_DIR)
    assert report.ok, "\n".join(report.lines())


def test_every_required_test_has_a_file(bank: ItemBank) -> None:
    present = {f.test for f in bank.files}
    assert present >= FULL_FORM_TESTS | PRACTICE_TESTS


def test_full_forms_can_be_assembled_for_a1_to_a9_and_g1(bank: ItemBank) -> None:
    catalog = load_catalog()
    for test in sorted(FULL_FORM_TESTS):
        spec = catalog.test(test)
        items = [i for f in bank.files if f.test == test for i in f.items if i.language == "en"]
        operational = [i for i in items if i.use is ItemUse.OPERATIONAL]
        per_area = Counter(i.area for i in operational)
        assert spec.scored is not None
        assert len(operational) >= spec.scored + 15, test
        for area in spec.areas:
            assert area.count is not None
            assert per_area[area.code] >= area.count + 2, (test, area.code)


def test_style_exhibit_and_spanish_shares(bank: ItemBank) -> None:
    english = [i for i in bank.items() if i.language == "en"]
    assert sum(i.style is ItemStyle.TECHNICIAN_AB for i in english) / len(english) >= 0.15
    assert sum(i.exhibit is not None for i in english) / len(english) >= 0.10
    spanish_a5 = [i for i in bank.items() if i.test == "A5" and i.language == "es" and i.translation_reviewed]
    assert len(spanish_a5) >= 30
    by_id = {i.id: i for i in bank.items()}
    for item in spanish_a5:
        source = by_id[item.translation_of or ""]
        assert (item.key, item.area, item.style) == (source.key, source.area, source.style)


def test_every_practice_test_has_fifteen_practice_items(bank: ItemBank) -> None:
    for test in sorted(PRACTICE_TESTS):
        practice = [i for f in bank.files if f.test == test for i in f.items if i.use is ItemUse.PRACTICE]
        assert len(practice) >= 15, test
