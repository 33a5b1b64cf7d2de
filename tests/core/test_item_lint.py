"""lint_bank: every finding code, its rendering with file and line, counts, shares and speed."""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from certwright.core.item_lint import (
    Finding,
    LintReport,
    Severity,
    TestRequirement,
    lint_bank,
    near_duplicates,
    svg_problems,
)
from certwright.core.items import (
    LETTERS,
    Difficulty,
    Exhibit,
    ExhibitKind,
    Item,
    ItemFile,
    ItemStatus,
    ItemStyle,
    ItemUse,
    Option,
)

AB_EN = ("A only", "B only", "Both A and B", "Neither A nor B")
AB_ES = ("Solo A", "Solo B", "Tanto A como B", "Ni A ni B")
REQUIREMENTS = {"A5": TestRequirement(areas={"A": 2, "B": None})}
TABLE = Exhibit(id="A5-X01", kind=ExhibitKind.TABLE, title="Data", alt="Two readings.",
                columns=("Name", "Value"), rows=(("ECT", "92 °C"),))  # fmt: skip


def options(*texts: str, key: str = "B") -> tuple[Option, ...]:
    return tuple(
        Option(letter=letter, text=text, rationale=None if letter == key else f"Not {text}.")
        for letter, text in zip(LETTERS, texts, strict=True)
    )


