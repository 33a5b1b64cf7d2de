"""QTI 3.0 export (valid against the XSD), QTI 3.0 / 2.1 import, content packages."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from certwright.core.items import ExhibitKind, ItemFile
from certwright.interchange.defaults import ImportDefaults
from certwright.interchange.errors import InterchangeError, InvalidFile
from certwright.interchange.native_yaml import load_item_file
from certwright.interchange.qti import read_qti_file, read_qti_package
from certwright.interchange.qti_export import item_xml, package_bytes, package_files, write_qti_package
from certwright.interchange.qti_import import parse_qti_item

TESTS = Path(__file__).parents[1]
XSD = TESTS / "vectors" / "qti" / "xsd" / "qtiv3p0" / "imsqti_asiv3p0_sbacv1p0_v1p0.xsd"
SAMPLES = TESTS / "vectors" / "qti" / "items"
FIXTURES = Path(__file__).parent / "fixtures" / "bank"
BANK = TESTS.parent / "src" / "certwright" / "bank"
DEFAULTS = ImportDefaults(test="A5", area="A")
LOM = "{http://ltsc.ieee.org/xsd/LOM}"


@functools.cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def fixture() -> ItemFile:
    return load_item_file(FIXTURES / "A5.yaml")


def assert_valid(data: bytes) -> None:
    document = etree.fromstring(data)
    assert schema().validate(document), [str(err) for err in schema().error_log][:5]


def documents(item_file: ItemFile) -> list[tuple[str, bytes]]:
    out = []
    for item in item_file.items:
        exhibit = item_file.exhibit(item.exhibit) if item.exhibit else None
        out.append((item.id, item_xml(item, exhibit)))
    return out


def test_the_xsd_rejects_what_it_should() -> None:
    """The validator really validates: an unknown element and a data- attribute fail."""
    item_id, good = documents(fixture())[0]
    assert_valid(good)
    for bad in (good.replace(b"<qti-item-body>", b"<qti-item-body><qti-bogus/>"),
                good.replace(b'<qti-prompt>', b'<qti-prompt data-x="1">')):  # fmt: skip
        assert not schema().validate(etree.fromstring(bad)), item_id


def test_every_fixture_item_validates_against_the_xsd() -> None:
    docs = documents(fixture())
    assert len(docs) == 6
    for _, data in docs:
        assert_valid(data)


@pytest.mark.parametrize("bank_file", sorted(BANK.glob("*.yaml")), ids=lambda p: p.name)
def test_every_real_bank_item_validates_against_the_xsd(bank_file: Path) -> None:
    docs = documents(load_item_file(bank_file))
    assert docs
    for _, data in docs:
        assert_valid(data)


def test_export_shape() -> None:
    item_file = fixture()
    document = etree.fromstring(dict(documents(item_file))["A5-003"])
    ns = {"q": "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"}
    interaction = document.find(".//q:qti-choice-interaction", ns)
    assert interaction is not None
    assert (interaction.get("max-choices"), interaction.get("shuffle")) == ("1", "false")
    assert [c.get("identifier") for c in interaction.findall("q:qti-simple-choice", ns)] == ["A", "B", "C", "D"]
    assert document.findtext(".//q:qti-correct-response/q:qti-value", namespaces=ns) == "D"
    processing = document.find("q:qti-response-processing", ns)
    assert processing is not None
    assert processing.get("template") == "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct"
    table = document.find(".//q:figure/q:table", ns)
    assert table is not None
    assert table.get("summary") == "Table of three scan tool parameters with their values."
    assert [th.text for th in table.findall(".//q:th", ns)] == ["Parameter", "Value"]
    feedback = {f.get("identifier"): "".join(f.itertext()).strip()
                for f in document.findall("q:qti-modal-feedback", ns)}  # fmt: skip
    assert feedback["D"].startswith("The brake switch does not feed")
    assert feedback["A"] == "Missing teeth distort the signal."


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("qti3/*.xml")), ids=lambda p: p.name)
def test_the_official_qti3_samples_validate(sample: Path) -> None:
    assert_valid(sample.read_bytes())


def test_inline_rules_are_the_match_correct_template_plus_feedback() -> None:
    template = etree.parse(str(TESTS / "vectors" / "qti" / "rptemplates" / "qti3" / "match_correct.xml"))
    ns = {"q": "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"}
    document = etree.fromstring(documents(fixture())[0][1])
    processing = document.find("q:qti-response-processing", ns)
    assert processing is not None

    def canonical(element: etree._Element) -> bytes:
        copy = etree.fromstring(etree.tostring(element))
        for node in copy.iter():
            node.tail = None if node.tail is None or not node.tail.strip() else node.tail
            node.text = None if node.text is None or not node.text.strip() else node.text
        return bytes(etree.tostring(copy, method="c14n"))

    ours, expected = processing[0], template.getroot().find("q:qti-response-condition", ns)
    assert expected is not None
    assert canonical(ours) == canonical(expected)
    assert [etree.QName(el).localname for el in processing] == ["qti-response-condition", "qti-set-outcome-value"]


def test_exporting_an_item_without_its_exhibit_fails() -> None:
    item = fixture().items[2]
    with pytest.raises(InterchangeError, match="item A5-002: exhibit A5-X01 was not given"):
        item_xml(item)


# --- import of the official samples -------------------------------------------------------------

SAMPLE_CASES = [
    ("qti21/choice.xml", "3 choices; Certwright items have exactly four"),
    ("qti21/choice_fixed.xml", None),
    ("qti21/choice_multiple.xml", "cardinality multiple (multiple response)"),
    ("qti3/Example01-modalFeedback.xml", "2 choices; Certwright items have exactly four"),
    ("qti3/MultipleAnswer-choice-materials.xml", "cardinality multiple (multiple response)"),
    ("qti3/QTI3multiplechoice2.xml", "cardinality multiple (multiple response)"),
    ("qti3/TF-choice.xml", "2 choices; Certwright items have exactly four"),
    ("qti3/choice.xml", "3 choices; Certwright items have exactly four"),
    ("qti3/choice_fixed.xml", None),
    ("qti3/choice_multiple.xml", "cardinality multiple (multiple response)"),
    ("qti3/choice_multiple_chocolade.xml", "cardinality multiple (multiple response)"),
    ("qti3/firstexample.xml", None),
]


def test_every_sample_has_a_case() -> None:
    assert sorted(str(p.relative_to(SAMPLES)) for p in SAMPLES.glob("*/*.xml")) == sorted(c for c, _ in SAMPLE_CASES)


@pytest.mark.parametrize(("sample", "reason"), SAMPLE_CASES)
def test_official_samples_import_or_are_reported(sample: str, reason: str | None) -> None:
    report = read_qti_file(SAMPLES / sample, DEFAULTS)
    assert report.ok, report.lines()
    if reason is None:
        assert len(report.items) == 1
        assert report.unsupported == ()
    else:
        assert report.items == ()
        (unsupported,) = report.unsupported
        assert unsupported.reason == reason
        assert unsupported.file.endswith(sample)
        assert str(unsupported.location).startswith("/")
        assert unsupported.title


@pytest.mark.parametrize("sample", ["qti21/choice_fixed.xml", "qti3/choice_fixed.xml"])
def test_choice_fixed_imports_in_both_versions(sample: str) -> None:
    report = read_qti_file(SAMPLES / sample, DEFAULTS)
    (item,) = report.items
    assert item.stem == "Look at the text in the picture.\nWhat does it say?"
    assert [opt.text for opt in item.options] == [
        "You must stay with your luggage at all times.",
        "Do not let someone else look after your luggage.",
        "Remember your luggage when you leave.",
        "None of the above.",
    ]
    assert (item.key, item.test, item.area, item.language) == ("A", "A5", "A", "en")
    (exhibit,) = report.exhibits
    assert (exhibit.kind, exhibit.file) == (ExhibitKind.PNG, "images/sign.png")
    assert exhibit.alt == "NEVER LEAVE LUGGAGE UNATTENDED"
    assert item.exhibit == exhibit.id
    assert "is not in the document" in report.warnings[0].message


def test_firstexample() -> None:
    (item,) = read_qti_file(SAMPLES / "qti3/firstexample.xml", DEFAULTS).items
    assert item.id == "firstexample"
    assert item.stem == "Of the following hormones, which is produced by the adrenal glands?"
    assert [opt.text for opt in item.options] == ["Epinephrine", "Glucagon", "Insulin", "Oxytocin"]
    assert item.language == "en"


QTI3 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"


def qti3(
    *,
    body: str = "",
    choices: int = 4,
    key: str = "C1",
    cardinality: str = "single",
    interaction: str = 'max-choices="1"',
    processing: str = '<qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct"/>',
    tail: str = "",
) -> bytes:
    simple = "".join(
        f'<qti-simple-choice identifier="C{n}">Choice {n}</qti-simple-choice>' for n in range(1, choices + 1)
    )
    return (
        f'<qti-assessment-item xmlns="{QTI3}" identifier="I1" title="T1" time-dependent="false">'
        f'<qti-response-declaration identifier="RESPONSE" cardinality="{cardinality}" base-type="identifier">'
        f"<qti-correct-response><qti-value>{key}</qti-value></qti-correct-response></qti-response-declaration>"
        f"<qti-item-body>{body}<qti-choice-interaction response-identifier=\"RESPONSE\" {interaction}>"
        f"<qti-prompt>Pick one.</qti-prompt>{simple}</qti-choice-interaction></qti-item-body>"
        f"{processing}{tail}</qti-assessment-item>"
    ).encode()  # fmt: skip


def test_minimal_document_imports() -> None:
    result = parse_qti_item(qti3(), "x.xml", DEFAULTS)
    assert result.errors == result.unsupported == []
    assert result.item is not None
    assert (result.item.id, result.item.key, result.item.stem) == ("I1", "A", "Pick one.")


ERROR_CASES = [
    (b"<qti-assessment-item", "x.xml:1: not well-formed XML"),
    (b"<foo/>", "x.xml:/foo: root element 'foo' is not a QTI 3.0 or 2.1 assessment item"),
    (f'<qti-assessment-item xmlns="{QTI3}" identifier="I1" title="T" time-dependent="false"/>'.encode(),
     "x.xml:/qti-assessment-item: item I1: no item body"),
    (qti3(key="C9"), "x.xml:/qti-assessment-item/qti-response-declaration[1]/qti-correct-response[1]/qti-value[1]: "
     "item I1: correct value 'C9' is not the identifier of one choice"),
    (qti3().replace(b'response-identifier="RESPONSE"', b'response-identifier="R2"'),
     "x.xml:/qti-assessment-item/qti-item-body[1]/qti-choice-interaction[1]: item I1: "
     "no response declaration for 'R2'"),
    (qti3().replace(b"<qti-value>C1</qti-value>", b"<qti-value>C1</qti-value><qti-value>C2</qti-value>"),
     "x.xml:/qti-assessment-item/qti-response-declaration[1]/qti-correct-response[1]: item I1: "
     "more than one correct value"),
    (b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', "x.xml: a DOCTYPE is not allowed"),
    (qti3().replace(b'identifier="I1"', b'identifier="I 1"'), "x.xml:/qti-assessment-item: item I 1: id 'I 1' is not"),
    (qti3(body='<img src="../../etc/x.png" alt="x"/>'),
     "x.xml:/qti-assessment-item/qti-item-body[1]/img[1]: item I1: exhibit path '../../etc/x.png' must stay inside"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "message"), ERROR_CASES)
def test_errors_name_file_xpath_and_item(data: bytes, message: str) -> None:
    result = parse_qti_item(data, "x.xml", DEFAULTS)
    assert result.item is None
    assert result.errors
    assert str(result.errors[0]).startswith(message), result.errors


def test_missing_test_is_an_error() -> None:
    result = parse_qti_item(qti3(), "x.xml", ImportDefaults())
    assert [str(err) for err in result.errors] == [
        "x.xml:/qti-assessment-item: item I1: no test: no Certwright metadata for this item and no default test given"
    ]


UNSUPPORTED_CASES = [
    (qti3(cardinality="multiple"), "/qti-assessment-item/qti-response-declaration[1]", "cardinality multiple"),
    (qti3(interaction='max-choices="2"'), "/qti-assessment-item/qti-item-body[1]/qti-choice-interaction[1]",
     "max-choices 2"),
    (qti3(choices=5), "/qti-assessment-item/qti-item-body[1]/qti-choice-interaction[1]", "5 choices"),
    (qti3(body='<qti-text-entry-interaction response-identifier="R2"/>'), "/qti-assessment-item/qti-item-body[1]",
     "interactions: qti-choice-interaction, qti-text-entry-interaction"),
    (qti3(processing='<qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response"/>'),
     "/qti-assessment-item/qti-response-processing[1]", "scored by a response mapping"),
    (qti3().replace(b"<qti-correct-response><qti-value>C1</qti-value></qti-correct-response>", b""),
     "/qti-assessment-item/qti-response-declaration[1]", "no correct response declared"),
    (qti3(body='<p><img src="a.jpg" alt="x"/></p>'), "/qti-assessment-item/qti-item-body[1]/p[1]/img[1]",
     "only PNG and SVG"),
    (qti3(body='<img src="a.png" alt="x"/><img src="b.png" alt="y"/>'), "/qti-assessment-item/qti-item-body[1]",
     "2 exhibits"),
    (qti3(body='<img src="https://example.test/a.png" alt="x"/>'), "/qti-assessment-item/qti-item-body[1]/img[1]",
     "is outside the package"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "location", "reason"), UNSUPPORTED_CASES)
def test_unsupported_documents_are_reported_with_xpath(data: bytes, location: str, reason: str) -> None:
    result = parse_qti_item(data, "x.xml", DEFAULTS)
    assert result.item is None
    assert result.errors == []
    (unsupported,) = result.unsupported
    assert (unsupported.location, unsupported.title) == (location, "T1")
    assert reason in unsupported.reason
    assert str(unsupported).startswith(f"x.xml:{location}: unsupported question 'T1': ")


def test_qti21_feedback_becomes_rationales() -> None:
    ns = "http://www.imsglobal.org/xsd/imsqti_v2p1"
    choices = "".join(
        f'<simpleChoice identifier="{c}">Option {c}'
        + (f'<feedbackInline outcomeIdentifier="FEEDBACK" identifier="{c}" showHide="show">Inline {c}</feedbackInline>'
           if c == "B" else "")
        + "</simpleChoice>"
        for c in "ABCD"
    )  # fmt: skip
    data = (
        f'<assessmentItem xmlns="{ns}" identifier="q21" title="Q" adaptive="false" timeDependent="false" '
        'xml:lang="es-MX">'
        '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
        "<correctResponse><value>A</value></correctResponse></responseDeclaration>"
        f'<itemBody><p>Lead   text</p><choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">'
        f"<prompt>Which?</prompt>{choices}</choiceInteraction></itemBody>"
        '<modalFeedback outcomeIdentifier="FEEDBACK" identifier="A" showHide="show">Because A.</modalFeedback>'
        '<modalFeedback outcomeIdentifier="FEEDBACK" identifier="correct" showHide="show">Well done.</modalFeedback>'
        "</assessmentItem>"
    ).encode()  # fmt: skip
    result = parse_qti_item(data, "q.xml", DEFAULTS)
    assert result.item is not None, result.errors
    assert (result.item.stem, result.item.language, result.item.rationale) == ("Lead text\nWhich?", "es", "Because A.")
    assert [opt.text for opt in result.item.options] == ["Option A", "Option B", "Option C", "Option D"]
    assert result.item.option("B").rationale == "Inline B"
    assert [w.message for w in result.warnings] == ["modal feedback 'correct' is not tied to a choice; not imported"]


# --- packages -------------------------------------------------------------------------------------


def test_package_round_trip_is_lossless(tmp_path: Path) -> None:
    item_file = fixture()
    dest = tmp_path / "A5.zip"
    write_qti_package(item_file.items, item_file.exhibits, dest, bank_dir=FIXTURES)
    report = read_qti_package(dest)
    assert report.ok, report.lines()
    assert report.items == item_file.items
    assert sorted(report.exhibits, key=lambda e: e.id) == list(item_file.exhibits)
    assert report.files == {
        ex.file: (FIXTURES / ex.file).read_bytes() for ex in item_file.exhibits if ex.file is not None
    }


def test_package_is_deterministic_and_holds_the_files() -> None:
    item_file = fixture()
    files = package_files(item_file.items, item_file.exhibits, FIXTURES)
    assert package_bytes(files) == package_bytes(package_files(item_file.items, item_file.exhibits, FIXTURES))
    names = zipfile.ZipFile(io.BytesIO(package_bytes(files))).namelist()
    assert names[0] == "imsmanifest.xml"
    assert set(names) == {"imsmanifest.xml", *(f"{i.id}.xml" for i in item_file.items),
                          "exhibits/A5-X01.svg", "exhibits/A5-X03.png", "exhibits/A5-X04.md"}  # fmt: skip


def test_manifest_carries_certwright_metadata_in_lom() -> None:
    item_file = fixture()
    manifest = etree.fromstring(package_files(item_file.items, item_file.exhibits, FIXTURES)["imsmanifest.xml"])
    cp = "{http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1}"
    resources = manifest.findall(f"{cp}resources/{cp}resource")
    assert [r.get("type") for r in resources].count("imsqti_item_xmlv3p0") == 6
    es = next(r for r in resources if r.get("identifier") == "item-A5-001-es")
    lom = es.find(f".//{LOM}lom")
    assert lom is not None
    assert lom.findtext(f"{LOM}general/{LOM}language") == "es"
    assert lom.findtext(f"{LOM}educational/{LOM}difficulty/{LOM}value") == "medium"
    relation = lom.find(f"{LOM}relation")
    assert relation is not None
    assert relation.findtext(f"{LOM}kind/{LOM}value") == "isbasedon"
    assert relation.findtext(f"{LOM}resource/{LOM}identifier/{LOM}entry") == "A5-001"
    paths = {p.findtext(f"{LOM}source/{LOM}string"): [t.text for t in p.iter(f"{LOM}id")]
             for p in lom.iter(f"{LOM}taxonPath")}  # fmt: skip
    assert paths["certwright:blueprint"] == ["A5", "A"]
    assert paths["certwright:style"] == ["most_likely"]
    assert paths["certwright:translation_reviewed"] == ["true"]
    assert "FN:certwright-starter" in (lom.findtext(f".//{LOM}entity") or "")


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def good_files() -> dict[str, bytes]:
    item_file = fixture()
    return package_files(item_file.items, item_file.exhibits, FIXTURES)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda f: b"not a zip", "not a zip package"),
        (lambda f: zip_of({k: v for k, v in f.items() if k != "imsmanifest.xml"}), "no imsmanifest.xml"),
        (lambda f: zip_of({**f, "../evil.txt": b"x"}), "entry '../evil.txt' must stay inside"),
        (lambda f: zip_of({**f, "imsmanifest.xml": b"<manifest"}), "!imsmanifest.xml:1: not well-formed XML"),
        (lambda f: zip_of({k: v for k, v in f.items() if k != "A5-002.xml"}),
         "!imsmanifest.xml:/manifest/resources/resource[3]: item file 'A5-002.xml' is not in the package"),
        (lambda f: zip_of({k: v for k, v in f.items() if k != "exhibits/A5-X03.png"}),
         ": exhibit A5-X03: file exhibits/A5-X03.png is not in the package"),
        (lambda f: zip_of({**f, "A5-003.xml": f["A5-003.xml"].replace(b"<qti-value>D<", b"<qti-value>Q<")}),
         "!A5-003.xml:/qti-assessment-item/qti-response-declaration[1]/qti-correct-response[1]/qti-value[1]: "
         "item A5-003: correct value 'Q'"),
    ],
)  # fmt: skip
def test_package_errors(tmp_path: Path, mutate: object, message: str) -> None:
    path = tmp_path / "pkg.zip"
    path.write_bytes(mutate(good_files()))  # type: ignore[operator]
    report = read_qti_package(path)
    assert report.items == ()
    shown = [str(err) for err in report.rejected]
    assert shown
    assert shown[0].startswith(str(path)), shown
    assert message in shown[0], shown


def test_conflicting_exhibits_in_a_package_are_an_error(tmp_path: Path) -> None:
    item_file = fixture()
    files = good_files()
    files["A5-003.xml"] = files["A5-003.xml"].replace(b'id="A5-X02"', b'id="A5-X01"')
    path = tmp_path / "pkg.zip"
    path.write_bytes(zip_of(files))
    shown = [str(err) for err in read_qti_package(path).rejected]
    assert shown == [f"{path}!A5-003.xml: item A5-003: exhibit A5-X01 differs from the one of an earlier item"]
    assert item_file.items


def test_export_errors(tmp_path: Path) -> None:
    item_file = fixture()
    with pytest.raises(InterchangeError, match="item A5-002: exhibit A5-X01 not found"):
        package_files(item_file.items, (), FIXTURES)
    with pytest.raises(InterchangeError, match="exhibit A5-X01: no bank folder given"):
        package_files(item_file.items, item_file.exhibits, None)
    with pytest.raises(InterchangeError, match="exhibit A5-X01: No such file"):
        package_files(item_file.items, item_file.exhibits, tmp_path)
    assert not isinstance(InterchangeError("f", 1, None, "m"), InvalidFile)


# A document alone (no manifest) carries what QTI says natively plus test/area in ``label``.
DOCUMENT_FIELDS = ("id", "test", "area", "language", "stem", "options", "key", "rationale", "exhibit")


def test_a_document_alone_carries_content_and_every_exhibit_kind() -> None:
    item_file = fixture()
    for item in item_file.items:
        exhibit = item_file.exhibit(item.exhibit) if item.exhibit else None
        result = parse_qti_item(item_xml(item, exhibit), "x.xml", ImportDefaults())
        assert result.item is not None, result.errors
        for name in DOCUMENT_FIELDS:
            assert getattr(result.item, name) == getattr(item, name), (item.id, name)
        assert result.exhibit == exhibit
    kinds = {ex.kind for ex in item_file.exhibits}
    assert kinds == set(ExhibitKind)
