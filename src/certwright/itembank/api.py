"""Staff JSON API for the item bank: list, get, create, update, transition."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth

from certwright.common.access import BANK_ROLES, BANK_WRITE_ROLES, has_role, may_move_item
from certwright.common.schemas import ErrorOut
from certwright.core.item_lint import item_problems
from certwright.core.items import Difficulty, Item, ItemStatus, ItemStyle, ItemUse, Option
from certwright.itembank.selectors import item_core, item_get, item_list, item_next_id
from certwright.itembank.services import ItemBankError, item_create, item_transition, item_update
from certwright.programs.selectors import catalog_current

router = Router(tags=["items"], auth=django_auth)


class OptionIO(Schema):
    letter: str
    text: str
    rationale: str | None = None


class ItemIn(Schema):
    test: str
    area: str
    style: ItemStyle
    use: ItemUse
    difficulty: Difficulty = Difficulty.MEDIUM
    language: str = "en"
    stem: str
    options: list[OptionIO]
    key: str
    rationale: str
    task: str | None = None
    exhibit: str | None = None
    references: list[str] = []
    enemies: list[str] = []
    translation_of: str | None = None


class ItemOut(ItemIn):
    id: str
    status: str
    version: int


class TransitionIn(Schema):
    target: ItemStatus
    reason: str = ""


class ItemErrorOut(Schema):
    detail: str
    problems: list[str] = []


def _out(item: Any) -> dict[str, Any]:
    core = item_core(item=item)
    return {
        "id": core.id,
        "test": core.test,
        "area": core.area,
        "style": core.style,
        "use": core.use,
        "difficulty": core.difficulty,
        "language": core.language,
        "stem": core.stem,
        "options": [{"letter": o.letter, "text": o.text, "rationale": o.rationale} for o in core.options],
        "key": core.key,
        "rationale": core.rationale or "",
        "task": core.task,
        "exhibit": core.exhibit,
        "references": list(core.references),
        "enemies": list(core.enemies),
        "translation_of": core.translation_of,
        "status": item.status,
        "version": item.current.number,
    }


def _core(data: ItemIn, item_id: str) -> tuple[Item, list[str]]:
    core = Item(
        id=item_id,
        test=data.test.upper(),
        area=data.area.upper(),
        style=data.style,
        use=data.use,
        difficulty=data.difficulty,
        language=data.language,
        stem=data.stem,
        options=tuple(Option(letter=o.letter, text=o.text, rationale=o.rationale) for o in data.options),
        key=data.key,
        rationale=data.rationale,
        task=data.task,
        exhibit=data.exhibit,
        references=tuple(data.references),
        enemies=tuple(data.enemies),
        translation_of=data.translation_of,
    )
    problems = [f"{code}: {message}" for code, message in item_problems(core)]
    spec = catalog_current().tests.get(core.test)
    if spec is None:
        problems.append(f"test: unknown test {core.test!r}")
    elif spec.area(core.area) is None:
        problems.append(f"area: {core.test} has no content area {core.area!r}")
    return core, problems


def _denied(request: HttpRequest, roles: tuple[Any, ...]) -> bool:
    return not has_role(request.user, *roles)


@router.get(
    "",
    response={200: list[ItemOut], 401: ErrorOut, 403: ErrorOut},
    summary="List items (item writers, reviewers, psychometricians, staff)",
)
def list_items(
    request: HttpRequest,
    test: str = "",
    area: str = "",
    status: str = "",
    language: str = "",
    use: str = "",
    style: str = "",
    q: str = "",
    limit: int = 100,
) -> Status[Any]:
    if _denied(request, BANK_ROLES):
        return Status(403, {"detail": "your role may not read the item bank"})
    filters = {
        "test": test.upper(),
        "area": area.upper(),
        "status": status,
        "language": language,
        "use": use,
        "style": style,
    }
    items = item_list(filters=filters, search=q)[: max(1, min(limit, 500))]
    return Status(200, [_out(i) for i in items])


@router.get(
    "/{item_id}",
    response={200: ItemOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One item, current version (item writers, reviewers, psychometricians, staff)",
)
def get_item(request: HttpRequest, item_id: str) -> Status[Any]:
    if _denied(request, BANK_ROLES):
        return Status(403, {"detail": "your role may not read the item bank"})
    item = item_get(item_id=item_id)
    if item is None:
        return Status(404, {"detail": f"no item {item_id!r}"})
    return Status(200, _out(item))


@router.post(
    "",
    response={201: ItemOut, 401: ErrorOut, 403: ErrorOut, 422: ItemErrorOut},
    summary="Create a draft item (item writers, staff)",
)
def create_item(request: HttpRequest, data: ItemIn) -> Status[Any]:
    if _denied(request, BANK_WRITE_ROLES):
        return Status(403, {"detail": "only item writers and staff write items"})
    core, problems = _core(data, "NEW")
    if problems:
        return Status(422, {"detail": "the item is not valid", "problems": problems})
    try:
        item = item_create(core=replace(core, id=item_next_id(test=core.test, language=core.language)), by=request.user)
    except ItemBankError as exc:
        return Status(422, {"detail": str(exc), "problems": list(exc.reasons)})
    return Status(201, _out(item))


@router.put(
    "/{item_id}",
    response={200: ItemOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ItemErrorOut},
    summary="Edit an item; makes a new version when needed (item writers, staff)",
)
def update_item(request: HttpRequest, item_id: str, data: ItemIn) -> Status[Any]:
    if _denied(request, BANK_WRITE_ROLES):
        return Status(403, {"detail": "only item writers and staff write items"})
    item = item_get(item_id=item_id)
    if item is None:
        return Status(404, {"detail": f"no item {item_id!r}"})
    core, problems = _core(data, item_id)
    if problems:
        return Status(422, {"detail": "the item is not valid", "problems": problems})
    try:
        item_update(item=item, core=core, by=request.user)
    except ItemBankError as exc:
        return Status(422, {"detail": str(exc), "problems": list(exc.reasons)})
    item.refresh_from_db()
    return Status(200, _out(item))


@router.post(
    "/{item_id}/transition",
    response={200: ItemOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ItemErrorOut},
    summary="Move an item through its lifecycle (by role: writers submit, reviewers approve, staff stage)",
)
def transition_item(request: HttpRequest, item_id: str, data: TransitionIn) -> Status[Any]:
    item = item_get(item_id=item_id)
    if item is None:
        return Status(404, {"detail": f"no item {item_id!r}"})
    if not may_move_item(request.user, data.target.value):
        return Status(403, {"detail": f"your role may not move items to {data.target.value}"})
    try:
        item = item_transition(item=item, target=data.target, by=request.user, reason=data.reason)
    except ItemBankError as exc:
        return Status(409, {"detail": str(exc), "problems": list(exc.reasons)})
    return Status(200, _out(item))
