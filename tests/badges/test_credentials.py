"""OpenBadgeCredentials for a certification and a Master designation: content and OB 3.0 schema."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from certwright.badges.contexts import OfflineDocumentLoader
from certwright.badges.credentials import (
    CertificationFacts,
    Holder,
    StatusAllocation,
    certification_credential,
    identity_hash,
    issue,
    master_credential,
)
from certwright.badges.verify import FORMAT_CHECKER, VENDORED_SCHEMAS, OfflineResources
from tests.badges.support import (
    COMPONENTS,
    ISSUER_KEY,
    ISSUER_METHOD,
    OB,
    REVOCATION_URL,
    SUSPENSION_URL,
    brakes_facts,
    master_facts,
    read_json,
)

SCHEMAS = {
    "2026-jsonld": VENDORED_SCHEMAS / "ob_v3p0_achievementcredential_schema.json",
    "2024-formal": VENDORED_SCHEMAS / "formal-2024" / "ob_v3p0_achievementcredential_schema.json",
}
SIGNED_AT = datetime(2025, 6, 2, 9, 31, tzinfo=UTC)


def _stock_errors(schema_path: Path, credential: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft201909Validator(read_json(schema_path), format_checker=FORMAT_CHECKER)
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(credential)]


def _variants() -> dict[str, dict[str, Any]]:
    return {
        "certification": certification_credential(brakes_facts()),
        "master": master_credential(master_facts(), COMPONENTS),
    }


def test_vendored_schemas_are_the_shared_vectors() -> None:
    for path in SCHEMAS.values():
        shared = OB / "schemas" / path.relative_to(VENDORED_SCHEMAS)
        assert path.read_bytes() == shared.read_bytes()


@pytest.mark.parametrize("schema", SCHEMAS, ids=str)
@pytest.mark.parametrize("variant", ["certification", "master"])
def test_unsigned_credentials_satisfy_the_stock_ob_schemas(schema: str, variant: str) -> None:
    assert _stock_errors(SCHEMAS[schema], _variants()[variant]) == []


@pytest.mark.parametrize("schema", SCHEMAS, ids=str)
@pytest.mark.parametrize("variant", ["certification", "master"])
def test_issued_credentials_satisfy_the_stock_ob_schemas(
    schema: str, variant: str, loader: OfflineDocumentLoader
) -> None:
    signed = issue(
        _variants()[variant], key=ISSUER_KEY, verification_method=ISSUER_METHOD, created=SIGNED_AT, loader=loader
    )

    assert isinstance(signed["proof"], list)
    assert _stock_errors(SCHEMAS[schema], signed) == []


def test_spec_examples_pass_our_schema_check(resources: OfflineResources) -> None:
    for name in ("basic-openbadgecredential", "complete-openbadgecredential", "achievement-alignment-case"):
        assert resources.schema_errors(read_json(OB / "examples" / f"{name}.json")) == ()


def test_certification_credential_content() -> None:
    credential = certification_credential(brakes_facts())
    subject = credential["credentialSubject"]
    achievement = subject["achievement"]

    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["name"] == "ASE-style A5 Brakes"
    assert credential["issuer"] == {
        "id": ISSUER_KEY.public.did_key,
        "type": ["Profile"],
        "name": "Certwright Demo Board",
        "url": "https://certwright.example",
    }
    assert credential["validFrom"] == "2025-06-02T09:30:00Z"
    assert credential["validUntil"] == "2030-06-30T23:59:59Z"
    assert subject["type"] == ["AchievementSubject"]
    assert "id" not in subject
    assert subject["licenseNumber"] == "CW-A5-000123"
    assert subject["identifier"] == [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Pat Tester"},
        {"type": "IdentityObject", "identityType": "identifier", "hashed": False, "identityHash": "C-0042"},
    ]
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "Certification"
    assert achievement["humanCode"] == "A5"
    assert achievement["criteria"]["narrative"].startswith("Pass the A5 Brakes test")
    assert "alignment" not in achievement
    assert credential["credentialStatus"] == {
        "id": f"{REVOCATION_URL}#7",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "7",
        "statusListCredential": REVOCATION_URL,
    }


def test_master_credential_lists_its_component_tests() -> None:
    achievement = master_credential(master_facts(), COMPONENTS)["credentialSubject"]["achievement"]

    assert achievement["name"] == "ASE-style Master Automobile Technician"
    assert [target["targetCode"] for target in achievement["alignment"]] == [f"A{n}" for n in range(1, 9)]
    assert achievement["alignment"][4] == {
        "type": ["Alignment"],
        "targetName": "A5 Brakes",
        "targetUrl": "https://certwright.example/achievements/A5",
        "targetCode": "A5",
        "targetType": "ceterms:Credential",
    }
    assert "- A5 Brakes" in achievement["criteria"]["narrative"]
    assert achievement["criteria"]["narrative"].count("\n- ") == 8


def test_holder_did_and_hashed_identities() -> None:
    facts = replace(
        brakes_facts(), holder=Holder(name="Pat Tester", identifier="C-0042", did="did:key:z6Mkholder", salt="s4lt")
    )
    subject = certification_credential(facts)["credentialSubject"]

    assert subject["id"] == "did:key:z6Mkholder"
    assert subject["identifier"][0] == {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": True,
        "identityHash": "sha256$" + hashlib.sha256(b"Pat Testers4lt").hexdigest(),
        "salt": "s4lt",
    }


def test_identity_hash_matches_the_ob_specification_example() -> None:
    assert identity_hash("a@example.com", "Kosher") == (
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    )


def test_revocation_and_suspension_give_two_entries() -> None:
    statuses = certification_credential(brakes_facts(suspension=True))["credentialStatus"]

    assert [entry["statusPurpose"] for entry in statuses] == ["revocation", "suspension"]
    assert [entry["statusListCredential"] for entry in statuses] == [REVOCATION_URL, SUSPENSION_URL]
    assert {entry["statusListIndex"] for entry in statuses} == {"7"}


def test_two_status_entries_break_the_stock_ob_schema_but_pass_our_check(resources: OfflineResources) -> None:
    """OB 3.0 allows one credentialStatus ([0..1]); VC 2.0 allows several. Pin the conflict."""
    credential = certification_credential(brakes_facts(suspension=True))

    for path in SCHEMAS.values():
        assert any("credentialStatus" in error for error in _stock_errors(path, credential))
    assert resources.schema_errors(credential) == ()

    broken = certification_credential(brakes_facts(suspension=True))
    del broken["credentialStatus"][1]["type"]
    assert resources.schema_errors(broken) == ("credentialStatus[1]: (root): 'type' is a required property",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"valid_until": datetime(2025, 6, 2, 9, 30, tzinfo=UTC)}, "after validFrom"),
        ({"valid_from": datetime(2025, 6, 2, 9, 30)}, "aware"),  # noqa: DTZ001
        ({"valid_until": datetime(2030, 6, 30, 23, 59, 59, 5, tzinfo=UTC)}, "whole seconds"),
    ],
)
def test_bad_dates_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        certification_credential(replace(brakes_facts(), **change))


def test_status_allocation_preconditions() -> None:
    with pytest.raises(ValueError, match="two list credentials"):
        StatusAllocation(REVOCATION_URL, 1, REVOCATION_URL)
    with pytest.raises(ValueError, match="not negative"):
        StatusAllocation(REVOCATION_URL, -1)


def test_master_needs_components() -> None:
    with pytest.raises(ValueError, match="component"):
        master_credential(master_facts(), ())


def test_issue_refuses_a_key_of_someone_else(loader: OfflineDocumentLoader) -> None:
    with pytest.raises(ValueError, match="not a key of the issuer"):
        issue(
            certification_credential(brakes_facts()),
            key=ISSUER_KEY,
            verification_method="did:web:elsewhere.example#key-1",
            created=SIGNED_AT,
            loader=loader,
        )


def test_facts_are_plain_frozen_values() -> None:
    facts: CertificationFacts = brakes_facts()
    with pytest.raises(AttributeError):
        facts.certificate_number = "changed"  # type: ignore[misc]
