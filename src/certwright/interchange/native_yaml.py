"""The native YAML bank format (``docs/bank/format.md``): load with line numbers, dump, load a bank.

The loader composes the YAML node tree (never constructs arbitrary objects) so every problem names
the file, the line of the offending node and the item, and it collects every problem before
failing: ``A5.yaml:123: item A5-007: key 'E' is not one of A-D``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from certwright.core.items import Exhibit, Item, ItemBank, ItemFile
from certwright.interchange._fields import (
    ANY_ID,
    EXHIBIT_FIELDS,
    ITEM_FIELDS,
    TEST_CODE,
    Kind,
    Value,
    bank_exhibit_id,
    bank_item_id,
    build_exhibit,
    build_item,
)
from certwright.interchange._yaml_dump import dump_item_file
from certwright.interchange.errors import ImportReport, InterchangeError, InvalidFile, report

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_NULL = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_TOP_FIELDS = ("test", "exhibits", "items")


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Reader:
    """Walks one composed document, collecting errors."""

    def __init__(self, source: str, errors: list[InterchangeError] | None = None, prefix: str = "") -> None:
        self.source = source
        self.errors: list[InterchangeError] = [] if errors is None else errors
        self.prefix = prefix
        self.key_lines: dict[int, int] = {}

    def error(self, node: yaml.Node | int, item_id: str | None, message: str) -> None:
        line = node if isinstance(node, int) else _line(node)
        self.errors.append(InterchangeError(self.source, line, item_id, self.prefix + message))

    def mapping(
        self, node: yaml.Node, allowed: tuple[str, ...] | Mapping[str, Kind], item_id: str | None
    ) -> dict[str, yaml.Node]:
        """The entries of a mapping node by key; unknown, duplicate and non-text keys reported."""
        out: dict[str, yaml.Node] = {}
        if not isinstance(node, yaml.MappingNode):
            self.error(node, item_id, "expected a mapping of field: value")
            return out
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, item_id, "field names must be plain text")
                continue
            key = str(key_node.value)
            if key in out:
                self.error(key_node, item_id, f"field {key!r} appears twice")
            elif key not in allowed:
                self.error(key_node, item_id, f"unknown field {key!r}")
            else:
                out[key] = value_node
                self.key_lines[id(value_node)] = _line(key_node)
        return out

    def value(self, node: yaml.Node, kind: Kind, name: str, item_id: str | None) -> Value:
        """The plain value of a field node, by kind; shape problems reported at the node."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return None
        if kind is Kind.TEXT and isinstance(node, yaml.ScalarNode):
            return str(node.value)
        if kind is Kind.FLAG and isinstance(node, yaml.ScalarNode) and node.tag == _BOOL_TAG:
            return _BOOL.get(str(node.value).lower(), False)
        if kind is Kind.LIST and isinstance(node, yaml.SequenceNode):
            return self._texts(node, name, item_id)
        if kind is Kind.ROWS and isinstance(node, yaml.SequenceNode):
            cells = (self._row(row, item_id) for row in node.value)
            rows: tuple[tuple[str, ...], ...] = tuple(row for row in cells if row is not None)
            return rows
        if kind is Kind.LETTERS and isinstance(node, yaml.MappingNode):
            return self._letters(node, name, item_id)
        where = self.key_lines.get(id(node), _line(node))
        shape = {
            Kind.TEXT: "text",
            Kind.FLAG: "true or false",
            Kind.LIST: "a list of texts",
            Kind.ROWS: "a list of rows",
            Kind.LETTERS: "a mapping of letters to texts",
        }[kind]
        self.error(where, item_id, f"{name} must be {shape}")
        return None

    def _texts(self, node: yaml.SequenceNode, name: str, item_id: str | None) -> tuple[str, ...]:
        out = []
        for entry in node.value:
            if isinstance(entry, yaml.ScalarNode) and entry.tag != _NULL:
                out.append(str(entry.value))
            else:
                self.error(entry, item_id, f"{name}: every entry must be text")
        return tuple(out)

    def _row(self, node: yaml.Node, item_id: str | None) -> tuple[str, ...] | None:
        if isinstance(node, yaml.SequenceNode):
            return self._texts(node, "rows", item_id)
        self.error(node, item_id, "rows: every row must be a list of cells")
        return None

    def _letters(self, node: yaml.MappingNode, name: str, item_id: str | None) -> dict[str, str]:
        out: dict[str, str] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in out:
                self.error(key_node, item_id, f"{name}: {key} appears twice")
            elif isinstance(value_node, yaml.ScalarNode) and value_node.tag != _NULL:
                out[key] = str(value_node.value)
            else:
                self.error(value_node, item_id, f"{name} {key} must be text")
        return out

    def fields(
        self, node: yaml.Node, spec: Mapping[str, Kind], item_id: str | None
    ) -> tuple[dict[str, Value], dict[str, int]]:
        """Plain values of a record (an item or an exhibit) and the line of each field's key.

        A field whose shape was wrong (already reported) is left out of the values and given the
        line 0, so later checks do not report it again as missing.
        """
        nodes = self.mapping(node, spec, item_id)
        values: dict[str, Value] = {}
        lines: dict[str, int] = {}
        for name, sub in nodes.items():
            before = len(self.errors)
            value = self.value(sub, spec[name], name, item_id)
            shape_ok = len(self.errors) == before
            lines[name] = self.key_lines[id(sub)] if shape_ok else 0
            if shape_ok:
                values[name] = value
        return values, lines

    def record_id(self, node: yaml.Node) -> str | None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == "id" and isinstance(value_node, yaml.ScalarNode):
                    return str(value_node.value)
        return None

    def sequence(self, node: yaml.Node | None, name: str) -> list[yaml.Node]:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, None, f"{name} must be a list")
            return []
        return list(node.value)


