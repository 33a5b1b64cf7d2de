"""Export items as QTI 3.0 ``qti-assessment-item`` documents and IMS content packages.

Each item becomes a ``qti-choice-interaction`` (``max-choices="1"``, ``shuffle="false"``, choices
A-D) with its correct response, the standard ``match_correct`` response processing and one
``qti-modal-feedback`` per option holding its rationale (the item rationale for the key). The
exhibit sits before the interaction in a ``figure`` (``figcaption`` = title): a table as an XHTML
table (``summary`` = alt), a picture as ``img`` (``alt``), a reference booklet as a link whose text
is the alt. The stem is the ``qti-prompt``; a newline in any text is a ``<br/>``.

What QTI items cannot say natively (test, area, task, style, use, status, enemies, references,
translation of/reviewed, author, difficulty) goes into the IEEE LOM metadata of the item's
resource in ``imsmanifest.xml`` (see :mod:`qti_manifest`), which is where QTI keeps item metadata.
Every document validates against the QTI 3.0 ASI XSD (tested with the SBAC profile).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from lxml import etree

from certwright.core.items import Exhibit, ExhibitKind, Item
from certwright.interchange._qti_common import (
    MATCH_CORRECT,
    QTI3,
    QTI3_SCHEMA,
    TOOL_NAME,
    XML_LANG,
    XSI,
    add_text,
)
from certwright.interchange.errors import InterchangeError
from certwright.interchange.qti_manifest import manifest_xml

TOOL_VERSION = "1"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _q(name: str) -> str:
    return f"{{{QTI3}}}{name}"


def _sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _q(name), {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        add_text(element, text)
    return element


def item_file_name(item: Item) -> str:
    """The item's file name inside a package."""
    return f"{item.id}.xml"


