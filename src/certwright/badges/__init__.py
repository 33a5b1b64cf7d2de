"""certwright.badges: Open Badges 3.0 credentials, Data Integrity proofs, Bitstring Status Lists.

Pure package (no Django, no clock, no network; files only through explicit path arguments):

- :mod:`multibase`, :mod:`keys`: base58btc/base64url, Ed25519 Multikey pairs, did:key, did:web;
- :mod:`contexts`: the offline pyld document loader over the vendored ``contexts/`` folder;
- :mod:`jcs`, :mod:`integrity`: RFC 8785 and ``eddsa-rdfc-2022`` / ``eddsa-jcs-2022`` proofs;
- :mod:`status_list`: revocation and suspension bits, ``encodedList``, status list credentials;
- :mod:`credentials`: OpenBadgeCredential documents for certifications and Master designations;
- :mod:`verify`: offline verification (proof, OB 3.0 JSON Schema, dates, status) with reasons.

See docs/badges.md.
"""
