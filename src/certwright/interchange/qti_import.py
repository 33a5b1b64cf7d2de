"""Import QTI 3.0 (``qti-assessment-item``) and QTI 2.1/2.2 (``assessmentItem``) choice items.

Certwright holds single-response, four-choice items. An item with several interactions, another
interaction type, ``multiple`` cardinality, a number of choices other than four, no declared
correct response, a response mapping (partial credit) or more than one exhibit is reported as
unsupported, with the reason; a malformed document is an error naming the file and the XPath.

Choices become options A-D in document order. Rationales come from ``qti-modal-feedback`` (and
``qti-feedback-inline`` inside a choice) whose identifier is a choice identifier. The stem is the
text before the interaction plus the ``qti-prompt``. One picture (``img``/``object``, PNG or SVG),
table or, in Certwright's own documents, reference link outside the interaction becomes the
exhibit. Metadata comes from the package manifest (see :mod:`qti_manifest`), then from the item
(``xml:lang``; ``label`` ``<TEST>/<AREA>`` in Certwright's documents), then from the caller's
:class:`ImportDefaults`.
"""

from __future__ import annotations

import contextlib
import copy
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from certwright.core.items import LETTERS, Exhibit, ExhibitKind, Item
from certwright.interchange._fields import AREA_CODE, TEST_CODE, Value, build_item, path_problem
from certwright.interchange._qti_common import (
    QTI3,
    QTI21,
    QTI22,
    TOOL_NAME,
    XML_LANG,
    Dialect,
    XmlError,
    html_text,
    local,
    parse_xml,
    raw_text,
    xpath,
)
from certwright.interchange.defaults import ImportDefaults
from certwright.interchange.errors import InterchangeError, Unsupported

_ROOTS = {QTI3: "qti-assessment-item", QTI21: "assessmentItem", QTI22: "assessmentItem"}
_FEEDBACK = frozenset({"qti-feedback-inline", "feedbackInline", "qti-feedback-block", "feedbackBlock"})
_EXHIBITS = frozenset({"figure", "img", "object", "table"})
_IMAGE_KINDS = {".png": ExhibitKind.PNG, ".svg": ExhibitKind.SVG}


@dataclass
class QtiItemResult:
    """What one document gave: an item (and its exhibit) or the reasons it did not."""

    item: Item | None = None
    exhibit: Exhibit | None = None
    errors: list[InterchangeError] = field(default_factory=list)
    unsupported: list[Unsupported] = field(default_factory=list)
    warnings: list[InterchangeError] = field(default_factory=list)


class _Skip(Exception):  # noqa: N818 - control flow inside this module only
    """Stop reading this document (the reason is already recorded)."""


class _Doc:
    """One parsed item document and the result being filled."""

    def __init__(self, root: etree._Element, source: str, base: str) -> None:
        self.root = root
        self.source = source
        self.base = base
        self.q = Dialect(root.tag[1:].split("}", 1)[0])
        self.ours = root.get("tool-name") == TOOL_NAME
        self.item_id = str(root.get("identifier") or "") or None
        self.title = str(root.get("title") or "") or self.item_id
        self.result = QtiItemResult()

    def error(self, element: etree._Element, message: str) -> _Skip:
        self.result.errors.append(InterchangeError(self.source, xpath(element), self.item_id, message))
        return _Skip()

    def unsupported(self, element: etree._Element, reason: str) -> _Skip:
        self.result.unsupported.append(Unsupported(self.source, xpath(element), self.title, reason))
        return _Skip()

    def warn(self, element: etree._Element, message: str) -> None:
        self.result.warnings.append(InterchangeError(self.source, xpath(element), self.item_id, message))

    def text(self, element: etree._Element) -> str:
        if self.ours:
            return raw_text(element, _FEEDBACK)
        return html_text(element, _FEEDBACK)


def parse_qti_item(
    data: bytes,
    source: str,
    defaults: ImportDefaults,
    metadata: Mapping[str, Value] | None = None,
    base: str = "",
) -> QtiItemResult:
    """Read one item document. ``base`` is its folder inside a package (for exhibit paths)."""
    try:
        root = parse_xml(data)
    except XmlError as exc:
        return QtiItemResult(errors=[InterchangeError(source, exc.line, None, str(exc))])
    ns = root.tag[1:].split("}", 1)[0] if isinstance(root.tag, str) and root.tag[:1] == "{" else ""
    if _ROOTS.get(ns) != local(root):
        message = f"root element {local(root)!r} is not a QTI 3.0 or 2.1 assessment item"
        return QtiItemResult(errors=[InterchangeError(source, xpath(root), None, message)])
    doc = _Doc(root, source, base)
    with contextlib.suppress(_Skip):
        _read(doc, defaults, metadata or {})
    return doc.result


