"""Ed25519 keys as Multikey values, did:key identifiers and did:web DID documents.

- Multikey public key: multibase base58btc of the multicodec header ``0xed 0x01`` followed by
  the 32 key bytes (so it always starts ``z6Mk``); the private key uses header ``0x80 0x26``
  (ed25519-priv) followed by the 32-byte seed (Controlled Identifiers v1.0, "Multikey").
- did:key: ``did:key:<multikey>``; its only verification method is
  ``did:key:<multikey>#<multikey>`` (The did:key Method v0.9).
- did:web: ``did:web:<host>[:<path>...]`` whose document is served at
  ``https://<host>/.well-known/did.json`` or ``https://<host>/<path>/did.json`` (did:web
  Method Specification). Nothing here fetches it: callers pass the documents they hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import quote, unquote

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from certwright.badges import multibase
from certwright.badges.multibase import Base, MultibaseError

ED25519_PUBLIC_HEADER: Final = b"\xed\x01"
ED25519_PRIVATE_HEADER: Final = b"\x80\x26"
KEY_LENGTH: Final = 32
DID_CONTEXTS: Final = ("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1")
VERIFICATION_RELATIONSHIPS: Final = (
    "authentication",
    "assertionMethod",
    "capabilityInvocation",
    "capabilityDelegation",
)
ED25519_METHOD_TYPES: Final = frozenset({"Multikey", "Ed25519VerificationKey2020"})
JWK_METHOD_TYPES: Final = frozenset({"JsonWebKey", "JsonWebKey2020"})


class KeyFormatError(ValueError):
    """A key, did:key or DID document does not have the expected Ed25519 form."""


@dataclass(frozen=True, slots=True)
class PublicKey:
    """An Ed25519 public key (32 raw bytes)."""

    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_LENGTH:
            raise KeyFormatError(f"an Ed25519 public key has {KEY_LENGTH} bytes, not {len(self.raw)}")

    @classmethod
    def from_multibase(cls, text: str) -> PublicKey:
        """Read a Multikey ``publicKeyMultibase`` value (``z6Mk...``)."""
        try:
            data = multibase.decode(text, Base.BASE58BTC)
        except MultibaseError as error:
            raise KeyFormatError(str(error)) from error
        if not data.startswith(ED25519_PUBLIC_HEADER):
            raise KeyFormatError("not an Ed25519 Multikey (header 0xed01 missing)")
        return cls(data[len(ED25519_PUBLIC_HEADER) :])

    @property
    def multibase(self) -> str:
        """The Multikey ``publicKeyMultibase`` value."""
        return multibase.encode(ED25519_PUBLIC_HEADER + self.raw)

    @property
    def did_key(self) -> str:
        """The did:key identifier of this key."""
        return f"did:key:{self.multibase}"

    @property
    def did_key_method(self) -> str:
        """The did:key verification method id (``did:key:z..#z..``) to put in a proof."""
        return f"{self.did_key}#{self.multibase}"

    def verify(self, signature: bytes, message: bytes) -> bool:
        """Whether ``signature`` is a valid Ed25519 signature of ``message`` by this key."""
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True, slots=True)
class KeyPair:
    """An Ed25519 key pair; ``seed`` is the 32-byte private key and never shows in ``repr``."""

    seed: bytes = field(repr=False)
    public: PublicKey

    def __post_init__(self) -> None:
        if len(self.seed) != KEY_LENGTH:
            raise KeyFormatError(f"an Ed25519 private key has {KEY_LENGTH} bytes, not {len(self.seed)}")
        derived = _public_bytes(Ed25519PrivateKey.from_private_bytes(self.seed))
        if derived != self.public.raw:
            raise KeyFormatError("the public key does not belong to the private key")

    @classmethod
    def generate(cls) -> KeyPair:
        """A new random key pair (from the operating system's CSPRNG)."""
        private = Ed25519PrivateKey.generate()
        return cls(private.private_bytes_raw(), PublicKey(_public_bytes(private)))

    @classmethod
    def from_seed(cls, seed: bytes) -> KeyPair:
        """The key pair of a 32-byte private key."""
        if len(seed) != KEY_LENGTH:
            raise KeyFormatError(f"an Ed25519 private key has {KEY_LENGTH} bytes, not {len(seed)}")
        return cls(seed, PublicKey(_public_bytes(Ed25519PrivateKey.from_private_bytes(seed))))

    @classmethod
    def from_multibase(cls, private_multibase: str, public_multibase: str | None = None) -> KeyPair:
        """Read ``privateKeyMultibase`` (``z3u2...``); a given public key must match it."""
        try:
            data = multibase.decode(private_multibase, Base.BASE58BTC)
        except MultibaseError as error:
            raise KeyFormatError(str(error)) from error
        if not data.startswith(ED25519_PRIVATE_HEADER):
            raise KeyFormatError("not an Ed25519 private Multikey (header 0x8026 missing)")
        pair = cls.from_seed(data[len(ED25519_PRIVATE_HEADER) :])
        if public_multibase is not None and PublicKey.from_multibase(public_multibase) != pair.public:
            raise KeyFormatError("the public key does not belong to the private key")
        return pair

    @property
    def private_multibase(self) -> str:
        """The ``privateKeyMultibase`` value; handle it like a password."""
        return multibase.encode(ED25519_PRIVATE_HEADER + self.seed)

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message`` (deterministic, RFC 8032)."""
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(message)


def _public_bytes(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


# --- did:key ------------------------------------------------------------------------------------


def parse_did_key(did: str) -> PublicKey:
    """The key of a ``did:key:z6Mk...`` identifier (without fragment)."""
    prefix = "did:key:"
    if not did.startswith(prefix):
        raise KeyFormatError(f"{did!r} is not a did:key")
    return PublicKey.from_multibase(did[len(prefix) :])


def resolve_did_key(verification_method: str) -> PublicKey | None:
    """The key behind ``did:key:<mk>#<mk>``, or None if the id is not such a method."""
    did, _, fragment = verification_method.partition("#")
    try:
        key = parse_did_key(did)
    except KeyFormatError:
        return None
    return key if fragment == key.multibase else None


