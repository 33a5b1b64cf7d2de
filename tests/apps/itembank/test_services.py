"""Item bank services: versions, workflow, reviews and imports, with the audit trail."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from certwright.common.models import AuditEntry
from certwright.core.item_workflow import Vote
from certwright.core.items import ItemStatus
from certwright.core.roles import Role
from certwright.itembank.models import Item, ItemVersion
from certwright.itembank.services import (
    ItemBankError,
    bank_import,
    item_create,
    item_transition,
    item_update,
    review_resolve,
    review_vote,
)
from tests.apps.itembank.conftest import make_core

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user: Any) -> dict[str, Any]:
    return {
        "writer": make_user(Role.ITEM_WRITER),
        "r1": make_user(Role.REVIEWER),
        "r2": make_user(Role.REVIEWER),
        "r3": make_user(Role.REVIEWER),
        "staff": make_user(Role.STAFF),
    }


def test_edits_of_a_draft_change_it_in_place_but_a_delivered_version_is_frozen(people: dict[str, Any]) -> None:
    item = item_create(core=make_core(), by=people["writer"])
    assert item.status == "draft"
    item_update(item=item, core=make_core(stem="Changed stem: which is the MOST likely cause?"), by=people["writer"])
    assert ItemVersion.objects.filter(item=item).count() == 1
    ItemVersion.objects.filter(item=item).update(delivered=True)
    v2 = item_update(item=item, core=make_core(stem="Third wording of the stem."), by=people["writer"])
    assert v2.number == 2
    assert ItemVersion.objects.get(item=item, number=1).stem == "Changed stem: which is the MOST likely cause?"
    actions = list(AuditEntry.objects.filter(object_id="A5-901").values_list("action", flat=True))
    assert actions.count("item.update") == 2
    assert "item.create" in actions


def test_editing_an_item_in_review_makes_a_new_version_back_in_draft(people: dict[str, Any]) -> None:
    item = item_create(core=make_core(), by=people["writer"])
    item_transition(item=item, target=ItemStatus.IN_REVIEW, by=people["writer"])
    review_vote(item=item, by=people["r1"], vote=Vote.ACCEPT)
    version = item_update(item=item, core=make_core(task="Diagnose pedal pulsation"), by=people["writer"])
    item.refresh_from_db()
    assert version.number == 2
    assert item.status == "draft"
    assert version.reviews.count() == 0  # votes belong to the version they were cast on


def test_approval_needs_three_accepts_no_open_reject_and_not_the_author(people: dict[str, Any]) -> None:
    item = item_create(core=make_core(), by=people["writer"])
    item_transition(item=item, target=ItemStatus.IN_REVIEW, by=people["writer"])
    with pytest.raises(ItemBankError, match="nobody reviews their own item"):
        review_vote(item=item, by=people["writer"], vote=Vote.ACCEPT)
    review_vote(item=item, by=people["r1"], vote=Vote.ACCEPT)
    review_vote(item=item, by=people["r2"], vote=Vote.ACCEPT)
    with pytest.raises(ItemBankError, match="2 of 3 accept votes") as info:
        item_transition(item=item, target=ItemStatus.APPROVED, by=people["staff"])
    assert "needs_more_accepts" in info.value.reasons
    with pytest.raises(ItemBankError, match="needs a comment"):
        review_vote(item=item, by=people["r3"], vote=Vote.REJECT)
    reject = review_vote(item=item, by=people["r3"], vote=Vote.REJECT, comment="Key B is also defensible.")
    review_vote(item=item, by=people["staff"], vote=Vote.ACCEPT)
    with pytest.raises(ItemBankError, match="open reject"):
        item_transition(item=item, target=ItemStatus.APPROVED, by=people["r1"])
    with pytest.raises(ItemBankError, match="nobody approves their own item"):
        item_transition(item=item, target=ItemStatus.APPROVED, by=people["writer"])
    review_resolve(review=reject, by=people["r3"])
    item_transition(item=item, target=ItemStatus.APPROVED, by=people["r1"])
    item.refresh_from_db()
    assert item.status == "approved"


def test_lifecycle_order_and_retirement_reason(people: dict[str, Any]) -> None:
    item = item_create(core=make_core(), by=people["writer"], status=ItemStatus.APPROVED)
    with pytest.raises(ItemBankError, match="can move to"):
        item_transition(item=item, target=ItemStatus.IN_REVIEW, by=people["staff"])
    item_transition(item=item, target=ItemStatus.PRETEST, by=people["staff"])
    item_transition(item=item, target=ItemStatus.OPERATIONAL, by=people["staff"])
    with pytest.raises(ItemBankError, match="needs a reason"):
        item_transition(item=item, target=ItemStatus.RETIRED, by=people["staff"])
    item_transition(item=item, target=ItemStatus.RETIRED, by=people["staff"], reason="Over-exposed")
    item.refresh_from_db()
    assert item.retired_reason == "Over-exposed"
    with pytest.raises(ItemBankError, match="retired"):
        item_update(item=item, core=make_core(), by=people["writer"])
    entry = AuditEntry.objects.filter(action="item.transition", object_id="A5-901").first()
    assert entry is not None
    assert entry.after == {"status": "retired"}


def test_import_is_all_or_nothing(people: dict[str, Any]) -> None:
    good = make_core("A5-950")
    bad = make_core("A5-951-es", language="es", translation_of="A5-999")
    with pytest.raises(ItemBankError, match="translation_of A5-999 does not exist"):
        bank_import(items=[good, bad], exhibits=[], bank_dir=None, by=people["staff"])
    assert not Item.objects.filter(item_id="A5-950").exists()
    outcome = bank_import(items=[good, replace(bad, translation_of="A5-950")], exhibits=[], bank_dir=None)
    assert sorted(outcome.created) == ["A5-950", "A5-951-es"]
    again = bank_import(items=[good], exhibits=[], bank_dir=None)
    assert again.unchanged == ["A5-950"]
    assert Item.objects.get(item_id="A5-951-es").translation_of.item_id == "A5-950"
