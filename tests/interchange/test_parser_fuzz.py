"""Hypothesis: any input gives items or InterchangeErrors (never another exception), and random
items survive every format that can carry them."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

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
from certwright.interchange.csv_format import CSV_HEADER, export_csv, parse_csv
from certwright.interchange.defaults import ImportDefaults
from certwright.interchange.errors import ImportReport, InterchangeError, InvalidFile
from certwright.interchange.gift import export_gift, parse_gift_items
from certwright.interchange.gift_parse import php_trim
from certwright.interchange.native_yaml import dump_item_file, parse_item_file
from certwright.interchange.qti import read_qti_package
from certwright.interchange.qti_export import item_xml, package_bytes, package_files
from certwright.interchange.qti_import import parse_qti_item

FIXTURES = Path(__file__).parent / "fixtures" / "bank"
FIXTURE_YAML = (FIXTURES / "A5.yaml").read_text(encoding="utf-8")
DEFAULTS = ImportDefaults(test="A5", area="A")
SPECIAL = [*"{}=~#:\\%[]/$'\"<>&|-+@!*?`,.\n\t\r\x85\u2028\u2029\ufeff", "->", "####", "::", "\\n", "\r\n"]
CHARS = st.one_of(st.characters(exclude_categories=("Cs", "Cc")), st.sampled_from(SPECIAL))
ANY_TEXT = st.lists(st.one_of(st.characters(), st.sampled_from(SPECIAL)), max_size=200).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def text_of(chars: st.SearchStrategy[str] = CHARS) -> st.SearchStrategy[str]:
    forbidden = set("\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff")
    texts = st.lists(chars, min_size=1, max_size=20).map("".join)
    return texts.filter(lambda s: bool(s.strip()) and not forbidden & set(s))


@st.composite
def items(draw: st.DrawFn, text: st.SearchStrategy[str] | None = None, exhibit: str | None = None) -> Item:
    words = text if text is not None else text_of()
    language = draw(st.sampled_from(["en", "es"]))
    number = draw(st.integers(0, 999))
    optional = st.none() | words
    return Item(
        id=f"A5-{number:03d}" + ("-es" if language == "es" else ""),
        test="A5",
        area=draw(st.sampled_from(["A", "B", "C1"])),
        style=draw(st.sampled_from(ItemStyle)),
        use=draw(st.sampled_from(ItemUse)),
        difficulty=draw(st.sampled_from(Difficulty)),
        language=language,
        stem=draw(words),
        options=tuple(
            Option(letter=letter, text=draw(words), rationale=None if letter == "A" else draw(optional))
            for letter in LETTERS
        ),
        key="A",
        rationale=draw(optional),
        task=draw(optional),
        exhibit=exhibit,
        references=tuple(draw(st.lists(words, max_size=3))),
        enemies=tuple(draw(st.lists(st.sampled_from(["A5-001", "A5-002-es", "B2-010"]), max_size=2))),
        author=draw(optional),
        translation_of=draw(st.none() | st.just("A5-100")),
        translation_reviewed=draw(st.booleans()),
        status=draw(st.none() | st.sampled_from(ItemStatus)),
    )


def assert_report(report: ImportReport) -> None:
    assert all(isinstance(err, InterchangeError) for err in report.rejected)
    assert all(isinstance(warn, InterchangeError) for warn in report.warnings)
    if report.rejected:
        assert report.items == ()


# --- any input: items or InterchangeError --------------------------------------------------------


@FAST
@given(ANY_TEXT)
def test_gift_never_raises(text: str) -> None:
    assert_report(parse_gift_items(text, "f.gift", DEFAULTS))


@FAST
@given(st.lists(st.sampled_from(["::T::", "{", "}", "=a", "~b", "#fb", "####g", "%50%", "\n", "\n\n",
                                 "// [id:x] [tag:certwright:style=direct]", "$CATEGORY: certwright/A5/B", " ",
                                 "[html]", "<p>x</p>", "\\", "->", "T", "TRUE", "0"]), max_size=40))  # fmt: skip
def test_gift_like_text_never_raises(parts: list[str]) -> None:
    assert_report(parse_gift_items("".join(parts), "f.gift", DEFAULTS))


@FAST
@given(ANY_TEXT)
def test_csv_never_raises(text: str) -> None:
    assert_report(parse_csv(text, "f.csv"))
    assert_report(parse_csv(",".join(CSV_HEADER) + "\r\n" + text, "f.csv"))


def yaml_outcome(text: str, source: str) -> ItemFile | tuple[InterchangeError, ...]:
    """The loaded file, or the errors of the InvalidFile raised; any other exception escapes."""
    try:
        return parse_item_file(text, source)
    except InvalidFile as exc:
        return exc.errors


def test_yaml_with_a_lone_surrogate_says_where() -> None:
    outcome = yaml_outcome("test: A5\nitems:\n  - stem: x\ud800\n", "f.yaml")
    assert not isinstance(outcome, ItemFile)
    expected = (3, "not valid Unicode: a lone surrogate U+D800 at column 12")
    assert [(e.location, e.message) for e in outcome] == [expected]


@FAST
@example("\ud800")  # found by Hypothesis: the C YAML reader raised UnicodeEncodeError
@given(ANY_TEXT)
def test_yaml_never_raises(text: str) -> None:
    outcome = yaml_outcome(text, "f.yaml")
    if not isinstance(outcome, ItemFile):
        assert outcome
        assert all(isinstance(err, InterchangeError) for err in outcome)


@FAST
@given(st.integers(0, len(FIXTURE_YAML)), st.integers(0, 40), ANY_TEXT)
def test_mutated_bank_file_never_raises(at: int, cut: int, insert: str) -> None:
    outcome = yaml_outcome(FIXTURE_YAML[:at] + insert[:20] + FIXTURE_YAML[at + cut :], "A5.yaml")
    if not isinstance(outcome, ItemFile):
        assert all(isinstance(err, InterchangeError) and err.file == "A5.yaml" for err in outcome)


QTI_DOC = item_xml(parse_item_file(FIXTURE_YAML, "A5.yaml").items[0])


@FAST
@given(st.binary(max_size=400) | ANY_TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_qti_never_raises(data: bytes) -> None:
    result = parse_qti_item(data, "f.xml", DEFAULTS)
    assert all(isinstance(err, InterchangeError) for err in result.errors)


@FAST
@given(st.integers(0, len(QTI_DOC)), st.integers(0, 60), st.binary(max_size=20))
def test_mutated_qti_never_raises(at: int, cut: int, insert: bytes) -> None:
    result = parse_qti_item(QTI_DOC[:at] + insert + QTI_DOC[at + cut :], "f.xml", DEFAULTS)
    assert all(isinstance(err, InterchangeError) for err in result.errors)
    assert result.item is not None or result.errors or result.unsupported


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.integers(0, 2000), st.binary(max_size=8))
def test_packages_never_raise(noise: bytes, at: int, insert: bytes) -> None:
    loaded = parse_item_file(FIXTURE_YAML, "A5.yaml")
    good = package_bytes(package_files(loaded.items, loaded.exhibits, FIXTURES))
    with tempfile.TemporaryDirectory() as folder:
        for data in (noise, good[:at] + insert + good[at + len(insert) :]):
            path = Path(folder) / "p.zip"
            path.write_bytes(data)
            assert_report(read_qti_package(path))


# --- random items survive the formats ------------------------------------------------------------


@ROUND_TRIP
@given(st.lists(items(), min_size=1, max_size=3, unique_by=lambda i: i.id))
def test_yaml_round_trip(generated: list[Item]) -> None:
    item_file = ItemFile(test="A5", items=tuple(generated))
    assert parse_item_file(dump_item_file(item_file), "A5.yaml") == item_file


@ROUND_TRIP
@given(st.lists(items(), min_size=1, max_size=3, unique_by=lambda i: i.id))
def test_csv_round_trip(generated: list[Item]) -> None:
    report = parse_csv(export_csv(generated), "f.csv")
    assert report.ok, report.lines()
    assert list(report.items) == generated


@ROUND_TRIP
@given(items(exhibit="A5-X01"), st.lists(st.lists(text_of(), min_size=2, max_size=2), min_size=1, max_size=3),
       text_of(), text_of())  # fmt: skip
def test_qti_round_trip(item: Item, rows: list[list[str]], title: str, alt: str) -> None:
    exhibit = Exhibit(id="A5-X01", kind=ExhibitKind.TABLE, title=title, alt=alt,
                      columns=("Name", "Value"), rows=tuple(tuple(r) for r in rows))  # fmt: skip
    files = package_files([item], [exhibit], None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.zip"
        path.write_bytes(package_bytes(files))
        report = read_qti_package(path)
    assert report.ok, report.lines()
    assert report.items == (item,)
    assert report.exhibits == (exhibit,)


GIFT_TEXT = text_of().filter(lambda s: php_trim(s) == s)


@ROUND_TRIP
@given(st.lists(items(GIFT_TEXT), min_size=1, max_size=3, unique_by=lambda i: i.id))
def test_gift_round_trip(generated: list[Item]) -> None:
    report = parse_gift_items(export_gift(generated), "f.gift", ImportDefaults())
    assert report.ok, report.lines()
    assert report.unsupported == ()
    for before, after in zip(generated, report.items, strict=True):
        assert after == Item(**{
            **{name: getattr(before, name) for name in before.__dataclass_fields__},
            "task": None, "references": (), "author": None,
        })  # fmt: skip