def _read(doc: _Doc, defaults: ImportDefaults, metadata: Mapping[str, Value]) -> None:
    q = doc.q
    body = q.find(doc.root, "qti-item-body")
    if body is None:
        raise doc.error(doc.root, "no item body")
    interaction = _choice_interaction(doc, body)
    choices = q.findall(interaction, "qti-simple-choice")
    key_id = _key(doc, interaction, [str(c.get("identifier") or "") for c in choices])
    letters = {str(c.get("identifier")): letter for c, letter in zip(choices, LETTERS, strict=True)}
    feedback = _feedback(doc, choices, letters)
    exhibit = _exhibit(doc, body, interaction)
    values = _metadata(doc, defaults, metadata)
    key = letters[key_id]
    values |= {
        "stem": _stem(doc, body, interaction),
        "options": {letters[str(c.get("identifier"))]: doc.text(c) for c in choices},
        "key": key,
        "rationale": feedback.pop(key, None),
        "distractors": feedback,
        "exhibit": exhibit.id if exhibit else None,
    }

    def problem(_name: str, message: str) -> None:
        doc.result.errors.append(InterchangeError(doc.source, xpath(doc.root), doc.item_id, message))

    test = str(values.get("test") or "")
    if not test:
        problem("test", "no test: no Certwright metadata for this item and no default test given")
        return
    doc.result.item = build_item(values, test=test, problem=problem)
    doc.result.exhibit = exhibit


def _choice_interaction(doc: _Doc, body: etree._Element) -> etree._Element:
    found = [el for el in body.iter() if local(el).lower().endswith("interaction")]
    names = sorted({local(el) for el in found})
    if len(found) != 1 or not doc.q.is_(found[0], "qti-choice-interaction"):
        shown = ", ".join(names) or "none"
        raise doc.unsupported(body, f"interactions: {shown}; Certwright needs exactly one choice interaction")
    interaction = found[0]
    declaration = _declaration(doc, interaction)
    cardinality = doc.q.attr(declaration, "cardinality")
    if cardinality != "single":
        raise doc.unsupported(declaration, f"cardinality {cardinality} (multiple response)")
    max_choices = doc.q.attr(interaction, "max-choices")
    if max_choices not in (None, "1"):
        raise doc.unsupported(interaction, f"max-choices {max_choices}")
    choices = doc.q.findall(interaction, "qti-simple-choice")
    if len(choices) != len(LETTERS):
        raise doc.unsupported(interaction, f"{len(choices)} choices; Certwright items have exactly four")
    return interaction


def _declaration(doc: _Doc, interaction: etree._Element) -> etree._Element:
    response_id = doc.q.attr(interaction, "response-identifier")
    for declaration in doc.q.findall(doc.root, "qti-response-declaration"):
        if declaration.get("identifier") == response_id:
            return declaration
    raise doc.error(interaction, f"no response declaration for {response_id!r}")


def _key(doc: _Doc, interaction: etree._Element, identifiers: list[str]) -> str:
    declaration = _declaration(doc, interaction)
    correct = doc.q.find(declaration, "qti-correct-response")
    values = [] if correct is None else doc.q.findall(correct, "qti-value")
    if not values:
        raise doc.unsupported(declaration, "no correct response declared (custom scoring)")
    if len(values) > 1:
        raise doc.error(correct if correct is not None else declaration, "more than one correct value")
    key = (values[0].text or "").strip()
    if key not in identifiers or len(set(identifiers)) != len(identifiers):
        raise doc.error(values[0], f"correct value {key!r} is not the identifier of one choice")
    processing = doc.q.find(doc.root, "qti-response-processing")
    template = "" if processing is None else str(processing.get("template") or "")
    if "map_response" in template and processing is not None:
        raise doc.unsupported(processing, "scored by a response mapping (partial credit)")
    return key


