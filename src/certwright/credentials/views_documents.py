"""Credential documents and Open Badges endpoints: PDFs, badge downloads, did:web, status list."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.views.decorators.http import require_GET

from certwright.candidates.models import Person
from certwright.candidates.selectors import person_for_user, person_get
from certwright.common import clock
from certwright.common.access import is_staff, page
from certwright.core.roles import Role
from certwright.credentials.badges_service import (
    BadgeUnavailableError,
    badge_filename,
    parse_proof,
    revocation_list,
    revocation_list_etag,
    signed_badge,
)
from certwright.credentials.documents import certificate_pdf, document_data, wallet_pdf
from certwright.credentials.issuer import current_issuer
from certwright.credentials.models import Credential
from certwright.credentials.selectors import credential_get

JSON_LD = "application/ld+json"
VC_MEDIA_TYPE = "application/vc+ld+json"


def may_download_badge(user: Any, credential: Credential) -> bool:
    """The holder (a badge is theirs to share) and programme staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    return credential.person.user_id == user.id or is_staff(user)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _person_documents(person: Person, kind: str) -> HttpResponse:
    data = document_data(person=person, on=clock.today())
    if kind == "certificate":
        return _pdf(certificate_pdf(data), f"certificate-{person.candidate_id}.pdf")
    return _pdf(wallet_pdf(data), f"wallet-card-{person.candidate_id}.pdf")


def _own_person(request: HttpRequest) -> Person:
    person = person_for_user(user=request.user)
    if person is None:
        raise Http404("Your account has no candidate profile.")
    return person


@page(note="Your own certificate PDF; it needs a candidate profile linked to your account.")
def my_certificate_pdf(request: HttpRequest) -> HttpResponse:
    return _person_documents(_own_person(request), "certificate")


@page(note="Your own wallet card PDF; it needs a candidate profile linked to your account.")
def my_wallet_pdf(request: HttpRequest) -> HttpResponse:
    return _person_documents(_own_person(request), "wallet")


def _staff_person(person_id: int) -> Person:
    person = person_get(person_id=person_id)
    if person is None:
        raise Http404("No such person.")
    return person


@page(Role.STAFF, note="Programme staff print a person's certificate.")
def person_certificate_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    return _person_documents(_staff_person(person_id), "certificate")


@page(Role.STAFF, note="Programme staff print a person's wallet card.")
def person_wallet_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    return _person_documents(_staff_person(person_id), "wallet")


def badge_response(request: HttpRequest, number: str) -> HttpResponse:
    """The signed badge for ``number`` (shared by the page and the API); raises on refusal."""
    try:
        proof = parse_proof(request.GET.get("proof"))
    except ValueError as error:
        return JsonResponse({"detail": str(error)}, status=400)
    credential = credential_get(number=number)
    if credential is None:
        raise Http404(f"No credential with number {number}.")
    if not may_download_badge(request.user, credential):
        raise PermissionDenied("Only the holder and programme staff may download this badge.")
    try:
        badge = signed_badge(credential, proof=proof, now=clock.now(), today=clock.today())
    except BadgeUnavailableError as error:
        return JsonResponse({"detail": str(error)}, status=409)
    response = HttpResponse(json.dumps(badge, indent=2, ensure_ascii=False), content_type=VC_MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{badge_filename(credential, proof)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@page(note="The holder and programme staff; ?proof=eddsa-rdfc-2022 (default) or eddsa-jcs-2022.")
def badge_json(request: HttpRequest, number: str) -> HttpResponse:
    return badge_response(request, number)


@require_GET
@page(public=True, note="The issuer's did:web DID document, public so anyone can check our signatures.")
def did_document(request: HttpRequest) -> HttpResponse:
    issuer = current_issuer()
    if not issuer.serves_well_known:
        raise Http404("This installation issues with a did:key; it publishes no did:web document.")
    response = HttpResponse(json.dumps(issuer.did_document(), indent=2), content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def status_list_response(request: HttpRequest) -> HttpResponseBase:
    """The signed revocation list, or 304 when the client's ETag is still current."""
    etag = revocation_list_etag()
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponseBase = HttpResponse(status=304)
    else:
        document = revocation_list(now=clock.now())
        response = HttpResponse(json.dumps(document.credential, indent=2), content_type=VC_MEDIA_TYPE)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60, must-revalidate"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@page(public=True, note="The signed Bitstring Status List of every credential: revoked or suspended bits set.")
def status_list(request: HttpRequest) -> HttpResponseBase:
    return status_list_response(request)
