"""Multibase codecs, Ed25519 Multikey pairs, did:key and did:web documents and resolution."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certwright.badges import multibase
from certwright.badges.keys import (
    KeyFormatError,
    KeyPair,
    PublicKey,
    did_key_document,
    did_web,
    did_web_document,
    did_web_document_url,
    parse_did_key,
    public_key_of_method,
    resolve_did_key,
    resolve_from_documents,
)
from certwright.badges.multibase import Base, MultibaseError
from tests.badges.support import EDDSA, read_json

KEY = KeyPair.from_seed(bytes(range(32)))


@given(st.binary(max_size=80))
def test_base58_round_trip(data: bytes) -> None:
    assert multibase.decode(multibase.encode(data, Base.BASE58BTC)) == data


@given(st.binary(max_size=80))
def test_base64url_round_trip_without_padding(data: bytes) -> None:
    encoded = multibase.encode(data, Base.BASE64URL)
    assert encoded.startswith("u")
    assert "=" not in encoded
    assert multibase.decode(encoded) == data


@pytest.mark.parametrize(
    ("data", "encoded"),
    [
        (b"", "z"),
        (b"\0\0\x01", "z112"),
        (b"Hello World!", "z2NEpo7TZRRrLZSi2U"),
        (b"\xff\xfe", "u__4"),
    ],
)
def test_known_encodings(data: bytes, encoded: str) -> None:
    assert multibase.encode(data, Base(encoded[0])) == encoded
    assert multibase.decode(encoded) == data


@pytest.mark.parametrize("text", ["", "m8J+YgA", "z0OIl", "u+/==", "uA", "uAA=="])
def test_bad_multibase_is_refused(text: str) -> None:
    with pytest.raises(MultibaseError):
        multibase.decode(text)


def test_expected_base_is_enforced() -> None:
    with pytest.raises(MultibaseError, match="expected"):
        multibase.decode("uAAAA", Base.BASE58BTC)


def test_vector_key_pair_derives_its_public_key() -> None:
    pair = read_json(EDDSA / "keyPair.json")
    key = KeyPair.from_multibase(pair["privateKeyMultibase"])

    assert key.public.multibase == pair["publicKeyMultibase"]
    assert key.private_multibase == pair["privateKeyMultibase"]
    assert key.public.multibase.startswith("z6Mk")
    assert multibase.decode(key.public.multibase)[:2] == b"\xed\x01"


def test_mismatched_public_key_is_refused() -> None:
    pair = read_json(EDDSA / "keyPair.json")
    with pytest.raises(KeyFormatError, match="does not belong"):
        KeyPair.from_multibase(pair["privateKeyMultibase"], KEY.public.multibase)


def test_private_key_never_shows_in_repr() -> None:
    assert KEY.seed.hex() not in repr(KEY)
    assert "seed" not in repr(KEY)


def test_generated_keys_sign_and_verify() -> None:
    key = KeyPair.generate()
    signature = key.sign(b"message")

    assert key.public.verify(signature, b"message")
    assert not key.public.verify(signature, b"massage")
    assert not KEY.public.verify(signature, b"message")


@given(st.binary(min_size=32, max_size=32))
def test_did_key_round_trip(seed: bytes) -> None:
    key = KeyPair.from_seed(seed)
    did = key.public.did_key

    assert parse_did_key(did) == key.public
    assert resolve_did_key(key.public.did_key_method) == key.public
    assert PublicKey.from_multibase(key.public.multibase) == key.public
    assert KeyPair.from_multibase(key.private_multibase, key.public.multibase) == key


@pytest.mark.parametrize(
    "method",
    [
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",  # no fragment
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#key-1",
        "did:key:zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76#zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76",
        "did:web:example.com#key-1",
        "did:key:not-base58!#x",
    ],
)
def test_did_key_resolution_refuses_other_methods(method: str) -> None:
    assert resolve_did_key(method) is None


def test_did_key_document_lists_the_key_for_every_relationship() -> None:
    did = KEY.public.did_key
    document = did_key_document(did)
    method = document["verificationMethod"][0]

    assert document["id"] == did
    assert method == {
        "id": KEY.public.did_key_method,
        "type": "Multikey",
        "controller": did,
        "publicKeyMultibase": KEY.public.multibase,
    }
    for relationship in ("authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation"):
        assert document[relationship] == [KEY.public.did_key_method]
    assert resolve_from_documents(KEY.public.did_key_method, [document]) == KEY.public


@pytest.mark.parametrize(
    ("host", "path", "did", "url"),
    [
        ("certwright.example", (), "did:web:certwright.example", "https://certwright.example/.well-known/did.json"),
        (
            "Certs.Example.org",
            ("issuers", "ase"),
            "did:web:certs.example.org:issuers:ase",
            "https://certs.example.org/issuers/ase/did.json",
        ),
        ("localhost:8443", (), "did:web:localhost%3A8443", "https://localhost:8443/.well-known/did.json"),
    ],
)
def test_did_web_identifier_and_document_url(host: str, path: tuple[str, ...], did: str, url: str) -> None:
    assert did_web(host, path) == did
    assert did_web_document_url(did) == url


@pytest.mark.parametrize("bad", ["", "example.com/path"])
def test_did_web_refuses_bad_hosts(bad: str) -> None:
    with pytest.raises(KeyFormatError):
        did_web(bad)


def test_did_web_document_authorises_keys_for_assertion() -> None:
    did = did_web("certwright.example")
    other = KeyPair.from_seed(b"\x01" * 32).public
    document = did_web_document(did, {"key-2025": KEY.public, "key-2026": other})

    assert [method["id"] for method in document["verificationMethod"]] == [f"{did}#key-2025", f"{did}#key-2026"]
    assert document["assertionMethod"] == [f"{did}#key-2025", f"{did}#key-2026"]
    assert resolve_from_documents(f"{did}#key-2026", [document]) == other
    assert resolve_from_documents(f"{did}#key-2027", [document]) is None
    assert resolve_from_documents(f"{did}#key-2025", [document], purpose="capabilityDelegation") is None


def test_did_web_document_only_for_known_relationships() -> None:
    with pytest.raises(KeyFormatError, match="relationship"):
        did_web_document("did:web:x.example", {"k": KEY.public}, relationships=("signing",))
    with pytest.raises(KeyFormatError, match="at least one"):
        did_web_document("did:web:x.example", {})


def test_resolution_handles_relative_ids_and_embedded_methods() -> None:
    did = "did:web:issuer.example"
    document = {
        "id": did,
        "verificationMethod": [
            {
                "id": "#a",
                "type": "Ed25519VerificationKey2020",
                "controller": did,
                "publicKeyMultibase": KEY.public.multibase,
            }
        ],
        "assertionMethod": [
            "#a",
            {
                "id": f"{did}#jwk",
                "type": "JsonWebKey",
                "controller": did,
                "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": multibase.base64url_encode(KEY.public.raw)},
            },
        ],
    }

    assert resolve_from_documents(f"{did}#a", [document]) == KEY.public
    assert resolve_from_documents(f"{did}#jwk", [document]) == KEY.public


def test_resolution_needs_the_documents_own_controller_and_id() -> None:
    did = "did:web:issuer.example"
    method = {
        "id": f"{did}#a",
        "type": "Multikey",
        "controller": "did:web:evil.example",
        "publicKeyMultibase": KEY.public.multibase,
    }
    foreign = {"id": did, "verificationMethod": [method], "assertionMethod": [f"{did}#a"]}
    impostor = {**foreign, "id": "did:web:evil.example"}

    assert resolve_from_documents(f"{did}#a", [foreign]) is None
    assert resolve_from_documents(f"{did}#a", [impostor]) is None


@pytest.mark.parametrize(
    "method",
    [
        {"type": "Multikey", "publicKeyMultibase": "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"},  # secp256k1
        {"type": "Multikey"},
        {"type": "JsonWebKey", "publicKeyJwk": {"kty": "EC", "crv": "P-256", "x": "AA"}},
        {"type": "RsaVerificationKey2018", "publicKeyPem": "..."},
    ],
)
def test_non_ed25519_methods_give_no_key(method: dict[str, object]) -> None:
    assert public_key_of_method(method) is None


def test_public_keys_have_32_bytes() -> None:
    with pytest.raises(KeyFormatError):
        PublicKey(b"\0" * 31)
    with pytest.raises(KeyFormatError):
        KeyPair.from_seed(b"\0" * 33)
