"""Small readers of Verifiable Credential JSON shared by the status and verification modules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def as_list(value: Any) -> list[Any]:
    """JSON-LD "one or many": None -> [], a list -> itself, anything else -> [value]."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def types_of(node: Any) -> frozenset[str]:
    """The ``type`` values of a node (string or list), empty for anything else."""
    if not isinstance(node, Mapping):
        return frozenset()
    return frozenset(value for value in as_list(node.get("type")) if isinstance(value, str))


def issuer_id(credential: Mapping[str, Any]) -> str | None:
    """The issuer's id: ``issuer`` is either the id string or a Profile object with ``id``."""
    issuer = credential.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, Mapping) and isinstance(issuer.get("id"), str):
        return str(issuer["id"])
    return None


def controller_of(verification_method: str) -> str:
    """The controller a verification method id points to: the part before ``#``."""
    return verification_method.partition("#")[0]
