"""Between database rows and the pure item model (certwright.core.items)."""

from __future__ import annotations

from typing import Any

from certwright.core.items import (
    Difficulty,
    Exhibit,
    ExhibitKind,
    Item,
    ItemStatus,
    ItemStyle,
    ItemUse,
    Option,
)
from certwright.itembank import models as m


def version_to_core(item: m.Item, version: m.ItemVersion) -> Item:
    return Item(
        id=item.item_id,
        test=item.test,
        area=item.area,
        style=ItemStyle(version.style),
        use=ItemUse(item.use),
        difficulty=Difficulty(version.difficulty),
        language=item.language,
        stem=version.stem,
        options=tuple(
            Option(letter=o["letter"], text=o["text"], rationale=o.get("rationale")) for o in version.options
        ),
        key=version.key,
        rationale=version.rationale,
        task=version.task or None,
        exhibit=version.exhibit.exhibit_id if version.exhibit is not None else None,
        references=tuple(version.references),
        enemies=tuple(version.enemies),
        author=item.author_label or None,
        translation_of=item.translation_of.item_id if item.translation_of is not None else None,
        translation_reviewed=version.translation_reviewed,
        status=ItemStatus(item.status),
    )


def version_fields(core: Item) -> dict[str, Any]:
    """The ItemVersion fields for a core item (without the exhibit, resolved by the caller)."""
    return {
        "style": core.style.value,
        "difficulty": core.difficulty.value,
        "task": core.task or "",
        "stem": core.stem,
        "options": [{"letter": o.letter, "text": o.text, "rationale": o.rationale} for o in core.options],
        "key": core.key,
        "rationale": core.rationale or "",
        "references": list(core.references),
        "enemies": list(core.enemies),
        "translation_reviewed": core.translation_reviewed,
    }


def content_of(version: m.ItemVersion) -> dict[str, Any]:
    return {
        "style": version.style,
        "difficulty": version.difficulty,
        "task": version.task,
        "stem": version.stem,
        "options": version.options,
        "key": version.key,
        "rationale": version.rationale,
        "references": version.references,
        "enemies": version.enemies,
        "translation_reviewed": version.translation_reviewed,
        "exhibit": version.exhibit.exhibit_id if version.exhibit is not None else None,
    }


def exhibit_to_core(ex: m.Exhibit) -> Exhibit:
    return Exhibit(
        id=ex.exhibit_id,
        kind=ExhibitKind(ex.kind),
        title=ex.title,
        alt=ex.alt,
        file=ex.file_name or None,
        columns=tuple(ex.columns),
        rows=tuple(tuple(r) for r in ex.rows),
    )
