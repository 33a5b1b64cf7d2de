"""Our signer reproduces the W3C vc-di-eddsa test vectors byte for byte, and verifies them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from certwright.badges import multibase
from certwright.badges.contexts import OfflineDocumentLoader
from certwright.badges.integrity import Cryptosuite, hash_data, proof_options, sign, verify
from certwright.badges.keys import KeyPair, resolve_did_key
from certwright.badges.timestamps import parse_datetime
from tests.badges.support import EDDSA, read_json

CREATED = datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)


@dataclass(frozen=True)
class Vector:
    name: str
    cryptosuite: Cryptosuite
    unsigned: Path
    folder: Path
    suffix: str

    def text(self, stem: str, extension: str = "txt") -> str:
        return (self.folder / f"{stem}{self.suffix}.{extension}").read_text(encoding="utf-8")


VECTORS = [
    Vector("jcs", Cryptosuite.EDDSA_JCS_2022, EDDSA / "unsigned.json", EDDSA / "eddsa-jcs-2022", "JCS"),
    Vector("rdfc", Cryptosuite.EDDSA_RDFC_2022, EDDSA / "unsigned.json", EDDSA / "eddsa-rdfc-2022", "DataInt"),
    Vector(
        "rdfc-employ",
        Cryptosuite.EDDSA_RDFC_2022,
        EDDSA / "employmentAuth.json",
        EDDSA / "eddsa-rdfc-2022" / "employ",
        "DataInt",
    ),
]
IDS = [vector.name for vector in VECTORS]


def _config(vector: Vector, key: KeyPair) -> dict[str, object]:
    config = proof_options(
        cryptosuite=vector.cryptosuite, verification_method=key.public.did_key_method, created=CREATED
    )
    config["@context"] = read_json(vector.unsigned)["@context"]
    return config


def test_key_pair_is_the_vectors_did_key(vector_key: KeyPair) -> None:
    assert vector_key.public.did_key == "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_proof_configuration_equals_the_vector(vector: Vector, vector_key: KeyPair) -> None:
    assert _config(vector, vector_key) == read_json(vector.folder / f"proofConfig{vector.suffix}.json")


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_canonical_forms_and_hashes_equal_the_vector(
    vector: Vector, vector_key: KeyPair, loader: OfflineDocumentLoader
) -> None:
    data = hash_data(read_json(vector.unsigned), _config(vector, vector_key), vector.cryptosuite, loader)

    assert data.canonical_document.decode("utf-8") == vector.text("canonDoc")
    assert data.canonical_proof_config.decode("utf-8") == vector.text("proofCanon")
    assert data.document_hash.hex() == vector.text("docHash")
    assert data.proof_config_hash.hex() == vector.text("proofHash")
    assert data.combined.hex() == vector.text("combinedHash")


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_signature_equals_the_vector(vector: Vector, vector_key: KeyPair, loader: OfflineDocumentLoader) -> None:
    data = hash_data(read_json(vector.unsigned), _config(vector, vector_key), vector.cryptosuite, loader)
    signature = vector_key.sign(data.combined)

    assert signature.hex() == vector.text("sigHex")
    assert multibase.encode(signature) == vector.text("sigBTC58")


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_signed_document_equals_the_vector_byte_for_byte(
    vector: Vector, vector_key: KeyPair, loader: OfflineDocumentLoader
) -> None:
    signed = sign(
        read_json(vector.unsigned),
        vector_key,
        vector_key.public.did_key_method,
        CREATED,
        cryptosuite=vector.cryptosuite,
        loader=loader,
    )

    assert json.dumps(signed, indent=2) == vector.text("signed", "json")


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_signed_vector_verifies(vector: Vector, loader: OfflineDocumentLoader) -> None:
    result = verify(read_json(vector.folder / f"signed{vector.suffix}.json"), resolve_did_key, loader=loader)

    assert result.valid, result.messages
    assert result.checks == ("proof",)


def test_jcs_signing_needs_no_loader(vector_key: KeyPair) -> None:
    signed = sign(
        read_json(EDDSA / "unsigned.json"),
        vector_key,
        vector_key.public.did_key_method,
        CREATED,
        cryptosuite=Cryptosuite.EDDSA_JCS_2022,
    )

    assert verify(signed, resolve_did_key).valid


SET_CHAIN = EDDSA / "proof-set-chain"


def _step(document: dict[str, Any], config_file: str, key: KeyPair, loader: OfflineDocumentLoader) -> dict[str, Any]:
    config = read_json(SET_CHAIN / config_file)
    previous = config.get("previousProof")
    created = parse_datetime(config["created"])
    assert created is not None
    return sign(
        document,
        key,
        config["verificationMethod"],
        created,
        proof_id=config.get("id"),
        previous_proof=tuple(previous) if isinstance(previous, list) else previous,
        loader=loader,
    )


def test_proof_sets_and_chains_equal_the_vectors_byte_for_byte(loader: OfflineDocumentLoader) -> None:
    pairs = read_json(SET_CHAIN / "multiKeyPairs.json")
    keys = {
        name: KeyPair.from_multibase(p["privateKeyMultibase"], p["publicKeyMultibase"]) for name, p in pairs.items()
    }
    document = read_json(SET_CHAIN / "unsigned.json")
    steps = [
        ("proofSetConfig1.json", "keyPair1", "signedProofSet1.json"),
        ("proofSetConfig2.json", "keyPair2", "signedProofSet2.json"),
        ("proofChainConfig1.json", "keyPair3", "signedProofChain1.json"),
        ("proofChainConfig2.json", "keyPair4", "signedProofChain2.json"),
    ]
    for config_file, key_name, expected_file in steps:
        document = _step(document, config_file, keys[key_name], loader)
        assert json.dumps(document, indent=2) == (SET_CHAIN / expected_file).read_text(encoding="utf-8")
        assert verify(document, resolve_did_key, loader=loader).valid