def _feedback(doc: _Doc, choices: list[etree._Element], letters: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for feedback in doc.q.findall(doc.root, "qti-modal-feedback"):
        identifier = str(feedback.get("identifier") or "")
        if identifier in letters:
            body = doc.q.find(feedback, "qti-content-body")
            holder = body if body is not None else feedback
            paragraphs = [p for p in holder if local(p) == "p"] if doc.ours else []
            text = doc.text(paragraphs[0] if len(paragraphs) == 1 else holder)
            if text:
                out[letters[identifier]] = text
        else:
            doc.warn(feedback, f"modal feedback {identifier!r} is not tied to a choice; not imported")
    for choice in choices:
        identifier = str(choice.get("identifier"))
        for inline in choice:
            if local(inline) in _FEEDBACK and inline.get("identifier") == identifier:
                out.setdefault(letters[identifier], html_text(inline))
    return out


def _stem(doc: _Doc, body: etree._Element, interaction: etree._Element) -> str:
    prompt = doc.q.find(interaction, "qti-prompt")
    prompt_text = doc.text(prompt) if prompt is not None else ""
    if doc.ours:
        return prompt_text
    rest = copy.deepcopy(body)
    for element in list(rest.iter()):
        if local(element).lower().endswith("interaction") or local(element) in _EXHIBITS:
            parent = element.getparent()
            if parent is not None:
                _drop(element)
    lead = html_text(rest, _FEEDBACK)
    return "\n".join(part for part in (lead, prompt_text) if part)


def _drop(element: etree._Element) -> None:
    """Remove an element but keep its tail text."""
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _exhibit(doc: _Doc, body: etree._Element, interaction: etree._Element) -> Exhibit | None:
    inside = set(interaction.iter())
    candidates = [
        el for el in body.iter()
        if local(el) in ("img", "object", "table") and el not in inside
        and not any(local(a) in ("table", "object") for a in el.iterancestors())
    ]  # fmt: skip
    figures = [el for el in body.iter() if local(el) == "figure" and el.get("id")]
    links = [a for f in figures for a in f.iter() if local(a) == "a"] if doc.ours else []
    found = candidates + links
    if len(found) > 1:
        raise doc.unsupported(body, f"{len(found)} exhibits; Certwright items have at most one")
    if not found:
        return None
    element = found[0]
    figure = next((a for a in element.iterancestors() if local(a) == "figure"), None)
    figure_id = figure.get("id") if figure is not None else None
    exhibit_id = str(figure_id) if figure_id else f"{doc.item_id}-X1"
    caption = next((c for c in (figure if figure is not None else []) if local(c) == "figcaption"), None)
    title = doc.text(caption) if caption is not None else ""
    return _build_exhibit(doc, element, exhibit_id, title)


def _build_exhibit(doc: _Doc, element: etree._Element, exhibit_id: str, title: str) -> Exhibit:
    name = local(element)
    if name == "table":
        header, rows = _table(doc, element)
        alt = str(element.get("summary") or "") or html_text(element)
        return Exhibit(id=exhibit_id, kind=ExhibitKind.TABLE, title=title or "Table", alt=alt,
                       columns=header, rows=rows)  # fmt: skip
    if name == "a":
        href = _path(doc, element, str(element.get("href") or ""))
        return Exhibit(id=exhibit_id, kind=ExhibitKind.REFERENCE, title=title,
                       alt=doc.text(element), file=href)  # fmt: skip
    src = str(element.get("src") or element.get("data") or "")
    kind = _IMAGE_KINDS.get(posixpath.splitext(src.lower())[1])
    if kind is None:
        raise doc.unsupported(element, f"exhibit {src!r}: only PNG and SVG pictures are supported")
    alt = str(element.get("alt") or element.get("title") or "")
    return Exhibit(id=exhibit_id, kind=kind, title=title or alt, alt=alt, file=_path(doc, element, src))


def _table(doc: _Doc, table: etree._Element) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    rows = [tr for tr in table.iter() if local(tr) == "tr"]
    cells = [tuple(doc.text(c) for c in tr if local(c) in ("th", "td")) for tr in rows]
    if not cells:
        raise doc.unsupported(table, "an empty table")
    return cells[0], tuple(cells[1:])


def _path(doc: _Doc, element: etree._Element, href: str) -> str:
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
        raise doc.unsupported(element, f"exhibit {href!r} is outside the package")
    path = posixpath.normpath(posixpath.join(doc.base, href)) if doc.base else href
    why = path_problem(path)
    if why:
        raise doc.error(element, f"exhibit path {href!r} {why}")
    return path


def _metadata(doc: _Doc, defaults: ImportDefaults, metadata: Mapping[str, Value]) -> dict[str, Value]:
    values: dict[str, Value] = {
        "id": doc.item_id,
        "style": defaults.style,
        "use": defaults.use,
        "difficulty": defaults.difficulty,
        "language": _language(doc) or defaults.language,
        "author": defaults.author,
        "status": None if metadata else defaults.status,
        "test": defaults.test,
        "area": defaults.area,
    }
    label = re.match(r"^([^/]+)/([^/]+)$", str(doc.root.get("label") or ""))
    if doc.ours and label and TEST_CODE.match(label[1]) and AREA_CODE.match(label[2]):
        values["test"], values["area"] = label[1], label[2]
    values.update(metadata)
    return values


def _language(doc: _Doc) -> str | None:
    lang = doc.root.get(XML_LANG)
    return str(lang).split("-")[0].lower() if lang else None
