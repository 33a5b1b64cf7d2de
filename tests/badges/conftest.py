"""Fixtures for the badges tests: the offline loader, the OB schema resources, the vector key."""

from __future__ import annotations

import pytest

from certwright.badges.contexts import VENDORED_CONTEXTS, OfflineDocumentLoader, load_contexts
from certwright.badges.keys import KeyPair
from certwright.badges.verify import VENDORED_SCHEMAS, OfflineResources, load_resources
from tests.badges.support import EDDSA, read_json


@pytest.fixture(scope="session")
def loader() -> OfflineDocumentLoader:
    return load_contexts(VENDORED_CONTEXTS)


@pytest.fixture(scope="session")
def resources() -> OfflineResources:
    return load_resources(VENDORED_CONTEXTS, VENDORED_SCHEMAS)


@pytest.fixture(scope="session")
def vector_key() -> KeyPair:
    pair = read_json(EDDSA / "keyPair.json")
    return KeyPair.from_multibase(pair["privateKeyMultibase"], pair["publicKeyMultibase"])
