"""Write an ItemFile in the diff-friendly layout of ``docs/bank/format.md``.

Stable key order, one blank line between records, ``>-`` folded block scalars for long text,
``|-`` literal ones for multi-line text (PyYAML falls back to a quoted scalar when a block
scalar could not hold the text exactly), short lists in flow style.
``parse_item_file(dump_item_file(f)) == f`` for every valid file.
"""

from __future__ import annotations

from typing import Any

import yaml

from certwright.core.items import Exhibit, Item, ItemFile

_LONG = 60
_YAML_BREAKS = frozenset("\x85\u2028\u2029\ufeff\r")


class _BankDumper(yaml.SafeDumper):
    """Indents block sequences under their key (``  - id: ...``), as the format shows."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: ARG002
        super().increase_indent(flow, False)


class _Flow(list[Any]):
    """A list written in flow style: ``[a, b]``."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if _YAML_BREAKS.intersection(data):
        style: str | None = '"'  # YAML reads these as line breaks unless escaped
    else:
        style = "|" if "\n" in data else ">" if len(data) > _LONG else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_BankDumper.add_representer(str, _represent_str)
_BankDumper.add_representer(_Flow, _represent_flow)


def _texts(values: tuple[str, ...]) -> list[str]:
    """Short lists of short texts in flow style, others one entry a line."""
    short = all(len(v) <= _LONG and "\n" not in v for v in values)
    if values and short and sum(len(v) + 2 for v in values) <= _LONG:
        return _Flow(values)
    return list(values)


def exhibit_record(exhibit: Exhibit) -> dict[str, Any]:
    record: dict[str, Any] = {"id": exhibit.id, "kind": str(exhibit.kind), "title": exhibit.title}
    if exhibit.file is not None:
        record["file"] = exhibit.file
    record["alt"] = exhibit.alt
    if exhibit.columns:
        record["columns"] = _texts(exhibit.columns)
    if exhibit.rows:
        record["rows"] = [_texts(row) for row in exhibit.rows]
    return record


def item_record(item: Item) -> dict[str, Any]:
    """The item as an ordered mapping in the native format's key order."""
    record: dict[str, Any] = {"id": item.id, "use": str(item.use), "area": item.area}
    optional_head = {
        "task": item.task,
        "style": str(item.style),
        "difficulty": str(item.difficulty),
        "language": item.language,
        "translation_of": item.translation_of,
        "translation_reviewed": item.translation_reviewed or None,
        "exhibit": item.exhibit,
        "stem": item.stem,
        "options": {opt.letter: opt.text for opt in item.options},
        "key": item.key,
        "rationale": item.rationale,
    }
    record.update({k: v for k, v in optional_head.items() if v is not None})
    distractors = {opt.letter: opt.rationale for opt in item.options if opt.rationale is not None}
    if distractors:
        record["distractors"] = distractors
    if item.references:
        record["references"] = _texts(item.references)
    if item.enemies:
        record["enemies"] = _texts(item.enemies)
    if item.author is not None:
        record["author"] = item.author
    if item.status is not None:
        record["status"] = str(item.status)
    return record


def dump_item_file(item_file: ItemFile) -> str:
    """The text of a bank file for ``item_file``."""
    document: dict[str, Any] = {"test": item_file.test}
    if item_file.exhibits:
        document["exhibits"] = [exhibit_record(ex) for ex in item_file.exhibits]
    document["items"] = [item_record(item) for item in item_file.items]
    text = yaml.dump(
        document,
        Dumper=_BankDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return _space_records(text)


def _space_records(text: str) -> str:
    """One blank line before each record of ``exhibits`` and ``items`` after the first."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("  - id: ") and out and not out[-1].endswith(":\n"):
            out.append("\n")
        if line in ("exhibits:\n", "items:\n") and out:
            out.append("\n")
        out.append(line)
    return "".join(out)
