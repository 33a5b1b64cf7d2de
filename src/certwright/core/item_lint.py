"""Lint an item bank: item-writing rules, exhibits, translations, duplicates, blueprint counts.

``lint_bank(files, requirements, bank_dir)`` returns a :class:`LintReport` of findings, each
``FILE:LINE: CODE item: message`` (lines come from the native loader). Errors make the report not
``ok``; warnings (near-duplicate stems, unused exhibits) do not.

Counting rules: retired items never count. Blueprint, operational and practice counts are over
English items (Spanish items are translations of them); ``min_spanish`` counts Spanish items. The
technician A/B and exhibit shares are over the English items of the whole bank.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from lxml import etree

from certwright.core.items import (
    LETTERS,
    Exhibit,
    ExhibitKind,
    Item,
    ItemFile,
    ItemStatus,
    ItemStyle,
    ItemUse,
    technician_ab_options,
)

_KEYWORDS: Mapping[tuple[ItemStyle, str], re.Pattern[str]] = {
    (ItemStyle.EXCEPT, "en"): re.compile(r"\b(EXCEPT|NOT)\b"),
    (ItemStyle.EXCEPT, "es"): re.compile(r"\b(EXCEPTO|NO)\b"),
    (ItemStyle.MOST_LIKELY, "en"): re.compile(r"\bMOST\b"),
    (ItemStyle.MOST_LIKELY, "es"): re.compile(r"\bMÁS\b"),
    (ItemStyle.LEAST_LIKELY, "en"): re.compile(r"\bLEAST\b"),
    (ItemStyle.LEAST_LIKELY, "es"): re.compile(r"\bMENOS\b"),
}
_ABOVE = re.compile(
    r"\b(all|none) of the (above|preceding)\b|\b(todas|todos|ninguna|ninguno) (de )?(las|los) anteriores\b",
    re.IGNORECASE,
)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CANDIDATES = 20


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class TestRequirement:
    """What the bank must hold for one test (from the catalog, supplied by the caller).

    ``areas`` maps each content-area code to its blueprint count (None: no count). With
    ``full_form``, each counted area needs ``count + 2`` operational items and the test
    ``scored + 15`` in all, so a full form can be assembled with room for enemies and exposure.
    """

    __test__ = False  # not a pytest test class

    areas: Mapping[str, int | None]
    scored: int | None = None
    full_form: bool = False
    min_practice: int = 0
    min_spanish: int = 0


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    code: str
    item_id: str | None
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        who = f"{self.code} {self.item_id}" if self.item_id else self.code
        return f"{where}: {who}: {self.message}"


@dataclass(frozen=True, slots=True)
class LintReport:
    findings: tuple[Finding, ...]
    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def lines(self) -> list[str]:
        return [str(finding) for finding in self.findings]

    def codes(self) -> set[str]:
        return {finding.code for finding in self.findings}


@dataclass(frozen=True, slots=True)
class _Where:
    file: ItemFile
    line: int | None


class _Collector:
    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(self, where: _Where | str, code: str, item_id: str | None, message: str, *, warning: bool = False) -> None:
        file, line = (where, None) if isinstance(where, str) else (where.file.source, where.line)
        severity = Severity.WARNING if warning else Severity.ERROR
        self.findings.append(Finding(severity, code, item_id, file or "<bank>", line, message))


def lint_bank(
    files: Sequence[ItemFile],
    requirements: Mapping[str, TestRequirement],
    bank_dir: Path | None,
    *,
    near_duplicate_threshold: float = 0.85,
    min_technician_ab_share: float = 0.15,
    min_exhibit_share: float = 0.10,
) -> LintReport:
    """Check every item and exhibit of the bank, then the bank as a whole."""
    out = _Collector()
    located = [(item, _Where(f, f.item_line(i))) for f in files for i, item in enumerate(f.items)]
    by_id: dict[str, Item] = {}
    for item, _ in located:
        by_id.setdefault(item.id, item)
    seen: set[str] = set()
    for item, where in located:
        if item.id in seen:
            out.add(where, "duplicate-id", item.id, "another item has this id")
        seen.add(item.id)
        _check_item(out, item, where, requirements)
        _check_links(out, item, where, by_id)
    _check_exhibits(out, files, bank_dir)
    _check_duplicates(out, located, near_duplicate_threshold)
    counts = _check_counts(out, files, requirements)
    _check_shares(out, [i for i, _ in located], min_technician_ab_share, min_exhibit_share, bank_dir)
    return LintReport(tuple(out.findings), counts)


def _check_item(out: _Collector, item: Item, where: _Where, requirements: Mapping[str, TestRequirement]) -> None:
    for code, message in item_problems(item):
        out.add(where, code, item.id, message)
    requirement = requirements.get(item.test)
    if requirement is None:
        out.add(where, "unknown-test", item.id, f"test {item.test} has no requirements in the catalog")
    elif item.area not in requirement.areas:
        areas = ", ".join(requirement.areas)
        out.add(where, "area-invalid", item.id, f"area {item.area!r} is not one of {item.test}'s: {areas}")
    if item.exhibit is not None:
        exhibit = where.file.exhibit(item.exhibit)
        if exhibit is None:
            out.add(where, "exhibit-missing", item.id, f"exhibit {item.exhibit} is not in this file")
        elif not exhibit.alt.strip():
            out.add(where, "exhibit-alt-missing", item.id, f"exhibit {exhibit.id} has no alt text")


def item_problems(item: Item) -> Iterator[tuple[str, str]]:
    """The rules one item can break on its own, as (code, message)."""
    letters = tuple(opt.letter for opt in item.options)
    if letters != LETTERS:
        yield "options-shape", f"options are {', '.join(letters) or 'none'}; exactly A, B, C, D are needed"
    texts = [" ".join(unicodedata.normalize("NFKC", opt.text).casefold().split()).rstrip(".") for opt in item.options]
    if len(set(texts)) != len(texts):
        yield "options-not-distinct", "two options have the same text"
    if item.key not in LETTERS or item.key not in letters:
        yield "key-invalid", f"key {item.key!r} is not one of the options A-D"
    if not (item.rationale or "").strip():
        yield "rationale-missing", "no rationale for the key"
    missing = [opt.letter for opt in item.options if opt.letter != item.key and not (opt.rationale or "").strip()]
    if missing:
        yield "distractor-rationale-missing", f"no explanation for distractor {', '.join(missing)}"
    yield from _style_problems(item)
    for opt in item.options:
        if _ABOVE.search(opt.text):
            yield "all-none-of-the-above", f"option {opt.letter} is an all/none-of-the-above option"


def _style_problems(item: Item) -> Iterator[tuple[str, str]]:
    if item.style is ItemStyle.TECHNICIAN_AB:
        fixed = technician_ab_options(item.language)
        if tuple(opt.text for opt in item.options) != fixed:
            yield "technician-ab-options", "options must be exactly: " + " / ".join(fixed)
    pattern = _KEYWORDS.get((item.style, item.language))
    if pattern is not None and not pattern.search(item.stem):
        words = pattern.pattern.replace("\\b", "").strip("()").replace("|", " or ")
        yield "style-keyword", f"a {item.style} stem must contain the capitalised word {words}"


def _check_links(out: _Collector, item: Item, where: _Where, by_id: Mapping[str, Item]) -> None:
    for enemy in item.enemies:
        if enemy == item.id:
            out.add(where, "enemy-self", item.id, "an item cannot be its own enemy")
        elif enemy not in by_id:
            out.add(where, "enemy-missing", item.id, f"enemy {enemy} is not in the bank")
    if item.translation_of is None:
        return
    original = by_id.get(item.translation_of)
    if original is None:
        out.add(where, "translation-missing", item.id, f"translation_of {item.translation_of} is not in the bank")
        return
    if original.language == item.language:
        out.add(where, "translation-language", item.id, f"same language ({item.language}) as {original.id}")
    fields = ("key", "area", "style", "use", "exhibit")
    differ = [name for name in fields if getattr(original, name) != getattr(item, name)]
    if differ:
        out.add(where, "translation-mismatch", item.id, f"{', '.join(differ)} differ from {original.id}")


def _check_exhibits(out: _Collector, files: Sequence[ItemFile], bank_dir: Path | None) -> None:
    seen: set[str] = set()
    used = {item.exhibit for f in files for item in f.items}
    for item_file in files:
        for index, exhibit in enumerate(item_file.exhibits):
            where = _Where(item_file, item_file.exhibit_line(index))
            if exhibit.id in seen:
                out.add(where, "duplicate-exhibit-id", exhibit.id, "another exhibit has this id")
            seen.add(exhibit.id)
            if not exhibit.alt.strip():
                out.add(where, "exhibit-alt-missing", exhibit.id, "no alt text")
            if exhibit.id not in used:
                out.add(where, "exhibit-unused", exhibit.id, "no item uses this exhibit", warning=True)
            if bank_dir is not None and exhibit.file is not None:
                for code, message in exhibit_file_problems(exhibit, bank_dir):
                    out.add(where, code, exhibit.id, message)


def exhibit_file_problems(exhibit: Exhibit, bank_dir: Path) -> list[tuple[str, str]]:
    """Problems of an exhibit's file: missing, outside the bank, not a PNG, unsafe SVG."""
    root = bank_dir.resolve()
    path = (bank_dir / str(exhibit.file)).resolve()
    if not path.is_relative_to(root):
        return [("exhibit-file-outside", f"file {exhibit.file} is outside the bank folder")]
    if not path.is_file():
        return [("exhibit-file-missing", f"file {exhibit.file} does not exist")]
    data = path.read_bytes()
    if exhibit.kind is ExhibitKind.PNG and not data.startswith(_PNG_SIGNATURE):
        return [("exhibit-file-invalid", f"file {exhibit.file} is not a PNG image")]
    if exhibit.kind is ExhibitKind.SVG:
        return [(code, f"file {exhibit.file} {message}") for code, message in svg_problems(data)]
    return []


