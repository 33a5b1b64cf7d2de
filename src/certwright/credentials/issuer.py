"""Who signs our Open Badges: the issuer DID, its Ed25519 key and its DID document.

Settings (see docs/badges.md and .env.example):

- ``CERTWRIGHT_ISSUER_DID``: empty = ``did:web`` of the host in ``CERTWRIGHT_BASE_URL`` (the
  demo default is ``did:web:127.0.0.1%3A8000``, whose document this app serves at
  ``/.well-known/did.json``); ``did:key`` = the key's own ``did:key``; any other ``did:web:<host>``
  names the issuer explicitly (never derived from the request's Host header, which a client sets).
- ``CERTWRIGHT_ISSUER_KEY_FILE``: a text file holding the ``privateKeyMultibase`` (``z3u2...``).
  Empty = ``DATA_DIR/issuer_key``, generated on first use outside production. In production a
  missing key is an error (``certwright badges keygen --out FILE`` makes one): a silently new key
  would make every credential issued before it unverifiable.
- ``CERTWRIGHT_ISSUER_KEY_ID``: the key's name in the DID document (``<did>#<id>``).
- ``CERTWRIGHT_ISSUER_PREVIOUS_KEYS``: ``name=z6Mk...`` pairs (comma-separated) of retired public
  keys that the did:web document keeps listing, so badges signed before a rotation still verify.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from certwright.badges.credentials import IssuerInfo
from certwright.badges.keys import KeyFormatError, KeyPair, PublicKey, did_key_document, did_web, did_web_document

DID_KEY = "did:key"


class IssuerKeyError(ImproperlyConfigured):
    """The issuer key is missing or unreadable; the message names the file and the fix."""


@dataclass(frozen=True, slots=True)
class Issuer:
    """The configured issuer: DID, key pair and display data."""

    did: str
    key: KeyPair
    key_id: str
    name: str
    url: str
    previous_keys: Mapping[str, PublicKey] = field(default_factory=dict)

    @property
    def is_did_key(self) -> bool:
        return self.did.startswith("did:key:")

    @property
    def verification_method(self) -> str:
        """The method id a proof names: ``did:key:z..#z..`` or ``<did:web>#<key id>``."""
        return self.key.public.did_key_method if self.is_did_key else f"{self.did}#{self.key_id}"

    @property
    def info(self) -> IssuerInfo:
        return IssuerInfo(did=self.did, name=self.name, url=self.url)

    def did_document(self) -> dict[str, Any]:
        """The issuer's DID document (for did:web: what ``/.well-known/did.json`` serves)."""
        if self.is_did_key:
            return did_key_document(self.did)
        return did_web_document(self.did, {self.key_id: self.key.public, **self.previous_keys})

    @property
    def serves_well_known(self) -> bool:
        """Whether the DID document belongs at ``/.well-known/did.json``: a did:web without path."""
        return self.did.startswith("did:web:") and ":" not in self.did.removeprefix("did:web:")


def base_url() -> str:
    return str(settings.CERTWRIGHT_BASE_URL).rstrip("/")


def default_did_web() -> str:
    """``did:web`` of the host (and port) of ``CERTWRIGHT_BASE_URL``."""
    host = urlsplit(base_url()).netloc
    if not host:
        raise ImproperlyConfigured(f"CERTWRIGHT_BASE_URL {settings.CERTWRIGHT_BASE_URL!r} has no host")
    return did_web(host)


def key_path() -> Path:
    configured = str(settings.CERTWRIGHT_ISSUER_KEY_FILE)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "issuer_key"


def read_key(path: Path) -> KeyPair:
    """The key pair in ``path`` (one line: the privateKeyMultibase)."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise IssuerKeyError(f"cannot read the issuer key file {path}: {error}") from error
    try:
        return KeyPair.from_multibase(text)
    except KeyFormatError as error:
        raise IssuerKeyError(f"{path} does not hold an Ed25519 privateKeyMultibase (z3u2...): {error}") from error


def write_new_key(path: Path) -> KeyPair:
    """Create ``path`` (mode 0600) with a new key; refuses to overwrite an existing file."""
    key = KeyPair.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as error:
        raise IssuerKeyError(f"{path} already exists; a key file is never overwritten") from error
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.private_multibase + "\n")
    return key


def load_key() -> KeyPair:
    path = key_path()
    if path.exists():
        return read_key(path)
    if settings.PRODUCTION:
        raise IssuerKeyError(
            f"no issuer key at {path}: set CERTWRIGHT_ISSUER_KEY_FILE to the key of this programme, "
            "or create one with `certwright badges keygen --out FILE` (keys are not generated in production)"
        )
    try:
        return write_new_key(path)
    except IssuerKeyError:  # another process created it first
        return read_key(path)


def previous_keys(text: str, current_id: str) -> dict[str, PublicKey]:
    """Parse ``CERTWRIGHT_ISSUER_PREVIOUS_KEYS`` (``name=z6Mk...,...``); errors name the entry."""
    keys: dict[str, PublicKey] = {}
    for entry in filter(None, (part.strip() for part in text.split(","))):
        name, _, value = entry.partition("=")
        name = name.strip()
        if not name or name == current_id or name in keys:
            raise ImproperlyConfigured(f"CERTWRIGHT_ISSUER_PREVIOUS_KEYS: {entry!r} needs a new, unique key name")
        try:
            keys[name] = PublicKey.from_multibase(value.strip())
        except KeyFormatError as error:
            raise ImproperlyConfigured(f"CERTWRIGHT_ISSUER_PREVIOUS_KEYS: {entry!r}: {error}") from error
    return keys


def current_issuer() -> Issuer:
    """The issuer as configured now (reads the key file; cheap enough per request)."""
    key = load_key()
    configured = str(settings.CERTWRIGHT_ISSUER_DID).strip()
    if configured == DID_KEY:
        did = key.public.did_key
    elif configured:
        if not configured.startswith(("did:web:", "did:key:")):
            raise ImproperlyConfigured(f"CERTWRIGHT_ISSUER_DID {configured!r} is not a did:web, did:key or 'did:key'")
        if configured.startswith("did:key:") and configured != key.public.did_key:
            raise ImproperlyConfigured(f"CERTWRIGHT_ISSUER_DID {configured!r} is not the did:key of the issuer key")
        did = configured
    else:
        did = default_did_web()
    key_id = str(settings.CERTWRIGHT_ISSUER_KEY_ID) or "key-1"
    return Issuer(
        did=did,
        key=key,
        key_id=key_id,
        name=str(settings.CERTWRIGHT_ISSUER_NAME),
        url=base_url() + "/",
        previous_keys=previous_keys(str(getattr(settings, "CERTWRIGHT_ISSUER_PREVIOUS_KEYS", "")), key_id),
    )
