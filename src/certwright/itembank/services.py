"""Writing the item bank: create, edit (versioned), transition, review, import. All audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.core.item_workflow import (
    ReviewVote,
    Vote,
    edit_makes_new_version,
    status_after_edit,
    transition_decision,
    vote_decision,
)
from certwright.core.items import Exhibit as CoreExhibit
from certwright.core.items import Item as CoreItem
from certwright.core.items import ItemStatus
from certwright.itembank.mapping import content_of, version_fields
from certwright.itembank.models import Exhibit, Item, ItemVersion, Review


class ItemBankError(ValueError):
    """A refused change, with the reasons (stable codes) and a sentence for people."""

    def __init__(self, message: str, reasons: Sequence[str] = ()) -> None:
        self.reasons = tuple(reasons)
        super().__init__(message)


def _label(user: Any) -> str:
    return getattr(user, "username", "") or "system"


def _exhibit_row(exhibit_id: str | None) -> Exhibit | None:
    if exhibit_id is None:
        return None
    row = Exhibit.objects.filter(exhibit_id=exhibit_id).first()
    if row is None:
        raise ItemBankError(f"exhibit {exhibit_id!r} does not exist in the bank")
    return row


@transaction.atomic
def exhibit_upsert(
    *, exhibit: CoreExhibit, test: str, bank_dir: Path | None, data: bytes | None = None, by: Any = None
) -> Exhibit:
    """Store an exhibit; its file comes from ``data`` (a package) or from ``bank_dir``."""
    text, binary = "", b""
    if exhibit.file:
        if data is None:
            path = (bank_dir or Path()) / exhibit.file
            if not path.is_file():
                raise ItemBankError(f"exhibit {exhibit.id}: file {path} does not exist")
            data = path.read_bytes()
        if exhibit.file.endswith(".png"):
            binary = data
        else:
            text = data.decode("utf-8")
    values = {
        "test": test,
        "kind": exhibit.kind.value,
        "title": exhibit.title,
        "alt": exhibit.alt,
        "file_name": exhibit.file or "",
        "text_content": text,
        "binary_content": binary,
        "columns": list(exhibit.columns),
        "rows": [list(r) for r in exhibit.rows],
    }
    row, created = Exhibit.objects.update_or_create(exhibit_id=exhibit.id, defaults=values)
    audit_record(
        actor=by,
        action="exhibit.create" if created else "exhibit.update",
        obj=row,
        object_id=exhibit.id,
        after={"title": exhibit.title, "kind": exhibit.kind.value},
    )
    return row


@transaction.atomic
def item_create(*, core: CoreItem, by: Any = None, status: ItemStatus | None = None) -> Item:
    if Item.objects.filter(item_id=core.id).exists():
        raise ItemBankError(f"item {core.id} already exists")
    original = None
    if core.translation_of:
        original = Item.objects.filter(item_id=core.translation_of).first()
        if original is None:
            raise ItemBankError(f"item {core.id}: translation_of {core.translation_of} does not exist")
    now = clock.now()
    item = Item.objects.create(
        item_id=core.id,
        test=core.test,
        area=core.area,
        language=core.language,
        use=core.use.value,
        status=(status or core.status or ItemStatus.DRAFT).value,
        translation_of=original,
        author=by if getattr(by, "is_authenticated", False) else None,
        author_label=core.author or _label(by),
        created_at=now,
        updated_at=now,
    )
    version = ItemVersion.objects.create(
        item=item,
        number=1,
        exhibit=_exhibit_row(core.exhibit),
        created_by=item.author,
        created_at=now,
        **version_fields(core),
    )
    audit_record(
        actor=by,
        action="item.create",
        obj=item,
        object_id=item.item_id,
        after={"status": item.status, **content_of(version)},
    )
    return item


@transaction.atomic
def item_update(*, item: Item, core: CoreItem, by: Any = None) -> ItemVersion:
    """Change an item's content. A delivered or reviewed version is never changed: a new one is made."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status == ItemStatus.RETIRED:
        raise ItemBankError(f"item {item.item_id} is retired and cannot be edited", ["retired"])
    current = item.current
    fields = version_fields(core)
    exhibit = _exhibit_row(core.exhibit)
    before = content_of(current)
    if edit_makes_new_version(delivered=current.delivered, status=ItemStatus(item.status)):
        version = ItemVersion.objects.create(
            item=item,
            number=current.number + 1,
            exhibit=exhibit,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            **fields,
        )
    else:
        version = current
        for name, value in fields.items():
            setattr(version, name, value)
        version.exhibit = exhibit
        version.save()
    old_status = item.status
    item.area, item.use = core.area, core.use.value
    item.status = status_after_edit(ItemStatus(item.status)).value
    item.updated_at = clock.now()
    item.save(update_fields=["area", "use", "status", "updated_at"])
    audit_record(
        actor=by,
        action="item.update",
        obj=item,
        object_id=item.item_id,
        before={"status": old_status, "version": current.number, **before},
        after={"status": item.status, "version": version.number, **content_of(version)},
    )
    return version


