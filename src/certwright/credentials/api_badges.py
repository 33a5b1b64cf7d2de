"""API operations for signed Open Badges credentials and status lists; mounted by config/api.py."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Status
from ninja.security import django_auth

from certwright.common import clock
from certwright.common.schemas import ErrorOut
from certwright.credentials.badges_service import BadgeUnavailableError, parse_proof, revocation_list, signed_badge
from certwright.credentials.selectors import credential_get
from certwright.credentials.views_documents import may_download_badge

router = Router(tags=["badges"])

Proof = Literal["eddsa-rdfc-2022", "eddsa-jcs-2022"]


@router.get(
    "/status/revocation",
    response={200: dict[str, Any]},
    auth=None,
    summary="The signed Bitstring Status List credential (anyone, no sign-in)",
    description="A BitstringStatusListCredential, purpose revocation: the bit at a credential's "
    "statusListIndex is set while it is revoked or suspended. Same document as /credentials/status/revocation.",
)
def get_status_list(request: HttpRequest) -> Status[Any]:
    del request  # public
    return Status(200, revocation_list(now=clock.now()).credential)


@router.get(
    "/{number}",
    response={200: dict[str, Any], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=django_auth,
    summary="A credential as a signed Open Badges 3.0 OpenBadgeCredential (the holder and programme staff)",
    description="Signed on request with a Data Integrity proof (eddsa-rdfc-2022 by default, or eddsa-jcs-2022). "
    "409 when the credential is revoked or, for a Master designation, not current.",
)
def get_badge(request: HttpRequest, number: str, proof: Proof = "eddsa-rdfc-2022") -> Status[Any]:
    credential = credential_get(number=number)
    if credential is None:
        return Status(404, {"detail": f"no credential with number {number}"})
    if not may_download_badge(request.user, credential):
        return Status(403, {"detail": "only the holder and programme staff may download this badge"})
    try:
        badge = signed_badge(credential, proof=parse_proof(proof), now=clock.now(), today=clock.today())
    except BadgeUnavailableError as error:
        return Status(409, {"detail": str(error)})
    return Status(200, badge)
