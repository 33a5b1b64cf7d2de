"""``imsmanifest.xml`` of a QTI 3.0 content package, with Certwright metadata in IEEE LOM.

Each item is a resource of type ``imsqti_item_xmlv3p0`` whose ``metadata`` holds a ``lom`` record
and a ``qtiMetadata`` record. The mapping (lossless for every Item field)::

    id                    general/identifier (catalog "certwright")
    language              general/language
    author                lifeCycle/contribute (role author, vCard FN)
    difficulty            educational/difficulty (easy, medium, difficult)
    translation_of        relation kind "isbasedon" -> resource/identifier (catalog "certwright")
    references            relation kind "references" -> resource/description, one each, in order
    test, area            classification/taxonPath "certwright:blueprint": taxon id test, taxon id area
    style, use, status,   classification/taxonPath "certwright:<field>": taxon id = value
      translation_reviewed
    enemies               classification/taxonPath "certwright:enemy", one each, in order
    task                  classification/taxonPath "certwright:task": taxon entry = the task text
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lxml import etree

from certwright.core.items import Difficulty, Exhibit, Item
from certwright.interchange._fields import Value
from certwright.interchange._qti_common import CP1, CP3, ITEM_TYPES, LOM, QTI_MD3, TOOL_NAME, local

CATALOG = "certwright"
_DIFFICULTY = {Difficulty.EASY: "easy", Difficulty.MEDIUM: "medium", Difficulty.HARD: "difficult"}
_FROM_DIFFICULTY = {v: k.value for k, v in _DIFFICULTY.items()} | {
    "very easy": "easy",
    "very difficult": "hard",
}
_TAXON_FIELDS = ("style", "use", "status", "translation_reviewed")


def _lom(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{LOM}}}{name}")
    if text is not None:
        element.text = text
    return element


def _vocabulary(parent: etree._Element, name: str, value: str) -> None:
    holder = _lom(parent, name)
    _lom(holder, "source", "LOMv1.0")
    _lom(holder, "value", value)


def _langstring(parent: etree._Element, name: str, text: str, language: str = "x-none") -> None:
    _lom(_lom(parent, name), "string", text).set("language", language)


def _identifier(parent: etree._Element, entry: str) -> None:
    identifier = _lom(parent, "identifier")
    _lom(identifier, "catalog", CATALOG)
    _lom(identifier, "entry", entry)


def vcard_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def vcard_unescape(text: str) -> str:
    out, chars = [], iter(text)
    for char in chars:
        if char == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt in ("n", "N") else nxt)
        else:
            out.append(char)
    return "".join(out)


def lom_record(item: Item) -> etree._Element:
    """The LOM record of one item."""
    lom = etree.Element(f"{{{LOM}}}lom", nsmap={"lom": LOM})
    general = _lom(lom, "general")
    _identifier(general, item.id)
    _lom(general, "language", item.language)
    if item.author is not None:
        contribute = _lom(_lom(lom, "lifeCycle"), "contribute")
        _vocabulary(contribute, "role", "author")
        card = f"BEGIN:VCARD\nVERSION:3.0\nFN:{vcard_escape(item.author)}\nEND:VCARD"
        _lom(contribute, "entity", card)
    _vocabulary(_lom(lom, "educational"), "difficulty", _DIFFICULTY[item.difficulty])
    if item.translation_of is not None:
        relation = _lom(lom, "relation")
        _vocabulary(relation, "kind", "isbasedon")
        _identifier(_lom(relation, "resource"), item.translation_of)
    for reference in item.references:
        relation = _lom(lom, "relation")
        _vocabulary(relation, "kind", "references")
        _langstring(_lom(relation, "resource"), "description", reference)
    _classification(lom, item)
    return lom


def _classification(lom: etree._Element, item: Item) -> None:
    classification = _lom(lom, "classification")
    _vocabulary(classification, "purpose", "discipline")
    _taxon_path(classification, "blueprint", [item.test, item.area])
    values = {
        "style": str(item.style),
        "use": str(item.use),
        "status": str(item.status) if item.status else None,
        "translation_reviewed": "true" if item.translation_reviewed else None,
    }
    for name in _TAXON_FIELDS:
        if values[name] is not None:
            _taxon_path(classification, name, [str(values[name])])
    for enemy in item.enemies:
        _taxon_path(classification, "enemy", [enemy])
    if item.task is not None:
        path = _taxon_path(classification, "task", [])
        _langstring(_lom(path, "taxon"), "entry", item.task, item.language)


def _taxon_path(parent: etree._Element, name: str, ids: Sequence[str]) -> etree._Element:
    path = _lom(parent, "taxonPath")
    _langstring(path, "source", f"certwright:{name}")
    for taxon_id in ids:
        _lom(_lom(path, "taxon"), "id", taxon_id)
    return path


def _qti_metadata(parent: etree._Element) -> None:
    md = etree.SubElement(parent, f"{{{QTI_MD3}}}qtiMetadata", nsmap={"qti": QTI_MD3})
    for name, text in (
        ("timeDependent", "false"),
        ("interactionType", "choiceInteraction"),
        ("feedbackType", "nonadaptive"),
        ("solutionAvailable", "true"),
        ("toolName", TOOL_NAME),
        ("toolVersion", "1"),
    ):
        etree.SubElement(md, f"{{{QTI_MD3}}}{name}").text = text


def manifest_xml(items: Sequence[Item], exhibits: Mapping[str, Exhibit], identifier: str) -> bytes:
    """The manifest of a package holding ``items`` (files ``<id>.xml``) and their exhibit files."""
    root = etree.Element(f"{{{CP3}}}manifest", nsmap={None: CP3}, identifier=identifier)
    metadata = etree.SubElement(root, f"{{{CP3}}}metadata")
    etree.SubElement(metadata, f"{{{CP3}}}schema").text = "QTI Package"
    etree.SubElement(metadata, f"{{{CP3}}}schemaversion").text = "3.0.0"
    etree.SubElement(root, f"{{{CP3}}}organizations")
    resources = etree.SubElement(root, f"{{{CP3}}}resources")
    for item in items:
        href = f"{item.id}.xml"
        resource = etree.SubElement(
            resources, f"{{{CP3}}}resource", identifier=f"item-{item.id}", type=ITEM_TYPES[0], href=href
        )
        resource_md = etree.SubElement(resource, f"{{{CP3}}}metadata")
        resource_md.append(lom_record(item))
        _qti_metadata(resource_md)
        etree.SubElement(resource, f"{{{CP3}}}file", href=href)
        exhibit = exhibits.get(item.exhibit or "")
        if exhibit is not None and exhibit.file is not None:
            etree.SubElement(resource, f"{{{CP3}}}dependency", identifierref=f"exhibit-{exhibit.id}")
    for exhibit in exhibits.values():
        if exhibit.file is not None:
            resource = etree.SubElement(
                resources,
                f"{{{CP3}}}resource",
                identifier=f"exhibit-{exhibit.id}",
                type="webcontent",
                href=exhibit.file,
            )
            etree.SubElement(resource, f"{{{CP3}}}file", href=exhibit.file)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ManifestItem:
    """An item resource of a manifest: its file and the Certwright metadata found for it."""

    href: str
    location: str
    metadata: dict[str, Value] = field(default_factory=dict)


def manifest_items(root: etree._Element) -> list[ManifestItem]:
    """The item resources of a parsed manifest (QTI 3.0 or 2.x content packaging)."""
    out: list[ManifestItem] = []
    for number, resource in enumerate(_resources(root), start=1):
        if resource.get("type") not in ITEM_TYPES:
            continue
        href = str(resource.get("href") or "")
        lom = next((el for el in resource.iter(f"{{{LOM}}}lom")), None)
        metadata = read_lom(lom) if lom is not None else {}
        out.append(ManifestItem(href, f"/manifest/resources/resource[{number}]", metadata))
    return out


def _resources(root: etree._Element) -> list[etree._Element]:
    for ns in (CP3, CP1):
        found = root.findall(f"{{{ns}}}resources/{{{ns}}}resource")
        if found:
            return list(found)
    return [el for el in root.iter() if local(el) == "resource"]


def _text(element: etree._Element | None, path: str) -> str | None:
    if element is None:
        return None
    found = element.find(path.replace("lom:", f"{{{LOM}}}"))
    return None if found is None or found.text is None else str(found.text)


def read_lom(lom: etree._Element) -> dict[str, Value]:
    """The Certwright fields found in a LOM record (only those present)."""
    out: dict[str, Value] = {}
    _put(out, "id", _text(lom, "lom:general/lom:identifier/lom:entry"))
    _put(out, "language", _text(lom, "lom:general/lom:language"))
    difficulty = _text(lom, "lom:educational/lom:difficulty/lom:value")
    _put(out, "difficulty", _FROM_DIFFICULTY.get(difficulty or "", difficulty))
    card = _text(lom, "lom:lifeCycle/lom:contribute/lom:entity")
    for line in (card or "").split("\n"):
        if line.upper().startswith("FN:"):
            out["author"] = vcard_unescape(line[3:])
    references: list[str] = []
    for relation in lom.findall(f"{{{LOM}}}relation"):
        kind = _text(relation, "lom:kind/lom:value")
        if kind == "isbasedon":
            _put(out, "translation_of", _text(relation, "lom:resource/lom:identifier/lom:entry"))
        elif kind == "references":
            text = _text(relation, "lom:resource/lom:description/lom:string")
            if text is not None:
                references.append(text)
    if references:
        out["references"] = tuple(references)
    _read_taxons(lom, out)
    return out


def _put(out: dict[str, Value], name: str, value: str | None) -> None:
    if value is not None:
        out[name] = value


def _read_taxons(lom: etree._Element, out: dict[str, Value]) -> None:
    enemies: list[str] = []
    for path in lom.iter(f"{{{LOM}}}taxonPath"):
        source = (_text(path, "lom:source/lom:string") or "").removeprefix("certwright:")
        ids = [str(t.text or "") for t in path.iter(f"{{{LOM}}}id")]
        if source == "blueprint" and len(ids) == 2:
            out["test"], out["area"] = ids
        elif source == "enemy" and ids:
            enemies.append(ids[0])
        elif source == "task":
            _put(out, "task", _text(path, "lom:taxon/lom:entry/lom:string"))
        elif source in _TAXON_FIELDS and ids:
            out[source] = (ids[0] == "true") if source == "translation_reviewed" else ids[0]
    if enemies:
        out["enemies"] = tuple(enemies)