def item(item_id: str, stem: str, **changes: object) -> Item:
    base = Item(
        id=item_id,
        test="A5",
        area="A",
        style=ItemStyle.DIRECT,
        use=ItemUse.OPERATIONAL,
        difficulty=Difficulty.MEDIUM,
        language="en",
        stem=stem,
        options=options("Caliper", "Master cylinder", "Hose", "Rotor"),
        key="B",
        rationale="The master cylinder builds the pressure.",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def good_items() -> list[Item]:
    return [
        item("A5-001", "Which part builds hydraulic pressure when the pedal is applied?"),
        item("A5-002", "A pedal sinks slowly. Technician A says a bypassing master cylinder could cause "
             "it. Technician B says a leaking caliper could. Who is correct?",
             style=ItemStyle.TECHNICIAN_AB, options=options(*AB_EN, key="C"), key="C",
             exhibit="A5-X01"),
        item("A5-003", "All of these parts hold brake fluid EXCEPT:", style=ItemStyle.EXCEPT,
             options=options("Caliper", "Pad", "Hose", "Reservoir"), use=ItemUse.PRACTICE),
        item("A5-004", "A vehicle pulls when braking. Which of these is the MOST likely cause?",
             style=ItemStyle.MOST_LIKELY, area="B", enemies=("A5-001",)),
        item("A5-001-es", "¿Qué pieza genera la presión hidráulica al pisar el pedal?", language="es",
             translation_of="A5-001", options=options("Pinza", "Bomba de freno", "Manguera", "Disco")),
    ]  # fmt: skip


def bank(items: list[Item], exhibits: tuple[Exhibit, ...] = (TABLE,)) -> list[ItemFile]:
    lines = tuple(10 * (n + 1) for n in range(len(items)))
    return [ItemFile(test="A5", exhibits=exhibits, items=tuple(items), source="A5.yaml",
                     item_lines=lines, exhibit_lines=(3,) * len(exhibits))]  # fmt: skip


def lint(items: list[Item], **kwargs: object) -> LintReport:
    exhibits = kwargs.pop("exhibits", (TABLE,))
    requirements = kwargs.pop("requirements", REQUIREMENTS)
    return lint_bank(bank(items, exhibits), requirements, None, **kwargs)  # type: ignore[arg-type]


def replace(index: int, **changes: object) -> Callable[[list[Item]], list[Item]]:
    def mutate(items: list[Item]) -> list[Item]:
        items[index] = dataclasses.replace(items[index], **changes)  # type: ignore[arg-type]
        return items

    return mutate


def test_the_baseline_bank_is_clean() -> None:
    report = lint(good_items())
    assert report.findings == ()
    assert report.ok
    assert report.counts["A5"]["operational"] == 3


ITEM_CASES = [
    ("options-shape", 0, {"options": options("a", "b", "c", "d")[:3]}),
    ("options-not-distinct", 0, {"options": options("Hose", "hose ", "Rotor", "Pad")}),
    ("key-invalid", 0, {"key": "E"}),
    ("rationale-missing", 0, {"rationale": None}),
    ("rationale-missing", 0, {"rationale": "   "}),
    ("distractor-rationale-missing", 0, {"options": (Option(letter="A", text="Caliper"),
                                                     *options("x", "Master", "Hose", "Rotor")[1:])}),
    ("technician-ab-options", 1, {"options": options("A only", "B only", "Both", "Neither", key="C")}),
    ("technician-ab-options", 1, {"options": options(*AB_ES, key="C")}),
    ("style-keyword", 2, {"stem": "All of these parts hold brake fluid except:"}),
    ("style-keyword", 3, {"stem": "Which of these is the most likely cause?"}),
    ("style-keyword", 3, {"style": ItemStyle.LEAST_LIKELY}),
    ("style-keyword", 4, {"style": ItemStyle.EXCEPT, "stem": "¿Cuál no es una pieza?"}),
    ("style-keyword", 4, {"style": ItemStyle.MOST_LIKELY, "stem": "¿Cuál es la causa MAS probable?"}),
    ("style-keyword", 4, {"style": ItemStyle.LEAST_LIKELY, "stem": "¿Cuál es la causa menos probable?"}),
    ("all-none-of-the-above", 0, {"options": options("Caliper", "Master", "Hose", "All of the above")}),
    ("all-none-of-the-above", 0, {"options": options("Caliper", "Master", "None of the above.", "x")}),
    ("all-none-of-the-above", 4, {"options": options("Pinza", "Bomba", "Ninguna de las anteriores", "x")}),
    ("all-none-of-the-above", 4, {"options": options("Pinza", "Bomba", "Todas las anteriores", "x")}),
    ("area-invalid", 0, {"area": "Z"}),
    ("unknown-test", 0, {"test": "A9"}),
    ("exhibit-missing", 0, {"exhibit": "A5-X99"}),
    ("enemy-missing", 3, {"enemies": ("A5-404",)}),
    ("enemy-self", 3, {"enemies": ("A5-004",)}),
    ("translation-missing", 4, {"translation_of": "A5-404"}),
    ("translation-language", 4, {"language": "en", "stem": "Which part builds pressure at the pedal?"}),
    ("translation-mismatch", 4, {"key": "C"}),
    ("translation-mismatch", 4, {"area": "B"}),
    ("translation-mismatch", 4, {"style": ItemStyle.MOST_LIKELY, "stem": "¿Cuál es MÁS probable?"}),
    ("duplicate-id", 3, {"id": "A5-001", "enemies": ()}),
]  # fmt: skip


@pytest.mark.parametrize(("code", "index", "changes"), ITEM_CASES)
def test_each_item_rule_reports_its_code_file_line_and_item(code: str, index: int, changes: dict) -> None:
    items = replace(index, **changes)(good_items())
    report = lint(items)
    found = [f for f in report.findings if f.code == code]
    assert found, report.lines()
    finding = found[0]
    assert finding.severity is Severity.ERROR
    assert not report.ok
    assert finding.item_id == items[index].id
    assert finding.file == "A5.yaml"
    assert finding.line == 10 * (index + 1)
    assert str(finding).startswith(f"A5.yaml:{finding.line}: {code} {items[index].id}: ")


def test_options_differing_only_in_symbols_are_distinct() -> None:
    texts = options("MC+ and MC-", "PC and MC-", "PC and MC+", "MC- only")
    assert lint(replace(0, options=texts)(good_items())).ok


@pytest.mark.parametrize(
    "stem",
    ["Which part is NOT a hydraulic part?", "All of these parts hold brake fluid EXCEPT:"],
)
def test_except_accepts_except_or_not(stem: str) -> None:
    assert lint(replace(2, stem=stem)(good_items())).ok


@pytest.mark.parametrize(
    ("style", "stem"),
    [
        (ItemStyle.EXCEPT, "Todas estas piezas contienen líquido EXCEPTO:"),
        (ItemStyle.EXCEPT, "¿Cuál NO contiene líquido?"),
        (ItemStyle.MOST_LIKELY, "¿Cuál es la causa MÁS probable?"),
        (ItemStyle.LEAST_LIKELY, "¿Cuál es la causa MENOS probable?"),
    ],
)
def test_spanish_keywords(style: ItemStyle, stem: str) -> None:
    items = good_items()
    items[4] = dataclasses.replace(items[4], style=style, stem=stem, translation_of=None)
    assert lint(items).ok, lint(items).lines()


def test_exhibit_without_alt_is_reported_on_item_and_exhibit() -> None:
    blank = dataclasses.replace(TABLE, alt=" ")
    report = lint(good_items(), exhibits=(blank,))
    assert [(f.code, f.item_id, f.line) for f in report.findings] == [
        ("exhibit-alt-missing", "A5-002", 20),
        ("exhibit-alt-missing", "A5-X01", 3),
    ]


def test_unused_exhibit_and_duplicate_exhibit_id() -> None:
    spare = dataclasses.replace(TABLE, id="A5-X02")
    report = lint(good_items(), exhibits=(TABLE, spare, TABLE))
    assert {(f.code, f.severity) for f in report.findings} == {
        ("exhibit-unused", Severity.WARNING),
        ("duplicate-exhibit-id", Severity.ERROR),
    }


def test_near_duplicate_stems_are_warnings_naming_both_items() -> None:
    items = good_items()
    items.append(item("A5-005", "Which part builds the hydraulic pressure when the pedal is applied?"))
    report = lint(items)
    assert [str(f) for f in report.findings] == ["A5.yaml:60: near-duplicate A5-005: stem is 97% similar to A5-001"]
    assert report.ok
    assert lint(items, near_duplicate_threshold=0.99).findings == ()


def test_near_duplicates_scale_to_a_thousand_items() -> None:
    rng = random.Random(7)
    common = ["the", "a", "which", "of", "these", "is", "most", "likely", "cause", "technician", "says"]
    rare = [f"term{n}" for n in range(2500)]  # a bank's vocabulary runs to thousands of words
    stems = [" ".join(rng.choices(common, k=6) + rng.choices(rare, k=rng.randint(8, 25))) for _ in range(1000)]
    words = stems[5].split()
    words[len(words) // 2] = "changed"
    stems[999] = " ".join(words)
    start = time.perf_counter()
    pairs = near_duplicates(stems, 0.85)
    assert time.perf_counter() - start < 5
    assert (5, 999) in [(a, b) for a, b, _ in pairs]


def test_lint_of_a_thousand_item_bank_runs_in_seconds() -> None:
    items = [
        item(f"A5-{n:03d}", f"Case {n}: a pedal sinks while code C{n * 37 % 9973:04d} is stored. Why?")
        for n in range(1000)
    ]
    start = time.perf_counter()
    report = lint(items, requirements={"A5": TestRequirement(areas={"A": None})})
    assert time.perf_counter() - start < 10
    assert "duplicate-id" not in report.codes()
    clones = [f for f in report.findings if f.code == "near-duplicate"]
    assert len(clones) == 999  # a family of clones: each reported once, against A5-000
    assert all(f.message.endswith("similar to A5-000") for f in clones)


def requirement(**changes: object) -> dict[str, TestRequirement]:
    return {"A5": dataclasses.replace(REQUIREMENTS["A5"], **changes)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        ({"full_form": True}, "area-count", "area A: 2 operational items, 4 needed"),
        ({"full_form": True, "scored": 1}, "operational-count", "3 operational items, 16 needed"),
        ({"min_practice": 2}, "practice-count", "1 practice items, 2 needed"),
        ({"min_spanish": 2}, "spanish-count", "1 Spanish items, 2 needed"),
    ],
)
def test_blueprint_counts(changes: dict, code: str, message: str) -> None:
    report = lint(good_items(), requirements=requirement(**changes))
    assert [(f.code, f.item_id, f.message) for f in report.findings if f.code == code] == [(code, "A5", message)]


def test_full_form_passes_with_enough_operational_items() -> None:
    items = good_items() + [item(f"A5-1{n:02d}", f"Extra question number {n} about the hydraulic booster?")
                            for n in range(2)]  # fmt: skip
    report = lint(items, requirements=requirement(full_form=True))
    assert report.ok, report.lines()
    assert not lint(items, requirements=requirement(full_form=True, scored=0)).ok


def test_retired_items_do_not_count() -> None:
    items = replace(2, status=ItemStatus.RETIRED)(good_items())
    report = lint(items, requirements=requirement(min_practice=1))
    assert "practice-count" in report.codes()


@pytest.mark.parametrize(
    ("index", "changes", "code"),
    [
        (1, {"style": ItemStyle.DIRECT, "options": options("a", "b", "c", "d", key="C"),
             "stem": "Which part leaks?"}, "technician-ab-share"),
        (1, {"exhibit": None}, "exhibit-share"),
    ],
)  # fmt: skip
def test_bank_shares(index: int, changes: dict, code: str) -> None:
    report = lint(replace(index, **changes)(good_items()), exhibits=())
    share = [f for f in report.findings if f.code == code]
    assert share, report.lines()
    assert share[0].item_id is None
    assert str(share[0]).startswith(f"<bank>: {code}: ")


def test_finding_rendering_without_line_or_item() -> None:
    finding = Finding(Severity.ERROR, "exhibit-share", None, "bank", None, "too few")
    assert str(finding) == "bank: exhibit-share: too few"


# --- exhibit files --------------------------------------------------------------------------------

SVG_OK = b'<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs>' \
         b'<rect fill="url(#g)" width="1" height="1"/><use href="#g"/></svg>'  # fmt: skip


@pytest.mark.parametrize(
    ("svg", "code", "fragment"),
    [
        (b"<svg", "exhibit-svg-invalid", "does not parse"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
         "exhibit-svg-unsafe", "<script>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "exhibit-svg-unsafe", "onload"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
         b'<image x:href="http://evil.test/a.png"/></svg>', "exhibit-svg-unsafe", "external resource"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><a href="https://evil.test">x</a></svg>',
         "exhibit-svg-unsafe", "external"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "exhibit-svg-unsafe", "foreignobject"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "x.css";</style></svg>',
         "exhibit-svg-unsafe", "<style>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://e.test/p)"/></svg>',
         "exhibit-svg-unsafe", "style"),
        (b'<!DOCTYPE svg [<!ENTITY e "x">]><svg xmlns="http://www.w3.org/2000/svg"/>',
         "exhibit-svg-unsafe", "DOCTYPE"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "exhibit-svg-unsafe", "not svg"),
    ],
)  # fmt: skip
def test_svg_problems(svg: bytes, code: str, fragment: str) -> None:
    problems = svg_problems(svg)
    assert problems
    assert problems[0][0] == code
    assert any(fragment in message for _, message in problems), problems


def test_safe_svg_has_no_problems() -> None:
    assert svg_problems(SVG_OK) == []


@pytest.mark.parametrize(
    ("kind", "file", "content", "code"),
    [
        (ExhibitKind.SVG, "exhibits/a.svg", None, "exhibit-file-missing"),
        (ExhibitKind.SVG, "../outside.svg", SVG_OK, "exhibit-file-outside"),
        (ExhibitKind.PNG, "exhibits/a.png", b"GIF89a", "exhibit-file-invalid"),
        (ExhibitKind.SVG, "exhibits/a.svg", b"<svg><script/></svg>", "exhibit-svg-unsafe"),
        (ExhibitKind.REFERENCE, "exhibits/a.md", None, "exhibit-file-missing"),
    ],
)
def test_exhibit_files(tmp_path: Path, kind: ExhibitKind, file: str, content: bytes | None, code: str) -> None:
    bank_dir = tmp_path / "bank"
    (bank_dir / "exhibits").mkdir(parents=True)
    if content is not None:
        (bank_dir / file).write_bytes(content)
    exhibit = Exhibit(id="A5-X01", kind=kind, title="Picture", alt="A picture.", file=file)
    report = lint_bank(bank([*good_items()], (exhibit,)), REQUIREMENTS, bank_dir)
    assert [(f.code, f.item_id, f.line) for f in report.findings] == [(code, "A5-X01", 3)]


def test_good_exhibit_files_pass(tmp_path: Path) -> None:
    (tmp_path / "exhibits").mkdir()
    (tmp_path / "exhibits/a.svg").write_bytes(SVG_OK)
    (tmp_path / "exhibits/b.png").write_bytes(b"\x89PNG\r\n\x1a\n rest")
    exhibits = (
        Exhibit(id="A5-X01", kind=ExhibitKind.SVG, title="S", alt="An SVG.", file="exhibits/a.svg"),
        Exhibit(id="A5-X02", kind=ExhibitKind.PNG, title="P", alt="A PNG.", file="exhibits/b.png"),
    )
    items = replace(3, exhibit="A5-X02")(good_items())
    assert lint_bank(bank(items, exhibits), REQUIREMENTS, tmp_path).findings == ()