def did_key_document(did: str) -> dict[str, Any]:
    """The DID document of an Ed25519 did:key (Multikey form, no derived X25519 key)."""
    key = parse_did_key(did)
    method_id = f"{did}#{key.multibase}"
    document: dict[str, Any] = {
        "@context": list(DID_CONTEXTS),
        "id": did,
        "verificationMethod": [
            {"id": method_id, "type": "Multikey", "controller": did, "publicKeyMultibase": key.multibase}
        ],
    }
    for relationship in VERIFICATION_RELATIONSHIPS:
        document[relationship] = [method_id]
    return document


# --- did:web ------------------------------------------------------------------------------------


def did_web(host: str, path: Iterable[str] = ()) -> str:
    """The did:web identifier of ``host`` (``example.com`` or ``example.com:8443``) and a path."""
    if not host or "/" in host:
        raise KeyFormatError(f"{host!r} is not a host name")
    segments = [quote(host.lower(), safe=".-")]
    for segment in path:
        if not segment:
            raise KeyFormatError("did:web path segments must not be empty")
        segments.append(quote(segment, safe=".-_~"))
    return "did:web:" + ":".join(segments)


def did_web_document_url(did: str) -> str:
    """Where the document of a did:web is published (https only, per the method)."""
    prefix = "did:web:"
    if not did.startswith(prefix) or "#" in did:
        raise KeyFormatError(f"{did!r} is not a did:web identifier")
    host, *path = did[len(prefix) :].split(":")
    if not host:
        raise KeyFormatError(f"{did!r} has no host")
    location = "/".join(unquote(part) for part in path) if path else ".well-known"
    return f"https://{unquote(host)}/{location}/did.json"


def did_web_document(
    did: str,
    keys: Mapping[str, PublicKey],
    relationships: Iterable[str] = ("assertionMethod", "authentication"),
) -> dict[str, Any]:
    """A DID document for ``did`` listing each key as ``<did>#<name>`` (Multikey).

    Every key is referenced from each of ``relationships``; credentials are signed under
    ``assertionMethod``, so keep that one unless the document is for something else.
    """
    if not keys:
        raise KeyFormatError("a DID document needs at least one key")
    methods = [
        {"id": f"{did}#{name}", "type": "Multikey", "controller": did, "publicKeyMultibase": key.multibase}
        for name, key in keys.items()
    ]
    document: dict[str, Any] = {"@context": list(DID_CONTEXTS), "id": did, "verificationMethod": methods}
    for relationship in relationships:
        if relationship not in VERIFICATION_RELATIONSHIPS:
            raise KeyFormatError(f"unknown verification relationship {relationship!r}")
        document[relationship] = [method["id"] for method in methods]
    return document


# --- resolution from documents the caller holds ----------------------------------------------


def public_key_of_method(method: Mapping[str, Any]) -> PublicKey | None:
    """The Ed25519 key of a verification method (Multikey, Ed25519VerificationKey2020, JWK)."""
    kind = method.get("type")
    try:
        if kind in ED25519_METHOD_TYPES and isinstance(method.get("publicKeyMultibase"), str):
            return PublicKey.from_multibase(method["publicKeyMultibase"])
        jwk = method.get("publicKeyJwk")
        if (
            kind in JWK_METHOD_TYPES
            and isinstance(jwk, Mapping)
            and (jwk.get("kty"), jwk.get("crv")) == ("OKP", "Ed25519")
            and isinstance(jwk.get("x"), str)
        ):
            return PublicKey(multibase.base64url_decode(jwk["x"]))
    except (KeyFormatError, MultibaseError):
        return None
    return None


def _absolute(reference: str, did: str) -> str:
    return did + reference if reference.startswith("#") else reference


def resolve_from_documents(
    verification_method: str,
    documents: Iterable[Mapping[str, Any]],
    purpose: str = "assertionMethod",
) -> PublicKey | None:
    """The key of ``verification_method`` if a held DID document authorises it for ``purpose``.

    The document must have the method's DID as ``id``, list the method (embedded or by
    reference, absolute or ``#relative``) under ``purpose``, and be the method's controller.
    """
    did = verification_method.partition("#")[0]
    for document in documents:
        if document.get("id") != did:
            continue
        methods: dict[str, Mapping[str, Any]] = {}
        for method in _as_list(document.get("verificationMethod")):
            if isinstance(method, Mapping) and isinstance(method.get("id"), str):
                methods[_absolute(method["id"], did)] = method
        for entry in _as_list(document.get(purpose)):
            if isinstance(entry, str) and _absolute(entry, did) == verification_method:
                method = methods.get(verification_method)
            elif isinstance(entry, Mapping) and _absolute(str(entry.get("id", "")), did) == verification_method:
                method = entry
            else:
                continue
            if method is not None and method.get("controller") == did:
                return public_key_of_method(method)
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
