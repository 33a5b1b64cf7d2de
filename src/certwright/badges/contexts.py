"""An offline JSON-LD document loader for pyld that serves only vendored contexts.

Signing and verifying ``eddsa-rdfc-2022`` proofs expands the credential with its ``@context``
URLs. Fetching them at verification time would make the result depend on the network and on
whoever serves those URLs, so the loader answers only from a folder of vendored files
(``index.json`` maps each URL to a file in the folder) and raises
:class:`ContextNotVendoredError` for every other URL. ``VENDORED_CONTEXTS`` is the folder
shipped with this package; callers pass it (or another folder) explicitly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

VENDORED_CONTEXTS: Final = Path(__file__).parent / "contexts"
INDEX_FILE: Final = "index.json"

VC_V2: Final = "https://www.w3.org/ns/credentials/v2"
OB_V3P0_303: Final = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


class ContextNotVendoredError(LookupError):
    """A JSON-LD document was requested that is not in the vendored folder (no network)."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"JSON-LD context {url!r} is not vendored; Certwright never fetches contexts from the "
            "network. Add the file and an index.json entry to the contexts folder to support it."
        )
        self.url = url


@dataclass(frozen=True, slots=True)
class OfflineDocumentLoader:
    """A pyld ``documentLoader``: ``loader(url, options)`` -> RemoteDocument, from memory only.

    ``documents`` holds the JSON text of each URL; every call parses a fresh copy so pyld can
    never alter the vendored data.
    """

    documents: Mapping[str, str]

    @property
    def urls(self) -> frozenset[str]:
        """The context URLs this loader can serve."""
        return frozenset(self.documents)

    def __call__(self, url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        del options  # pyld passes request headers; there is no request
        text = self.documents.get(url)
        if text is None:
            raise ContextNotVendoredError(url)
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": json.loads(text),
        }


def load_contexts(folder: Path) -> OfflineDocumentLoader:
    """Read ``folder/index.json`` and every file it names into an :class:`OfflineDocumentLoader`.

    Files must stay inside ``folder`` and hold a JSON object with an ``@context``.
    """
    root = folder.resolve()
    index = json.loads((root / INDEX_FILE).read_text(encoding="utf-8"))
    if not isinstance(index, dict):
        raise ValueError(f"{root / INDEX_FILE} must map context URLs to file names")
    documents: dict[str, str] = {}
    for url, name in index.items():
        path = (root / str(name)).resolve()
        if not path.is_relative_to(root):
            raise ValueError(f"context file {name!r} for {url!r} is outside {root}")
        text = path.read_text(encoding="utf-8")
        parsed = json.loads(text)
        if not isinstance(parsed, dict) or "@context" not in parsed:
            raise ValueError(f"{path} is not a JSON-LD context document")
        documents[str(url)] = text
    return OfflineDocumentLoader(MappingProxyType(documents))
