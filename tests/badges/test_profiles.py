"""Verification profiles: a plain VC (the W3C vectors) versus an Open Badge (every check)."""

from __future__ import annotations

import pytest

from certwright.badges.reasons import Reason
from certwright.badges.verify import OfflineResources, Profile, issuer_findings, profile_of, verify_credential
from tests.badges.support import EDDSA, NOW, OB, fragment_keys, read_json


def test_the_profile_follows_the_credential_type() -> None:
    assert profile_of(read_json(OB / "signed" / "simple-eddsa-rdfc-2022.json")) is Profile.OPEN_BADGE
    assert profile_of(read_json(EDDSA / "eddsa-rdfc-2022" / "signedDataInt.json")) is Profile.VC
    assert profile_of("not a credential") is Profile.VC


@pytest.mark.parametrize("name", ["eddsa-rdfc-2022/signedDataInt.json", "eddsa-rdfc-2022/employ/signedDataInt.json"])
def test_a_w3c_vector_passes_as_a_vc_and_fails_as_an_open_badge(name: str, resources: OfflineResources) -> None:
    vector = read_json(EDDSA / name)

    as_vc = verify_credential(vector, now=NOW, resources=resources, profile=Profile.VC)
    as_badge = verify_credential(vector, now=NOW, resources=resources)

    assert as_vc.valid, as_vc.messages
    assert as_vc.checks == ("proof", "validity")
    assert Reason.SCHEMA_INVALID in as_badge.reasons
    assert as_badge.checks == ("proof", "schema", "validity")


def test_the_vc_profile_still_checks_the_proof(resources: OfflineResources) -> None:
    vector = read_json(EDDSA / "eddsa-jcs-2022" / "signedJCS.json")
    vector["credentialSubject"]["alumniOf"] = "Another School"

    result = verify_credential(vector, now=NOW, resources=resources, profile=Profile.VC)

    assert result.reasons == (Reason.SIGNATURE_INVALID,)


def test_the_employ_vector_key_is_not_its_issuers(resources: OfflineResources) -> None:
    vector = read_json(EDDSA / "eddsa-rdfc-2022" / "employ" / "signedDataInt.json")
    assert [finding.reason for finding in issuer_findings(vector)] == [Reason.ISSUER_MISMATCH]
    badge = read_json(OB / "signed" / "simple-eddsa-rdfc-2022.json")
    assert verify_credential(badge, now=NOW, resources=resources, trusted_keys=fragment_keys(badge)).valid