def _compose(text: str, source: str) -> yaml.Node | None:
    try:
        text.encode("utf-8")  # the YAML reader needs text that is valid Unicode
    except UnicodeEncodeError as exc:
        row, column = text.count("\n", 0, exc.start) + 1, exc.start - text.rfind("\n", 0, exc.start)
        problem = f"not valid Unicode: a lone surrogate U+{ord(text[exc.start]):04X} at column {column}"
        raise InvalidFile([InterchangeError(source, row, None, problem)]) from exc
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InvalidFile([InterchangeError(source, line, None, f"YAML: {problem}")]) from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise InvalidFile([InterchangeError(source, None, None, f"YAML: {exc}")]) from exc


def parse_item_file(text: str, source: str) -> ItemFile:
    """Parse the text of a bank file; raise InvalidFile listing every problem."""
    root = _compose(text, source)
    reader = _Reader(source)
    if root is None:
        raise InvalidFile([InterchangeError(source, 1, None, "the file is empty")])
    top = reader.mapping(root, _TOP_FIELDS, None)
    test = _test_code(reader, root, top.get("test"))
    exhibits, exhibit_lines = _exhibits(reader, top.get("exhibits"), test)
    items, item_lines = _items(reader, top.get("items"), test)
    if reader.errors:
        raise InvalidFile(reader.errors)
    return ItemFile(
        test=test,
        exhibits=tuple(exhibits),
        items=tuple(items),
        source=source,
        item_lines=tuple(item_lines),
        exhibit_lines=tuple(exhibit_lines),
    )


def _test_code(reader: _Reader, root: yaml.Node, node: yaml.Node | None) -> str:
    if node is None:
        reader.error(root, None, "test is missing (the catalog code of the test, e.g. A5)")
        return ""
    value = reader.value(node, Kind.TEXT, "test", None)
    if isinstance(value, str) and TEST_CODE.match(value):
        return value
    if value is not None:
        reader.error(node, None, f"test {value!r} is not {TEST_CODE.description}")
    return ""


