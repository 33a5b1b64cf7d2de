"""Signed Open Badges downloaded from the app: verification, schemas, tampering, status, permissions."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.test import Client

from certwright.badges.keys import did_web_document
from certwright.badges.reasons import Reason
from certwright.badges.status_list import decode_list
from certwright.badges.verify import FORMAT_CHECKER, verify_credential
from certwright.core.roles import Role
from certwright.credentials.badges_service import offline_resources
from certwright.credentials.services import credential_reinstate, credential_revoke, credential_suspend
from tests.apps.credential_documents.conftest import ISSUER_DID, ISSUER_KEY, NOW, VECTORS

pytestmark = pytest.mark.django_db
OB_SCHEMAS = VECTORS / "openbadges-3.0" / "schemas"
STATUS_URL = "http://127.0.0.1:8000/credentials/status/revocation"


def download(client: Client, number: str, proof: str = "eddsa-rdfc-2022") -> dict[str, Any]:
    response = client.get(f"/credentials/{number}/badge.json?proof={proof}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vc+ld+json"
    return json.loads(response.content)


def status_list(client: Client) -> dict[str, Any]:
    response = Client().get("/credentials/status/revocation")
    assert response.status_code == 200
    return json.loads(response.content)


def verify(client: Client, credential: dict[str, Any]) -> Any:
    did_document = json.loads(Client().get("/.well-known/did.json").content)
    return verify_credential(
        credential,
        now=NOW,
        resources=offline_resources(),
        did_documents=[did_document],
        status_lists={STATUS_URL: status_list(client)},
    )


def schema_errors(credential: dict[str, Any], schema_path: Path) -> list[str]:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(schema, format_checker=FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(credential)]


class DownloadedBadgeTests:
    @pytest.mark.parametrize("proof", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
    @pytest.mark.parametrize("code", ["A5", "A"])
    def test_the_holder_downloads_a_badge_that_verifies_and_fits_both_ob_schemas(
        self, client: Client, holder: tuple[Any, Any], credential_of: Callable[[str], Any], code: str, proof: str
    ) -> None:
        client.force_login(holder[0])
        credential = credential_of(code)

        badge = download(client, credential.number, proof)

        result = verify(client, badge)
        assert result.valid, result.messages
        assert result.checks == ("proof", "schema", "validity", "status")
        assert badge["proof"][0]["cryptosuite"] == proof
        assert badge["proof"][0]["verificationMethod"] == f"{ISSUER_DID}#key-1"
        assert badge["issuer"]["id"] == ISSUER_DID
        assert badge["credentialSubject"]["licenseNumber"] == credential.number
        for path in (
            OB_SCHEMAS / "ob_v3p0_achievementcredential_schema.json",
            OB_SCHEMAS / "formal-2024" / "ob_v3p0_achievementcredential_schema.json",
        ):
            assert schema_errors(badge, path) == [], path

    def test_a_certification_states_the_catalog_test_and_its_expiry(
        self, client: Client, holder: tuple[Any, Any], credential_of: Callable[[str], Any]
    ) -> None:
        client.force_login(holder[0])
        badge = download(client, credential_of("A5").number)

        achievement = badge["credentialSubject"]["achievement"]
        assert achievement["name"] == "A5 Brakes"
        assert achievement["humanCode"] == "A5"
        assert "Disc Brake Diagnosis and Repair" in achievement["description"]
        assert "Pass the A5 Brakes test" in achievement["criteria"]["narrative"]
        # expired from 2030-06-01 on (New York time): the last valid second is 2030-06-01 03:59:59 UTC
        assert badge["validUntil"] == "2030-06-01T03:59:59Z"
        assert badge["credentialSubject"]["identifier"][0]["identityHash"] == "Pat Holder"
        entry = badge["credentialStatus"]
        assert entry["statusPurpose"] == "revocation"
        assert entry["statusListCredential"] == STATUS_URL
        assert entry["statusListIndex"] == str(credential_of("A5").status_list_index)

    def test_a_master_badge_lists_its_component_tests(
        self, client: Client, holder: tuple[Any, Any], credential_of: Callable[[str], Any]
    ) -> None:
        client.force_login(holder[0])
        badge = download(client, credential_of("A").number)

        achievement = badge["credentialSubject"]["achievement"]
        assert achievement["name"] == "Master Automobile Technician"
        assert [a["targetCode"] for a in achievement["alignment"]] == [f"A{i}" for i in range(1, 9)]
        assert badge["validUntil"] == "2030-06-01T03:59:59Z"

    @pytest.mark.parametrize(
        "change",
        [
            lambda b: b.__setitem__("validUntil", "2040-06-01T03:59:59Z"),
            lambda b: b["credentialSubject"]["identifier"][0].__setitem__("identityHash", "Someone Else"),
            lambda b: b["credentialSubject"]["achievement"].__setitem__("name", "A1 Engine Repair"),
            lambda b: b["credentialStatus"].__setitem__("statusListIndex", "99"),
            lambda b: b["issuer"].__setitem__("name", "Another programme"),
        ],
        ids=["validUntil", "holder", "achievement", "status index", "issuer name"],
    )
    @pytest.mark.parametrize("proof", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
    def test_changing_a_field_fails_the_signature(
        self,
        client: Client,
        holder: tuple[Any, Any],
        credential_of: Callable[[str], Any],
        change: Callable[[dict[str, Any]], None],
        proof: str,
    ) -> None:
        client.force_login(holder[0])
        badge = copy.deepcopy(download(client, credential_of("A5").number, proof))
        change(badge)

        result = verify(client, badge)

        assert Reason.SIGNATURE_INVALID in result.reasons

    def test_a_did_key_issuer_is_supported(
        self, client: Client, settings: Any, holder: tuple[Any, Any], credential_of: Callable[[str], Any]
    ) -> None:
        settings.CERTWRIGHT_ISSUER_DID = "did:key"
        client.force_login(holder[0])
        badge = download(client, credential_of("A5").number)

        assert badge["issuer"]["id"] == ISSUER_KEY.public.did_key
        assert badge["proof"][0]["verificationMethod"] == ISSUER_KEY.public.did_key_method
        result = verify_credential(
            badge, now=NOW, resources=offline_resources(), status_lists={STATUS_URL: status_list(client)}
        )
        assert result.valid, result.messages
        assert Client().get("/.well-known/did.json").status_code == 404


class StatusListTests:
    def test_revoking_and_suspending_set_the_bit_and_verification_says_so(
        self,
        client: Client,
        make_user: Callable[..., Any],
        holder: tuple[Any, Any],
        credential_of: Callable[[str], Any],
    ) -> None:
        staff = make_user(Role.STAFF, username="staff")
        client.force_login(holder[0])
        brakes, engine = credential_of("A5"), credential_of("A1")
        brakes_badge, engine_badge = download(client, brakes.number), download(client, engine.number)
        assert decode_list(status_list(client)["credentialSubject"]["encodedList"]).set_indexes() == ()

        credential_revoke(credential=brakes, by=staff, reason="Fraud found at the test centre.", today=NOW.date())
        credential_suspend(credential=engine, by=staff, reason="Under investigation.", today=NOW.date())

        bits = decode_list(status_list(client)["credentialSubject"]["encodedList"])
        assert bits.set_indexes() == tuple(sorted((brakes.status_list_index, engine.status_list_index)))
        assert verify(client, brakes_badge).reasons == (Reason.REVOKED,)
        assert verify(client, engine_badge).reasons == (Reason.REVOKED,)
        assert client.get(f"/credentials/{brakes.number}/badge.json").status_code == 409

        credential_reinstate(credential=engine, by=staff, reason="Cleared.", today=NOW.date())
        assert verify(client, engine_badge).valid
        assert verify(client, brakes_badge).reasons == (Reason.REVOKED,)

    def test_the_list_is_signed_public_and_cached_by_etag(self, holder: tuple[Any, Any]) -> None:
        anonymous = Client()
        response = anonymous.get("/credentials/status/revocation")
        assert response.status_code == 200
        listed = json.loads(response.content)
        did_document = did_web_document(ISSUER_DID, {"key-1": ISSUER_KEY.public})
        assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        assert decode_list(listed["credentialSubject"]["encodedList"]).length == 131_072
        from certwright.badges.integrity import proof_findings
        from certwright.badges.verify import key_resolver

        resolve = key_resolver(did_documents=[did_document])
        assert proof_findings(listed, resolve, loader=offline_resources().loader) == ()

        again = anonymous.get("/credentials/status/revocation", HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304


class DownloadPermissionTests:
    def test_only_the_holder_and_staff_download(
        self,
        client: Client,
        make_user: Callable[..., Any],
        holder: tuple[Any, Any],
        credential_of: Callable[[str], Any],
    ) -> None:
        number = credential_of("A5").number
        url = f"/credentials/{number}/badge.json"
        assert client.get(url).status_code == 302  # to the login page
        client.force_login(make_user(Role.CANDIDATE, username="other"))
        assert client.get(url).status_code == 403
        client.force_login(make_user(Role.EMPLOYER_ADMIN, username="employer"))
        assert client.get(url).status_code == 403
        client.force_login(make_user(Role.STAFF, username="staff"))
        assert client.get(url).status_code == 200
        assert client.get("/credentials/CW000000000/badge.json").status_code == 404
        assert client.get(url + "?proof=rsa").status_code == 400

    def test_the_credentials_page_links_the_downloads(
        self, client: Client, holder: tuple[Any, Any], credential_of: Callable[[str], Any]
    ) -> None:
        client.force_login(holder[0])
        page = client.get("/me/credentials/").content.decode()
        number = credential_of("A5").number
        assert f"/credentials/{number}/badge.json?proof=eddsa-rdfc-2022" in page
        assert f"/credentials/{number}/badge.json?proof=eddsa-jcs-2022" in page
        assert "/me/credentials/certificate.pdf" in page
        assert "/me/credentials/wallet.pdf" in page


class DidDocumentTests:
    def test_the_did_web_document_lists_the_issuer_key(self) -> None:
        response = Client().get("/.well-known/did.json")
        assert response.status_code == 200
        document = json.loads(response.content)
        assert document["id"] == ISSUER_DID
        assert document["verificationMethod"][0]["publicKeyMultibase"] == ISSUER_KEY.public.multibase
        assert document["assertionMethod"] == [f"{ISSUER_DID}#key-1"]
