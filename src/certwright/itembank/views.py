"""The item writers' and reviewers' workspace (not the Django admin)."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from certwright.common.access import BANK_ROLES, BANK_WRITE_ROLES, has_role, may_move_item, page
from certwright.common.responses import exhibit_response
from certwright.core.item_workflow import TRANSITIONS, Vote
from certwright.core.items import Item as CoreItem
from certwright.core.items import ItemStatus
from certwright.core.roles import Role
from certwright.itembank.forms import ItemForm
from certwright.itembank.models import Item, ItemVersion
from certwright.itembank.selectors import (
    exhibit_get,
    item_core,
    item_get,
    item_list,
    item_next_id,
    review_queue,
    version_diff,
)
from certwright.itembank.services import (
    ItemBankError,
    item_create,
    item_transition,
    item_update,
    review_vote,
)
from certwright.programs.selectors import catalog_current

WRITE_ROLES = BANK_WRITE_ROLES
FILTER_NAMES = ("test", "area", "style", "status", "language", "use")


def _get_item(item_id: str) -> Item:
    item = item_get(item_id=item_id)
    if item is None:
        raise Http404(f"There is no item {item_id!r}.")
    return item


@page(*BANK_ROLES, note="Item writers, reviewers, psychometricians and programme staff.")
def bank_list(request: HttpRequest) -> HttpResponse:
    filters = {name: request.GET.get(name, "").strip() for name in FILTER_NAMES}
    search = request.GET.get("q", "").strip()
    items = item_list(filters=filters, search=search).prefetch_related("versions")[:300]
    rows = [(item, item.current) for item in items]
    catalog = catalog_current()
    return render(
        request,
        "itembank/list.html",
        {
            "rows": rows,
            "filters": filters,
            "q": search,
            "tests": sorted(catalog.tests),
            "statuses": [s.value for s in ItemStatus],
            "can_write": any(has_role(request.user, r) for r in WRITE_ROLES),
        },
    )


@page(*BANK_ROLES, note="Item writers, reviewers, psychometricians and programme staff.")
def item_detail(request: HttpRequest, item_id: str) -> HttpResponse:
    item = _get_item(item_id)
    versions = list(item.versions.order_by("-number").prefetch_related("reviews__reviewer"))
    current = versions[0]
    core = item_core(item=item, version=current)
    exhibit = exhibit_get(exhibit_id=core.exhibit) if core.exhibit else None
    return render(
        request,
        "itembank/detail.html",
        {
            "item": item,
            "core": core,
            "current": current,
            "versions": versions,
            "exhibit": exhibit,
            "reviews": list(current.reviews.all()),
            "targets": sorted(t.value for t in TRANSITIONS[ItemStatus(item.status)]),
            "can_write": any(has_role(request.user, r) for r in WRITE_ROLES),
            "can_review": has_role(request.user, Role.REVIEWER),
            "can_stage": has_role(request.user, Role.STAFF, Role.REVIEWER),
            "votes": [v.value for v in Vote],
            "show_key": True,
            "exhibit_url": _exhibit_url(exhibit),
        },
    )


def _edit(request: HttpRequest, item: Item | None) -> HttpResponse:
    catalog = catalog_current()
    if request.method == "POST":
        form = ItemForm(request.POST, catalog=catalog, item_id=item.item_id if item else "")
        if form.is_valid():
            core = form.to_item()
            try:
                if item is None:
                    new_id = item_next_id(test=core.test, language=core.language)
                    created = item_create(core=_with_id(core, new_id), by=request.user)
                    messages.success(request, f"Item {created.item_id} created as a draft.")
                    return redirect("bank-item", item_id=created.item_id)
                version = item_update(item=item, core=_with_id(core, item.item_id), by=request.user)
                messages.success(request, f"Saved as version {version.number}.")
                return redirect("bank-item", item_id=item.item_id)
            except ItemBankError as exc:
                form.add_error(None, str(exc))
    else:
        initial = ItemForm.initial_from(item_core(item=item)) if item else {"language": "en", "use": "operational"}
        form = ItemForm(initial=initial, catalog=catalog, item_id=item.item_id if item else "")
    return render(request, "itembank/edit.html", {"form": form, "item": item})


@page(*WRITE_ROLES, note="Item writers and programme staff.")
def item_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@page(*WRITE_ROLES, note="Item writers and programme staff.")
def item_edit(request: HttpRequest, item_id: str) -> HttpResponse:
    return _edit(request, _get_item(item_id))


@page(*BANK_ROLES, note="Renders the candidate's view of the item being edited (no data is saved).")
@require_POST
def item_preview(request: HttpRequest) -> HttpResponse:
    form = ItemForm(request.POST, catalog=catalog_current(), item_id=request.POST.get("item_id", ""))
    valid = form.is_valid()
    core = form.preview()
    exhibit = exhibit_get(exhibit_id=core.exhibit) if core and core.exhibit else None
    return render(
        request,
        "itembank/_preview.html",
        {
            "core": core,
            "exhibit": exhibit,
            "form": form,
            "valid": valid,
            "show_key": True,
            "exhibit_url": _exhibit_url(exhibit),
        },
    )


@page(*BANK_ROLES, note="Item writers, reviewers, psychometricians and programme staff.")
def item_diff(request: HttpRequest, item_id: str) -> HttpResponse:
    item = _get_item(item_id)
    try:
        a, b = int(request.GET.get("a", "1")), int(request.GET.get("b", str(item.current.number)))
    except ValueError:
        raise Http404("Version numbers must be whole numbers.") from None
    old = ItemVersion.objects.filter(item=item, number=a).first()
    new = ItemVersion.objects.filter(item=item, number=b).first()
    if old is None or new is None:
        raise Http404(f"{item_id} has no version {a if old is None else b}.")
    return render(
        request, "itembank/diff.html", {"item": item, "old": old, "new": new, "changes": version_diff(old=old, new=new)}
    )


@page(Role.REVIEWER, note="Review panel members.")
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "itembank/queue.html", {"items": review_queue(user=request.user)})


@page(Role.REVIEWER, note="Review panel members; nobody reviews their own item.")
@require_POST
def vote(request: HttpRequest, item_id: str) -> HttpResponse:
    item = _get_item(item_id)
    try:
        review_vote(
            item=item, by=request.user, vote=Vote(request.POST.get("vote", "")), comment=request.POST.get("comment", "")
        )
        messages.success(request, "Your vote is recorded.")
    except (ItemBankError, ValueError) as exc:
        messages.error(request, f"Vote not recorded: {exc}")
    return redirect("bank-item", item_id=item_id)


@page(
    Role.ITEM_WRITER,
    Role.REVIEWER,
    Role.STAFF,
    note="Writers submit and withdraw; reviewers and staff approve; staff stage, promote and retire.",
)
@require_POST
def transition(request: HttpRequest, item_id: str) -> HttpResponse:
    item = _get_item(item_id)
    try:
        target = ItemStatus(request.POST.get("target", ""))
    except ValueError:
        messages.error(request, "Unknown target status.")
        return redirect("bank-item", item_id=item_id)
    if not may_move_item(request.user, target.value):
        messages.error(request, f"Your role may not move items to {target.value}.")
        return redirect("bank-item", item_id=item_id)
    try:
        item_transition(item=item, target=target, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, f"{item_id} is now {target.value}.")
    except ItemBankError as exc:
        messages.error(request, f"Not changed: {exc}")
    return redirect("bank-item", item_id=item_id)


@page(*BANK_ROLES, note="Exhibit files for the workspace preview.")
def exhibit_file(request: HttpRequest, exhibit_id: str) -> HttpResponse:
    exhibit = exhibit_get(exhibit_id=exhibit_id)
    if exhibit is None:
        raise Http404("No such exhibit.")
    return exhibit_response(exhibit)


def _exhibit_url(exhibit: object | None) -> str:
    if exhibit is None:
        return ""
    return reverse("bank-exhibit", args=[getattr(exhibit, "exhibit_id", "")])


def _with_id(core: CoreItem, item_id: str) -> CoreItem:
    return replace(core, id=item_id)
