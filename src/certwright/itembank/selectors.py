"""Reading the item bank: lists with filters, one item with its history, review queues, snapshots."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from certwright.core.items import Exhibit as CoreExhibit
from certwright.core.items import Item as CoreItem
from certwright.core.items import ItemStatus
from certwright.itembank.mapping import content_of, exhibit_to_core, version_to_core
from certwright.itembank.models import Exhibit, Item, ItemVersion, Review

FILTERS = ("test", "area", "status", "language", "use")


def item_list(*, filters: Mapping[str, str] | None = None, search: str = "") -> QuerySet[Item]:
    qs = Item.objects.all()
    for name in FILTERS:
        value = (filters or {}).get(name)
        if value:
            qs = qs.filter(**{name: value})
    style = (filters or {}).get("style")
    if style:
        qs = qs.filter(versions__style=style).distinct()
    if search:
        qs = qs.filter(Q(item_id__icontains=search) | Q(versions__stem__icontains=search)).distinct()
    return qs


def item_get(*, item_id: str) -> Item | None:
    return Item.objects.select_related("author", "translation_of").filter(item_id=item_id).first()


def item_core(*, item: Item, version: ItemVersion | None = None) -> CoreItem:
    return version_to_core(item, version or item.current)


def exhibit_get(*, exhibit_id: str) -> Exhibit | None:
    return Exhibit.objects.filter(exhibit_id=exhibit_id).first()


def exhibits_core(*, ids: Iterable[str] | None = None, test: str | None = None) -> list[CoreExhibit]:
    qs = Exhibit.objects.all()
    if ids is not None:
        qs = qs.filter(exhibit_id__in=list(ids))
    if test:
        qs = qs.filter(test=test)
    return [exhibit_to_core(e) for e in qs]


def bank_snapshot(
    *, test: str | None = None, include_retired: bool = False
) -> tuple[list[CoreItem], list[CoreExhibit]]:
    """The current version of every item (of one test) and the exhibits they use, as core objects."""
    qs = Item.objects.select_related("translation_of").prefetch_related("versions__exhibit")
    if test:
        qs = qs.filter(test=test)
    if not include_retired:
        qs = qs.exclude(status=ItemStatus.RETIRED)
    items = []
    for item in qs:
        versions = list(item.versions.all())
        items.append(version_to_core(item, max(versions, key=lambda v: v.number)))
    used = {it.exhibit for it in items if it.exhibit}
    return items, exhibits_core(ids=used)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str
    diff: str


def version_diff(*, old: ItemVersion, new: ItemVersion) -> list[FieldChange]:
    """What changed between two versions, field by field, with a unified text diff."""
    a, b = content_of(old), content_of(new)
    changes = []
    for name in a:
        before, after = _text(a[name]), _text(b[name])
        if before != after:
            diff = "\n".join(
                difflib.unified_diff(
                    before.splitlines(), after.splitlines(), f"v{old.number}", f"v{new.number}", lineterm=""
                )
            )
            changes.append(FieldChange(name, before, after, diff))
    return changes


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(
            f"{v['letter']}. {v['text']}" + (f"  [{v['rationale']}]" if v.get("rationale") else "")
            if isinstance(v, dict)
            else str(v)
            for v in value
        )
    return "" if value is None else str(value)


def review_queue(*, user: Any) -> QuerySet[Item]:
    """Items in review that ``user`` did not write and has not voted on in their current version."""
    voted = Review.objects.filter(reviewer=user).values_list("version__item_id", "version__number")
    voted_current = {pk for pk, number in voted if Item.objects.get(pk=pk).current.number == number}
    return Item.objects.filter(status=ItemStatus.IN_REVIEW).exclude(author=user).exclude(pk__in=voted_current)


def item_next_id(*, test: str, language: str) -> str:
    """The next free id of a test: A5-077 (Spanish items get a -es suffix)."""
    numbers = [
        int(parts[1])
        for parts in (i.split("-") for i in Item.objects.filter(test=test).values_list("item_id", flat=True))
        if len(parts) > 1 and parts[1].isdigit()
    ]
    return f"{test}-{max(numbers, default=0) + 1:03d}" + ("-es" if language == "es" else "")
