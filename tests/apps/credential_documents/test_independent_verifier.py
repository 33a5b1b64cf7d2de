"""Independent checks of our signed badges, by code that is not ours.

openbadgeslib (a test dependency) ships an OB 3.0 Data Integrity verifier, ``OB3LdpVerifier``
(eddsa-rdfc-2022 with its own pinned contexts and pyld canonicalization). It has no eddsa-jcs-2022
verifier, so the JCS proof is checked here with hash data built by hand (for our documents, which
hold only strings, lists and objects with ASCII keys, RFC 8785 is ``json.dumps`` with sorted keys and
no whitespace) and ``cryptography``'s Ed25519, outside our badges package.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.test import Client

from tests.apps.credential_documents.conftest import ISSUER_KEY

openbadgeslib_ldp = pytest.importorskip("openbadgeslib.ob3.ldp")
pytestmark = pytest.mark.django_db

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + B58.index(char)
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + raw


def jcs(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def download(client: Client, number: str, proof: str) -> dict[str, Any]:
    response = client.get(f"/credentials/{number}/badge.json?proof={proof}")
    assert response.status_code == 200
    return json.loads(response.content)


class IndependentVerifierTests:
    @pytest.mark.parametrize("code", ["A5", "A"])
    def test_openbadgeslib_accepts_our_rdfc_badge_and_rejects_a_changed_one(
        self, client: Client, holder: tuple[Any, Any], credential_of: Callable[[str], Any], code: str
    ) -> None:
        client.force_login(holder[0])
        badge = download(client, credential_of(code).number, "eddsa-rdfc-2022")
        verifier = openbadgeslib_ldp.OB3LdpVerifier(
            pubkey_pem=Ed25519PublicKey.from_public_bytes(ISSUER_KEY.public.raw)
        )

        accepted = verifier.verify(badge)

        assert accepted is not None
        badge["credentialSubject"]["achievement"]["name"] = "A1 Engine Repair"
        with pytest.raises(Exception, match=r"(?i)signature|verif"):
            verifier.verify(badge)

    def test_the_jcs_proof_verifies_with_a_hand_built_hash(
        self, client: Client, holder: tuple[Any, Any], credential_of: Callable[[str], Any]
    ) -> None:
        client.force_login(holder[0])
        badge = download(client, credential_of("A5").number, "eddsa-jcs-2022")
        proof = dict(badge.pop("proof")[0])
        signature = b58decode(proof.pop("proofValue")[1:])
        # vc-di-eddsa 3.3: proof config = the proof without proofValue, with the document's @context
        proof["@context"] = badge["@context"]

        hash_data = hashlib.sha256(jcs(proof)).digest() + hashlib.sha256(jcs(badge)).digest()

        Ed25519PublicKey.from_public_bytes(ISSUER_KEY.public.raw).verify(signature, hash_data)
