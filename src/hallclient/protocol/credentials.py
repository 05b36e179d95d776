"""Offline sign-in credentials bound to one window PC, derived from the server's argon2id hashes.

A window must check a clerk's password without the network, so it must hold something a password can
be checked against; a stolen PC therefore always allows guessing the passwords of the users it holds.
What the server sends limits the damage: never the password hash itself, but per device

    $hallclient-device-v1$argon2id$v=19$m=…,t=…,p=…,l=<digest length>$<salt>$<HMAC-SHA256(device key, digest)>

with the hash's own salt and cost, so a guess costs a full argon2id computation as before. The device
key is derived from the device's token (the server knows its SHA-256 digest, the PC the token), so the
credential verifies only on that PC with that enrolment; it is not the hash stored on the server (a
credential cannot be used to sign in to the server or be planted on another PC), and a new enrolment
makes every credential taken from the old one useless.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from argon2.low_level import Type, hash_secret_raw

SCHEME = "hallclient-device-v1"
_KEY_LABEL = b"hallclient offline sign-in v1"


def digest(secret: str) -> str:
    """SHA-256 hex digest of a token or code: all the server stores of a secret, and what the device key starts from."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def key_from_token_digest(token_digest: str) -> bytes:
    """The device key from the SHA-256 hex digest of the device token (what the server stores)."""
    return hmac.new(token_digest.encode("ascii"), _KEY_LABEL, hashlib.sha256).digest()


def key_from_token(token: str) -> bytes:
    """The device key on the window PC, from the token in its config file."""
    return key_from_token_digest(digest(token))


def _decode(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def is_bound(credential: str) -> bool:
    return credential.startswith(f"${SCHEME}$")


def bind(password_hash: str, key: bytes) -> str:
    """The device credential for an argon2id ``password_hash`` (PHC string); ValueError for anything else."""
    parts = password_hash.split("$")
    if len(parts) != 6 or parts[1] != "argon2id" or not parts[2].startswith("v="):
        raise ValueError("not an argon2id hash")
    raw = _decode(parts[5])
    mac = hmac.new(key, raw, hashlib.sha256).digest()
    return "$".join(("", SCHEME, parts[1], parts[2], f"{parts[3]},l={len(raw)}", parts[4], _encode(mac)))


def verify(credential: str, password: str, key: bytes) -> bool:
    """True when ``password`` is the one the credential was derived from (constant-time comparison)."""
    try:
        _empty, _scheme, _variant, version, params, salt, mac = credential.split("$")
        cost = dict(item.split("=", 1) for item in params.split(","))
        raw = hash_secret_raw(
            password.encode("utf-8"), _decode(salt), time_cost=int(cost["t"]), memory_cost=int(cost["m"]),
            parallelism=int(cost["p"]), hash_len=int(cost["l"]), type=Type.ID, version=int(version[2:]),
        )  # fmt: skip
    except (ValueError, KeyError):
        return False
    return hmac.compare_digest(hmac.new(key, raw, hashlib.sha256).digest(), _decode(mac))
