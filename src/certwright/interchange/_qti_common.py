"""Namespaces, safe parsing, XPaths and text helpers shared by the QTI exporter and importer."""

from __future__ import annotations

import re

from lxml import etree

QTI3 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
QTI21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI22 = "http://www.imsglobal.org/xsd/imsqti_v2p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
QTI3_SCHEMA = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
MATCH_CORRECT = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct"
CP3 = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
CP1 = "http://www.imsglobal.org/xsd/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/LOM"
QTI_MD3 = "http://www.imsglobal.org/xsd/imsqti_metadata_v3p0"
ITEM_TYPES = ("imsqti_item_xmlv3p0", "imsqti_item_xmlv2p1", "imsqti_item_xmlv2p2")
TOOL_NAME = "Certwright"
MAX_XML_BYTES = 5_000_000


class XmlError(ValueError):
    """The bytes are not well-formed (or not allowed) XML; ``line`` when the parser knows it."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        super().__init__(message)


def parse_xml(data: bytes) -> etree._Element:
    """Parse untrusted XML: no DTD loading, no entity expansion, no network, no huge trees."""
    if len(data) > MAX_XML_BYTES:
        raise XmlError(None, f"larger than {MAX_XML_BYTES} bytes")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise XmlError(line, f"not well-formed XML: {exc.msg}") from exc
    except (ValueError, TypeError) as exc:
        raise XmlError(None, f"not XML: {exc}") from exc
    if root is None:
        raise XmlError(None, "empty document")
    if root.getroottree().docinfo.doctype:
        raise XmlError(None, "a DOCTYPE is not allowed")
    return root


def local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(element: etree._Element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def xpath(element: etree._Element) -> str:
    """A readable XPath of the element by local names: ``/qti-assessment-item/qti-item-body[1]``."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        parent = node.getparent()
        name = local(node)
        if parent is None:
            steps.append(f"/{name}")
        else:
            same = [sib for sib in parent if local(sib) == name]
            steps.append(f"/{name}[{same.index(node) + 1}]")
        node = parent
    return "".join(reversed(steps))


def camel(name: str) -> str:
    """QTI 3 name -> QTI 2.x name: ``qti-choice-interaction`` -> ``choiceInteraction``."""
    parts = name.removeprefix("qti-").split("-")
    return parts[0] + "".join(part[:1].upper() + part[1:] for part in parts[1:])


class Dialect:
    """Element and attribute names of one QTI version, addressed by their QTI 3 spelling."""

    def __init__(self, ns: str) -> None:
        self.ns = ns
        self.v3 = ns == QTI3

    def tag(self, name: str) -> str:
        qti_name = name.startswith("qti-")
        return f"{{{self.ns}}}{name if self.v3 or not qti_name else camel(name)}"

    def attr(self, element: etree._Element, name: str) -> str | None:
        value = element.get(name if self.v3 else camel(name))
        return None if value is None else str(value)

    def is_(self, element: etree._Element, name: str) -> bool:
        return bool(element.tag == self.tag(name))

    def find(self, element: etree._Element, name: str) -> etree._Element | None:
        return element.find(self.tag(name))

    def findall(self, element: etree._Element, name: str) -> list[etree._Element]:
        return list(element.findall(self.tag(name)))

    def iter(self, element: etree._Element, name: str) -> list[etree._Element]:
        return list(element.iter(self.tag(name)))


def add_text(element: etree._Element, text: str) -> None:
    """Write text into an element verbatim, a ``<br/>`` for each newline."""
    lines = text.split("\n")
    element.text = lines[0]
    for line in lines[1:]:
        br = etree.SubElement(element, f"{{{namespace(element)}}}br" if namespace(element) else "br")
        br.tail = line


_BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
                     "figcaption", "dt", "dd", "qti-prompt", "prompt"})  # fmt: skip
_SPACE = re.compile(r"[ \t\r\n\f]+")


def raw_text(element: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    """Text exactly as Certwright writes it: ``<br/>`` is a newline, nothing else changes."""
    out = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            out.append(child.tail or "")
            continue
        if local(child) == "br":
            out.append("\n")
        elif local(child) not in skip:
            out.append(raw_text(child, skip))
        out.append(child.tail or "")
    return "".join(out)


def html_text(element: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    """Text of foreign markup as a browser shows it: whitespace collapsed, a newline per block."""
    marker = "\x00"

    def walk(node: etree._Element) -> str:
        parts = [node.text or ""]
        for child in node:
            name = local(child)
            if name == "br":
                parts.append(marker)
            elif isinstance(child.tag, str) and name not in skip:
                inner = walk(child)
                parts.append(marker + inner + marker if name in _BLOCKS else inner)
            parts.append(child.tail or "")
        return "".join(parts)

    lines = (_SPACE.sub(" ", chunk).strip() for chunk in walk(element).split(marker))
    return "\n".join(line for line in lines if line)
