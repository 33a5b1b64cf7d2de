"""The offline loader serves only vendored contexts and never touches the network."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from certwright.badges.contexts import (
    VENDORED_CONTEXTS,
    ContextNotVendoredError,
    OfflineDocumentLoader,
    load_contexts,
)
from certwright.badges.integrity import Cryptosuite, canonicalize
from tests.badges.support import BITSTRING, EDDSA, OB, read_json

EVERY_CREDENTIAL = [
    EDDSA / "unsigned.json",
    EDDSA / "employmentAuth.json",
    OB / "signed" / "complete-eddsa-rdfc-2022.json",
    OB / "signed" / "simple-eddsa-rdfc-2022.json",
    BITSTRING / "1edtech-testlist.json",
    BITSTRING / "1edtech-ob3-credential-status-revoked.json",
]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the badges package tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_index_names_every_vendored_file_and_each_parses() -> None:
    index = json.loads((VENDORED_CONTEXTS / "index.json").read_text(encoding="utf-8"))
    on_disk = {path.relative_to(VENDORED_CONTEXTS).as_posix() for path in VENDORED_CONTEXTS.rglob("*.json*")}

    assert set(index.values()) == on_disk - {"index.json"}
    loader = load_contexts(VENDORED_CONTEXTS)
    assert loader.urls == set(index)
    for url in index:
        assert "@context" in loader(url, {})["document"]


def test_vendored_licences_are_kept() -> None:
    assert (VENDORED_CONTEXTS / "LICENSE-w3c-vc-data-model.md").is_file()
    assert (VENDORED_CONTEXTS / "purl.imsglobal.org" / "LICENSE-1EdTech-spec.md").is_file()


def test_a_non_vendored_url_raises_a_clear_error(loader: OfflineDocumentLoader) -> None:
    with pytest.raises(ContextNotVendoredError, match="never fetches") as raised:
        loader("https://schema.org/", {})
    assert raised.value.url == "https://schema.org/"


@pytest.mark.usefixtures("no_network")
def test_pyld_gets_the_error_instead_of_going_online(loader: OfflineDocumentLoader) -> None:
    document = {"@context": "https://example.org/unknown-context/v1", "name": "x"}
    with pytest.raises(jsonld.JsonLdError) as raised:
        canonicalize(document, Cryptosuite.EDDSA_RDFC_2022, loader)
    causes = []
    error: BaseException | None = raised.value
    while error is not None:
        causes.append(error)
        error = error.__cause__
    assert any(isinstance(cause, ContextNotVendoredError) for cause in causes)


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("path", EVERY_CREDENTIAL, ids=lambda path: path.name)
def test_every_fixture_canonicalizes_with_the_network_switched_off(path: Path, loader: OfflineDocumentLoader) -> None:
    document = read_json(path)
    document.pop("proof", None)
    assert canonicalize(document, Cryptosuite.EDDSA_RDFC_2022, loader).endswith(b" .\n")


def test_each_call_returns_a_fresh_copy(loader: OfflineDocumentLoader) -> None:
    url = "https://www.w3.org/ns/credentials/v2"
    first = loader(url, {})["document"]
    first["@context"]["id"] = "tampered"
    assert loader(url, {})["document"]["@context"]["id"] == "@id"


def test_index_entries_must_stay_inside_the_folder(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_text(json.dumps({"https://x.example/ctx": "../outside.json"}), encoding="utf-8")
    with pytest.raises(ValueError, match="outside"):
        load_contexts(tmp_path)


def test_index_entries_must_be_contexts(tmp_path: Path) -> None:
    (tmp_path / "ctx.json").write_text('{"name": "not a context"}', encoding="utf-8")
    (tmp_path / "index.json").write_text(json.dumps({"https://x.example/ctx": "ctx.json"}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a JSON-LD context"):
        load_contexts(tmp_path)
