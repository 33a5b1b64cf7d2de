"""API operations of the credentials app; mounted by config/api.py at /api/v1/."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from certwright.candidates.selectors import person_for_user
from certwright.common import clock
from certwright.common.access import is_staff
from certwright.common.schemas import ErrorOut
from certwright.credentials import ratelimit
from certwright.credentials.presenters import NOT_FOUND, state_data, verification_data
from certwright.credentials.selectors import (
    MalformedNumberError,
    credential_get,
    credential_states,
    credential_status,
    verify_lookup,
)
from certwright.credentials.services import (
    CredentialError,
    credential_reinstate,
    credential_revoke,
    credential_suspend,
)

router = Router(tags=["credentials"])


class CredentialOut(Schema):
    number: str
    kind: Literal["test", "master"]
    code: str
    name: str
    status: Literal["active", "expired", "lapsed", "suspended", "revoked"]
    issued_on: date
    valid_from: date
    valid_until: date | None


class VerificationOut(Schema):
    holder: str
    credentials: list[CredentialOut]
    master_designations: list[CredentialOut]


class MineOut(Schema):
    holder: str
    as_of: date
    credentials: list[CredentialOut]
    master_designations: list[CredentialOut]


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


@router.get(
    "/verify/{number}",
    response={200: VerificationOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Verify a certificate (anyone; rate-limited per client address)",
    description="Anyone, signed in or not. Needs the holder's last name (case and spacing do not matter). "
    "Returns the holder's name and each of their credentials and Master designations with status and dates; "
    "nothing else. An unknown number and a wrong last name get the same 404. "
    "At most CERTWRIGHT_VERIFY_RATE_LIMIT requests per client address (default 30/minute), then 429 "
    "with a Retry-After header.",
    auth=None,
)
def verify(request: HttpRequest, number: str, last_name: str) -> Status[Any] | JsonResponse:
    decision = ratelimit.hit(request)
    if not decision.allowed:
        response = JsonResponse({"detail": decision.message}, status=429)
        response["Retry-After"] = str(decision.retry_after)
        return response
    if not last_name.strip():
        return Status(422, {"detail": "last_name: the holder's last name is required."})
    try:
        found = verify_lookup(number=number, last_name=last_name, today=clock.today())
    except MalformedNumberError as error:
        return Status(422, {"detail": f"number: {error}"})
    if found is None:
        return Status(404, {"detail": NOT_FOUND})
    return Status(200, verification_data(found))


@router.get(
    "/credentials/mine",
    response={200: MineOut, 401: ErrorOut, 404: ErrorOut},
    summary="My credentials (any signed-in user with a candidate profile)",
    description="The signed-in person's own credentials and Master designations with status and dates.",
    auth=django_auth,
)
def mine(request: HttpRequest) -> Status[Any]:
    person = person_for_user(user=request.user)
    if person is None:
        return Status(404, {"detail": "Your account has no candidate profile."})
    today = clock.today()
    states = credential_states(person=person, today=today)
    return Status(
        200,
        {
            "holder": person.name,
            "as_of": today,
            "credentials": [state_data(s) for s in states if not s.is_master],
            "master_designations": [state_data(s) for s in states if s.is_master],
        },
    )


def _staff_change(request: HttpRequest, number: str, payload: ReasonIn, change: Any) -> Status[Any]:
    if not is_staff(request.user):
        return Status(403, {"detail": "Only programme staff may change a credential's status."})
    credential = credential_get(number=number)
    if credential is None:
        return Status(404, {"detail": f"No credential with number {number!r}."})
    today = clock.today()
    try:
        credential = change(credential=credential, by=request.user, reason=payload.reason, today=today)
    except CredentialError as error:
        return Status(409, {"detail": f"{credential.number}: {error}"})
    return Status(200, state_data(credential_status(credential, today=today)))


STAFF_RESPONSES = {200: CredentialOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post(
    "/credentials/{number}/suspend",
    response=STAFF_RESPONSES,
    summary="Suspend a credential (programme staff)",
    description="Programme staff only. A reason is required; the change is audited. "
    "409 unless the credential is active.",
    auth=django_auth,
)
def suspend(request: HttpRequest, number: str, payload: ReasonIn) -> Status[Any]:
    return _staff_change(request, number, payload, credential_suspend)


@router.post(
    "/credentials/{number}/reinstate",
    response=STAFF_RESPONSES,
    summary="Reinstate a suspended credential (programme staff)",
    description="Programme staff only. A reason is required; the change is audited. 409 unless it is suspended.",
    auth=django_auth,
)
def reinstate(request: HttpRequest, number: str, payload: ReasonIn) -> Status[Any]:
    return _staff_change(request, number, payload, credential_reinstate)


@router.post(
    "/credentials/{number}/revoke",
    response=STAFF_RESPONSES,
    summary="Revoke a credential, finally (programme staff)",
    description="Programme staff only. A reason is required; the change is audited and final "
    "(a test credential's certification stops counting in the standing). 409 if already revoked.",
    auth=django_auth,
)
def revoke(request: HttpRequest, number: str, payload: ReasonIn) -> Status[Any]:
    return _staff_change(request, number, payload, credential_revoke)