def svg_problems(data: bytes) -> list[tuple[str, str]]:
    """Why an SVG cannot be shown safely, as (code, message): it does not parse
    (``exhibit-svg-invalid``), or it has scripts, event handlers or external references
    (``exhibit-svg-unsafe``)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        return [("exhibit-svg-invalid", f"does not parse as XML: {exc}")]
    return [("exhibit-svg-unsafe", problem) for problem in _svg_unsafe(root)]


def _svg_unsafe(root: etree._Element) -> list[str]:
    problems: list[str] = []
    if root.getroottree().docinfo.doctype:
        problems.append("has a DOCTYPE (entities are not allowed)")
    if _local(root.tag) != "svg":
        problems.append(f"root element is {_local(root.tag)!r}, not svg")
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._ProcessingInstruction):
                problems.append("has a processing instruction")
            continue
        problems += _element_problems(element)
    return problems


def _element_problems(element: etree._Element) -> list[str]:
    name = _local(element.tag).lower()
    problems = [f"has a <{name}> element" for bad in ("script", "foreignobject") if name == bad]
    if name == "style" and _external(element.text or ""):
        problems.append("a <style> loads an external resource")
    for attr, value in element.attrib.items():
        attr_name = _local(str(attr)).lower()
        if attr_name.startswith("on"):
            problems.append(f"has an event handler {attr_name}")
        elif attr_name in ("href", "src") and not _internal(str(value)):
            problems.append(f"links to an external resource {str(value)[:60]!r}")
        elif _external(str(value)):
            problems.append(f"attribute {attr_name} loads an external resource")
    return problems


def _internal(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or value.lower().startswith("data:image/")


def _external(text: str) -> bool:
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", text, re.IGNORECASE)
    return "@import" in text.lower() or any(not _internal(url) for url in urls)


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", text))


def near_duplicates(stems: Sequence[str], threshold: float) -> list[tuple[int, int, float]]:
    """Stems that nearly repeat an earlier one, as (earlier, later, difflib ratio >= threshold).

    Each stem is reported at most once, against an earlier stem that is not itself a
    near-duplicate, so a family of clones costs one comparison per clone. Candidates come from an
    inverted index of words: only stems whose word sets overlap enough (Jaccard at least
    ``threshold - 0.45``; pairs above 0.85 were never seen below 0.5) are compared with difflib,
    most overlapping first and at most ``_CANDIDATES`` of them, after difflib's cheap bounds.
    """
    normalised = [_norm(stem) for stem in stems]
    words = [set(text.split()) for text in normalised]
    index: dict[str, list[int]] = defaultdict(list)
    floor = max(threshold - 0.45, 0.0)
    out = []
    for later, vocabulary in enumerate(words):
        shared: Counter[int] = Counter()
        for word in vocabulary:
            shared.update(index.get(word, ()))
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(normalised[later])
        match = None
        jaccard = {e: n / (len(words[e]) + len(vocabulary) - n) for e, n in shared.items()}
        ranked = sorted((e for e in jaccard if jaccard[e] >= floor), key=lambda e: (-jaccard[e], e))
        for earlier in ranked[:_CANDIDATES]:
            matcher.set_seq1(normalised[earlier])
            ratio = _ratio(matcher, threshold)
            if ratio is not None:
                match = (earlier, later, ratio)
                break
        if match is not None:
            out.append(match)
        else:
            for word in vocabulary:
                index[word].append(later)
    return out


def _ratio(matcher: difflib.SequenceMatcher[str], threshold: float) -> float | None:
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else None


def _check_duplicates(out: _Collector, located: Sequence[tuple[Item, _Where]], threshold: float) -> None:
    by_language: dict[str, list[tuple[Item, _Where]]] = defaultdict(list)
    for item, where in located:
        by_language[item.language].append((item, where))
    for group in by_language.values():
        for a, b, ratio in near_duplicates([item.stem for item, _ in group], threshold):
            (first, _), (second, where) = group[a], group[b]
            if first.id != second.id:
                message = f"stem is {ratio:.0%} similar to {first.id}"
                out.add(where, "near-duplicate", second.id, message, warning=True)


def _counted(items: Sequence[Item], language: str) -> list[Item]:
    return [i for i in items if i.language == language and i.status is not ItemStatus.RETIRED]


def _check_counts(
    out: _Collector, files: Sequence[ItemFile], requirements: Mapping[str, TestRequirement]
) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for test, requirement in requirements.items():
        mine = [item for f in files if f.test == test for item in f.items]
        where = next((f.source for f in files if f.test == test), "") or f"{test}.yaml"
        english = _counted(mine, "en")
        operational = [i for i in english if i.use is ItemUse.OPERATIONAL]
        tally = {
            "items": len(mine),
            "english": len(english),
            "spanish": len(_counted(mine, "es")),
            "operational": len(operational),
            "practice": len(english) - len(operational),
        }
        tally |= {f"area {a}": sum(i.area == a for i in operational) for a in requirement.areas}
        counts[test] = tally
        for code, message in _count_problems(requirement, tally):
            out.add(where, code, test, message)
    return counts


def _count_problems(requirement: TestRequirement, tally: Mapping[str, int]) -> Iterator[tuple[str, str]]:
    if requirement.full_form:
        for area, count in requirement.areas.items():
            have = tally[f"area {area}"]
            if count is not None and have < count + 2:
                yield "area-count", f"area {area}: {have} operational items, {count + 2} needed"
        if requirement.scored is not None and tally["operational"] < requirement.scored + 15:
            need = requirement.scored + 15
            yield "operational-count", f"{tally['operational']} operational items, {need} needed"
    if tally["practice"] < requirement.min_practice:
        yield "practice-count", f"{tally['practice']} practice items, {requirement.min_practice} needed"
    if tally["spanish"] < requirement.min_spanish:
        yield "spanish-count", f"{tally['spanish']} Spanish items, {requirement.min_spanish} needed"


def _check_shares(
    out: _Collector, items: Sequence[Item], min_ab: float, min_exhibit: float, bank_dir: Path | None
) -> None:
    english = _counted(items, "en")
    if not english:
        return
    where = str(bank_dir) if bank_dir is not None else "<bank>"
    ab = sum(i.style is ItemStyle.TECHNICIAN_AB for i in english) / len(english)
    shown = sum(i.exhibit is not None for i in english) / len(english)
    if ab < min_ab:
        message = f"{ab:.0%} of English items are technician A/B; {min_ab:.0%} needed"
        out.add(where, "technician-ab-share", None, message)
    if shown < min_exhibit:
        message = f"{shown:.0%} of English items have an exhibit; {min_exhibit:.0%} needed"
        out.add(where, "exhibit-share", None, message)