def item_xml(item: Item, exhibit: Exhibit | None = None) -> bytes:
    """The QTI 3.0 document of one item (UTF-8 bytes with an XML declaration)."""
    if item.exhibit is not None and (exhibit is None or exhibit.id != item.exhibit):
        raise InterchangeError(item.id, None, item.id, f"exhibit {item.exhibit} was not given")
    root = etree.Element(_q("qti-assessment-item"), nsmap={None: QTI3, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI3} {QTI3_SCHEMA}")
    root.set("identifier", item.id)
    root.set("title", item.id)
    root.set("label", f"{item.test}/{item.area}")
    root.set(XML_LANG, item.language)
    root.set("tool-name", TOOL_NAME)
    root.set("tool-version", TOOL_VERSION)
    root.set("adaptive", "false")
    root.set("time-dependent", "false")
    _declarations(root, item)
    body = _sub(root, "qti-item-body")
    if exhibit is not None:
        _exhibit(body, exhibit)
    _interaction(body, item)
    _response_processing(root)
    for option in item.options:
        rationale = item.rationale if option.letter == item.key else option.rationale
        if rationale:
            feedback = _sub(
                root,
                "qti-modal-feedback",
                outcome_identifier="FEEDBACK",
                show_hide="show",
                identifier=option.letter,
            )
            _sub(_sub(feedback, "qti-content-body"), "p", rationale)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _declarations(root: etree._Element, item: Item) -> None:
    response = _sub(
        root,
        "qti-response-declaration",
        identifier="RESPONSE",
        cardinality="single",
        base_type="identifier",
    )
    _sub(_sub(response, "qti-correct-response"), "qti-value", item.key)
    score = _sub(root, "qti-outcome-declaration", identifier="SCORE", cardinality="single", base_type="float")
    _sub(_sub(score, "qti-default-value"), "qti-value", "0")
    _sub(
        root,
        "qti-outcome-declaration",
        identifier="FEEDBACK",
        cardinality="single",
        base_type="identifier",
    )


def _interaction(body: etree._Element, item: Item) -> None:
    interaction = _sub(
        body,
        "qti-choice-interaction",
        response_identifier="RESPONSE",
        shuffle="false",
        max_choices="1",
    )
    _sub(interaction, "qti-prompt", item.stem)
    for option in item.options:
        _sub(interaction, "qti-simple-choice", option.text, identifier=option.letter)


def _exhibit(body: etree._Element, exhibit: Exhibit) -> None:
    figure = _sub(body, "figure", id=exhibit.id)
    _sub(figure, "figcaption", exhibit.title)
    if exhibit.kind is ExhibitKind.TABLE:
        table = _sub(figure, "table", summary=exhibit.alt)
        head = _sub(_sub(table, "thead"), "tr")
        for column in exhibit.columns:
            _sub(head, "th", column)
        tbody = _sub(table, "tbody")
        for row in exhibit.rows:
            tr = _sub(tbody, "tr")
            for cell in row:
                _sub(tr, "td", cell)
    elif exhibit.kind is ExhibitKind.REFERENCE:
        _sub(_sub(figure, "p"), "a", exhibit.alt, href=exhibit.file or "", type="text/markdown")
    else:
        _sub(figure, "img", src=exhibit.file or "", alt=exhibit.alt)


def _response_processing(root: etree._Element) -> None:
    """``match_correct`` by reference, written out inline, plus FEEDBACK = RESPONSE.

    QTI lets an item give both the template and its own rules; the rules are preferred, and an
    engine that only knows templates still scores the item the same way (without feedback).
    """
    processing = _sub(root, "qti-response-processing", template=MATCH_CORRECT)
    condition = _sub(processing, "qti-response-condition")
    branch = _sub(condition, "qti-response-if")
    match = _sub(branch, "qti-match")
    _sub(match, "qti-variable", identifier="RESPONSE")
    _sub(match, "qti-correct", identifier="RESPONSE")
    _sub(_sub(branch, "qti-set-outcome-value", identifier="SCORE"), "qti-base-value", "1",
         base_type="float")  # fmt: skip
    other = _sub(condition, "qti-response-else")
    _sub(_sub(other, "qti-set-outcome-value", identifier="SCORE"), "qti-base-value", "0",
         base_type="float")  # fmt: skip
    feedback = _sub(processing, "qti-set-outcome-value", identifier="FEEDBACK")
    _sub(feedback, "qti-variable", identifier="RESPONSE")


def _exhibits_by_id(exhibits: Iterable[Exhibit]) -> dict[str, Exhibit]:
    return {exhibit.id: exhibit for exhibit in exhibits}


def package_files(items: Sequence[Item], exhibits: Iterable[Exhibit], bank_dir: Path | None) -> dict[str, bytes]:
    """Every file of the content package by path: manifest, item documents, exhibit files."""
    by_id = _exhibits_by_id(exhibits)
    files: dict[str, bytes] = {}
    used: dict[str, Exhibit] = {}
    for item in items:
        exhibit = by_id.get(item.exhibit) if item.exhibit else None
        if item.exhibit and exhibit is None:
            raise InterchangeError("imsmanifest.xml", None, item.id, f"exhibit {item.exhibit} not found")
        if exhibit is not None:
            used[exhibit.id] = exhibit
        files[item_file_name(item)] = item_xml(item, exhibit)
    for exhibit in used.values():
        if exhibit.file is not None:
            files[exhibit.file] = _exhibit_bytes(exhibit, bank_dir)
    files["imsmanifest.xml"] = manifest_xml(items, used, _identifier(items))
    return files


def _exhibit_bytes(exhibit: Exhibit, bank_dir: Path | None) -> bytes:
    if bank_dir is None:
        raise InterchangeError(str(exhibit.file), None, None, f"exhibit {exhibit.id}: no bank folder given")
    path = bank_dir / str(exhibit.file)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InterchangeError(str(path), None, None, f"exhibit {exhibit.id}: {exc.strerror}") from exc


def _identifier(items: Sequence[Item]) -> str:
    digest = hashlib.sha256("\n".join(item.id for item in items).encode()).hexdigest()
    return f"certwright-{digest[:16]}"


def package_bytes(files: Mapping[str, bytes]) -> bytes:
    """A deterministic zip (fixed timestamps, manifest first) of the package files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        names = ["imsmanifest.xml", *sorted(name for name in files if name != "imsmanifest.xml")]
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()


def write_qti_package(
    items: Sequence[Item], exhibits: Iterable[Exhibit], dest: Path, *, bank_dir: Path | None = None
) -> None:
    """Write a QTI 3.0 content package (zip) with the items, their exhibits and the manifest."""
    dest.write_bytes(package_bytes(package_files(items, exhibits, bank_dir)))
