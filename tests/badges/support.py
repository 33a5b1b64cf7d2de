"""Shared helpers for the badges tests: vector paths, JSON reading, sample certification facts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from certwright.badges.credentials import (
    AchievementInfo,
    CertificationFacts,
    ComponentTest,
    Holder,
    IssuerInfo,
    StatusAllocation,
)
from certwright.badges.keys import KeyPair, PublicKey

VECTORS = Path(__file__).parents[1] / "vectors"
EDDSA = VECTORS / "w3c-vc-di-eddsa" / "TestVectors"
OB = VECTORS / "openbadges-3.0"
BITSTRING = VECTORS / "w3c-vc-bitstring-status-list"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

ISSUER_KEY = KeyPair.from_seed(bytes(range(32)))
ISSUER_DID = ISSUER_KEY.public.did_key
ISSUER_METHOD = ISSUER_KEY.public.did_key_method
REVOCATION_URL = "https://certwright.example/status/revocation/1"
SUSPENSION_URL = "https://certwright.example/status/suspension/1"

COMPONENTS = (
    ComponentTest("A1", "Engine Repair", "https://certwright.example/achievements/A1"),
    ComponentTest("A2", "Automatic Transmission/Transaxle", "https://certwright.example/achievements/A2"),
    ComponentTest("A3", "Manual Drive Train and Axles", "https://certwright.example/achievements/A3"),
    ComponentTest("A4", "Suspension and Steering", "https://certwright.example/achievements/A4"),
    ComponentTest("A5", "Brakes", "https://certwright.example/achievements/A5"),
    ComponentTest("A6", "Electrical/Electronic Systems", "https://certwright.example/achievements/A6"),
    ComponentTest("A7", "Heating and Air Conditioning", "https://certwright.example/achievements/A7"),
    ComponentTest("A8", "Engine Performance", "https://certwright.example/achievements/A8"),
)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def fragment_keys(*documents: dict[str, Any]) -> dict[str, PublicKey]:
    """Trusted keys for the 1EdTech fixtures, whose method URLs end in '#<multikey>'.

    A verifier must not take a key from a URL fragment on its own; the tests play the caller
    that learned these issuer keys out of band.
    """
    keys: dict[str, PublicKey] = {}
    for document in documents:
        proofs = document.get("proof", [])
        for proof in proofs if isinstance(proofs, list) else [proofs]:
            method = proof["verificationMethod"]
            keys[method] = PublicKey.from_multibase(method.partition("#")[2])
    return keys


def brakes_facts(*, suspension: bool = False, index: int = 7) -> CertificationFacts:
    return CertificationFacts(
        credential_id="urn:uuid:6f1c2c35-3b8e-4c55-9d0a-2f3c1b0e5a77",
        certificate_number="CW-A5-000123",
        holder=Holder(name="Pat Tester", identifier="C-0042"),
        achievement=AchievementInfo(
            id="https://certwright.example/achievements/A5",
            code="A5",
            name="ASE-style A5 Brakes",
            description="Diagnosis and repair of hydraulic, drum, disc, power-assist and ABS brake systems.",
            criteria="Pass the A5 Brakes test and document two years of relevant work experience.",
        ),
        issuer=IssuerInfo(did=ISSUER_DID, name="Certwright Demo Board", url="https://certwright.example"),
        valid_from=datetime(2025, 6, 2, 9, 30, tzinfo=UTC),
        valid_until=datetime(2030, 6, 30, 23, 59, 59, tzinfo=UTC),
        status=StatusAllocation(REVOCATION_URL, index, SUSPENSION_URL if suspension else None),
    )


def master_facts() -> CertificationFacts:
    facts = brakes_facts()
    return replace(
        facts,
        credential_id="urn:uuid:0b7e8f6c-1d2a-4e3b-8c9d-5a6b7c8d9e0f",
        certificate_number="CW-MA-000077",
        achievement=AchievementInfo(
            id="https://certwright.example/achievements/master-automobile",
            code="MA",
            name="ASE-style Master Automobile Technician",
            description="Current certification in all eight automobile tests A1 to A8.",
            criteria="Hold current certification in each component test.",
        ),
    )