def _votes(version: ItemVersion) -> list[ReviewVote]:
    return [
        ReviewVote(r.reviewer.username, Vote(r.vote), r.resolved) for r in version.reviews.select_related("reviewer")
    ]


@transaction.atomic
def item_transition(*, item: Item, target: ItemStatus, by: Any, reason: str = "") -> Item:
    item = Item.objects.select_for_update().get(pk=item.pk)
    decision = transition_decision(
        current=ItemStatus(item.status),
        target=target,
        actor=_label(by),
        author=item.author.username if item.author is not None else None,
        votes=_votes(item.current),
        reason=reason,
        accepts_needed=settings.CERTWRIGHT_REVIEW_ACCEPTS,
    )
    if not decision.allowed:
        raise ItemBankError(f"{item.item_id}: {decision.detail}", [r.value for r in decision.reasons])
    before = item.status
    item.status = target.value
    if target is ItemStatus.RETIRED:
        item.retired_reason = reason
    item.updated_at = clock.now()
    item.save(update_fields=["status", "retired_reason", "updated_at"])
    audit_record(
        actor=by,
        action="item.transition",
        obj=item,
        object_id=item.item_id,
        before={"status": before},
        after={"status": item.status},
        reason=reason,
    )
    return item


@transaction.atomic
def review_vote(*, item: Item, by: Any, vote: Vote, comment: str = "") -> Review:
    item = Item.objects.select_for_update(of=("self",)).select_related("author").get(pk=item.pk)
    version = item.current
    author = item.author.username if item.author is not None else None
    decision = vote_decision(status=ItemStatus(item.status), reviewer=_label(by), author=author)
    if not decision.allowed:
        raise ItemBankError(f"{item.item_id}: {decision.detail}", [r.value for r in decision.reasons])
    if vote is Vote.REJECT and not comment.strip():
        raise ItemBankError("a reject vote needs a comment saying what is wrong", ["comment_required"])
    review, _ = Review.objects.update_or_create(
        version=version,
        reviewer=by,
        defaults={"vote": vote.value, "comment": comment, "resolved": False, "created_at": clock.now()},
    )
    audit_record(
        actor=by,
        action="review.vote",
        obj=review,
        after={"item": item.item_id, "version": version.number, "vote": vote.value, "comment": comment},
    )
    return review


@transaction.atomic
def review_resolve(*, review: Review, by: Any) -> Review:
    """The reviewer who rejected (or staff) marks the reject as answered."""
    review.resolved = True
    review.save(update_fields=["resolved"])
    audit_record(actor=by, action="review.resolve", obj=review, after={"resolved": True})
    return review


@dataclass
class ImportOutcome:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    exhibits: int = 0


@transaction.atomic
def bank_import(
    *,
    items: Sequence[CoreItem],
    exhibits: Sequence[CoreExhibit],
    bank_dir: Path | None,
    exhibit_files: Mapping[str, bytes] | None = None,
    by: Any = None,
    status: ItemStatus | None = None,
) -> ImportOutcome:
    """Store parsed items and exhibits; all or nothing (one transaction)."""
    outcome = ImportOutcome()
    for exhibit in exhibits:
        test = exhibit.id.split("-")[0]
        data = (exhibit_files or {}).get(exhibit.file or "")
        exhibit_upsert(exhibit=exhibit, test=test, bank_dir=bank_dir, data=data, by=by)
        outcome.exhibits += 1
    for core in sorted(items, key=lambda it: it.translation_of is not None):
        existing = Item.objects.filter(item_id=core.id).first()
        if existing is None:
            item_create(core=core, by=by, status=status)
            outcome.created.append(core.id)
            continue
        fields = version_fields(core)
        current = content_of(existing.current)
        if {k: current[k] for k in fields} == fields and current["exhibit"] == core.exhibit:
            outcome.unchanged.append(core.id)
        else:
            item_update(item=existing, core=core, by=by)
            outcome.updated.append(core.id)
    return outcome