def _exhibits(reader: _Reader, node: yaml.Node | None, test: str) -> tuple[list[Exhibit], list[int]]:
    out: list[Exhibit] = []
    lines: list[int] = []
    rule = bank_exhibit_id(test) if test else ANY_ID
    for entry in reader.sequence(node, "exhibits"):
        exhibit_id = reader.record_id(entry)
        if not isinstance(entry, yaml.MappingNode):
            reader.error(entry, None, "expected a mapping of field: value")
            continue
        own = _Reader(reader.source, reader.errors, prefix=f"exhibit {exhibit_id}: ")
        values, where = own.fields(entry, EXHIBIT_FIELDS, None)

        def problem(
            name: str,
            message: str,
            entry: yaml.Node = entry,
            where: dict[str, int] = where,
            exhibit_id: str | None = exhibit_id,
        ) -> None:
            if where.get(name) != 0:
                reader.error(where.get(name, _line(entry)), None, f"exhibit {exhibit_id}: {message}")

        exhibit = build_exhibit(values, problem=problem, id_rule=rule)
        if exhibit is not None:
            out.append(exhibit)
            lines.append(_line(entry))
    return out, lines


def _items(reader: _Reader, node: yaml.Node | None, test: str) -> tuple[list[Item], list[int]]:
    out: list[Item] = []
    lines: list[int] = []
    if node is None:
        reader.error(1, None, "items is missing")
    rule = bank_item_id(test) if test else ANY_ID
    for entry in reader.sequence(node, "items"):
        item_id = reader.record_id(entry)
        if not isinstance(entry, yaml.MappingNode):
            reader.error(entry, None, "expected a mapping of field: value")
            continue
        values, where = reader.fields(entry, ITEM_FIELDS, item_id)

        def problem(
            name: str,
            message: str,
            entry: yaml.Node = entry,
            where: dict[str, int] = where,
            iid: str | None = item_id,
        ) -> None:
            if where.get(name) != 0:
                reader.error(where.get(name, _line(entry)), iid, message)

        item = build_item(values, test=test, problem=problem, id_rule=rule, bank=bool(test))
        if item is not None:
            out.append(item)
            lines.append(_line(entry))
    return out, lines


def load_item_file(path: Path) -> ItemFile:
    """Load one bank file; raise InvalidFile (an InterchangeError) listing every problem."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidFile([InterchangeError(source, None, None, f"not UTF-8 text: {exc}")]) from exc
    return parse_item_file(text, source)


def read_item_file(path: Path) -> ImportReport:
    """Load one bank file into an import report (never raises for a bad file)."""
    try:
        loaded = load_item_file(path)
    except InvalidFile as exc:
        return report(str(path), (), rejected=exc.errors)
    return report(str(path), loaded.items, exhibits=loaded.exhibits)


def load_bank(bank_dir: Path) -> ItemBank:
    """Load every ``*.yaml``/``*.yml`` file of a bank folder (sorted by name).

    Raises InvalidFile listing the problems of every file.
    """
    files: list[ItemFile] = []
    errors: list[InterchangeError] = []
    paths = sorted([*bank_dir.glob("*.yaml"), *bank_dir.glob("*.yml")])
    for path in paths:
        try:
            files.append(load_item_file(path))
        except InvalidFile as exc:
            errors.extend(exc.errors)
    if errors:
        raise InvalidFile(errors)
    return ItemBank(files=tuple(files))


def write_item_file(item_file: ItemFile, path: Path) -> None:
    """Write a bank file in the diff-friendly layout of :func:`dump_item_file`."""
    path.write_text(dump_item_file(item_file), encoding="utf-8")


__all__ = [
    "dump_item_file",
    "load_bank",
    "load_item_file",
    "parse_item_file",
    "read_item_file",
    "write_item_file",
]
