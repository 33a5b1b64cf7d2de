"""The item writers' workspace: list with filters, editor with live preview, review, history and diff."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from certwright.core.items import Exhibit as CoreExhibit
from certwright.core.items import ExhibitKind, ItemStatus
from certwright.core.roles import Role
from certwright.itembank.models import Item
from certwright.itembank.services import exhibit_upsert, item_create
from tests.apps.itembank.conftest import make_core

pytestmark = pytest.mark.django_db

FORM = {
    "test": "A5",
    "area": "C",
    "task": "",
    "style": "direct",
    "use": "operational",
    "difficulty": "medium",
    "language": "en",
    "translation_of": "",
    "exhibit": "",
    "stem": "A customer reports a pulsating pedal during light stops. What is the cause?",
    "option_a": "Rotor thickness variation",
    "option_b": "A weak booster",
    "option_c": "Air in the lines",
    "option_d": "Glazed pads",
    "key": "A",
    "rationale": "Thickness variation pushes the pistons in and out.",
    "rationale_a": "",
    "rationale_b": "Raises pedal effort.",
    "rationale_c": "Spongy pedal.",
    "rationale_d": "Less friction, no pulse.",
    "references": "",
    "enemies": "",
}


def logged_in(make_user: Any, *roles: Role) -> Client:
    client = Client()
    client.force_login(make_user(*roles))
    return client


def test_only_bank_roles_open_the_workspace(make_user: Any) -> None:
    assert Client().get("/bank/").status_code == 302
    assert logged_in(make_user, Role.CANDIDATE).get("/bank/").status_code == 403
    assert logged_in(make_user, Role.REVIEWER).get("/bank/").status_code == 200


def test_list_filters_by_test_style_status_and_language(make_user: Any) -> None:
    item_create(core=make_core("A5-901"))
    item_create(core=make_core("A6-901", test="A6", area="A"))
    writer = logged_in(make_user, Role.ITEM_WRITER)
    html = writer.get("/bank/?test=A5&status=draft&language=en&style=direct").content.decode()
    assert "A5-901" in html
    assert "A6-901" not in html
    assert "A5-901" not in writer.get("/bank/?style=technician_ab").content.decode()


def test_write_preview_save_and_see_history(make_user: Any) -> None:
    writer = logged_in(make_user, Role.ITEM_WRITER)
    preview = writer.post("/bank/preview/", FORM).content.decode()
    assert "Rotor thickness variation" in preview
    assert "(key)" in preview
    bad = writer.post("/bank/preview/", dict(FORM, option_b="Rotor thickness variation")).content.decode()
    assert "two options have the same text" in bad
    response = writer.post("/bank/new/", FORM)
    assert response.status_code == 302
    item = Item.objects.get(test="A5")
    detail = writer.get(f"/bank/items/{item.item_id}/").content.decode()
    assert "As the candidate sees it" in detail
    writer.post(f"/bank/items/{item.item_id}/transition/", {"target": "in_review"})
    writer.post(f"/bank/items/{item.item_id}/edit/", dict(FORM, stem="Reworded: the pedal pulsates. Why?"))
    diff = writer.get(f"/bank/items/{item.item_id}/diff/?a=1&b=2").content.decode()
    assert "Reworded: the pedal pulsates" in diff
    assert "-A customer reports" in diff


def test_editor_refuses_an_unknown_area_with_the_reason(make_user: Any) -> None:
    writer = logged_in(make_user, Role.ITEM_WRITER)
    html = writer.post("/bank/new/", dict(FORM, area="Q")).content.decode()
    assert "A5 has no content area" in html
    assert not Item.objects.exists()


def test_review_queue_and_vote(make_user: Any) -> None:
    writer_user = make_user(Role.ITEM_WRITER)
    item = item_create(core=make_core(), by=writer_user, status=ItemStatus.IN_REVIEW)
    reviewer = logged_in(make_user, Role.REVIEWER)
    assert item.item_id in reviewer.get("/bank/review/").content.decode()
    reviewer.post(f"/bank/items/{item.item_id}/vote/", {"vote": "accept", "comment": "Clear and correct."})
    assert item.item_id not in reviewer.get("/bank/review/").content.decode()
    writer = Client()
    writer.force_login(writer_user)
    page = writer.post(f"/bank/items/{item.item_id}/transition/", {"target": "approved"}, follow=True)
    assert "may not move items to approved" in page.content.decode()


def test_exhibits_show_beside_the_stem_and_are_served_safely(make_user: Any) -> None:
    svg = CoreExhibit(id="A5-X90", kind=ExhibitKind.SVG, title="Circuit", alt="A lamp and a switch.", file="x.svg")
    exhibit_upsert(
        exhibit=svg, test="A5", bank_dir=None, data=b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    )
    item = item_create(core=make_core(exhibit="A5-X90"))
    writer = logged_in(make_user, Role.ITEM_WRITER)
    html = writer.get(f"/bank/items/{item.item_id}/").content.decode()
    assert 'alt="A lamp and a switch."' in html
    served = writer.get("/bank/exhibits/A5-X90/")
    assert served["Content-Type"] == "image/svg+xml"
    assert "sandbox" in served["Content-Security-Policy"]
