"""Secrets: one-time enrolment codes, device and user bearer tokens; only their SHA-256 is stored.

``digest`` lives in :mod:`hallclient.protocol.credentials`, which the window PC shares.
"""

from __future__ import annotations

import secrets

# Crockford-style alphabet without look-alikes (no 0/O, 1/I/L, U) so a code reads well over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4  # 16 symbols of ~4.9 bits: ~78 bits, and codes expire


def new_token() -> str:
    """256 random bits in hex: a token never begins with "-", which a command line (``--user-token TOKEN``) would
    take for an option (about one URL-safe base64 token in 64 did)."""
    return secrets.token_hex(32)


def new_enrolment_code() -> str:
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


def normalise_code(code: str) -> str:
    """Accept lower case, spaces and missing dashes when a clerk types the code."""
    compact = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(compact[i : i + CODE_GROUP_LENGTH] for i in range(0, len(compact), CODE_GROUP_LENGTH))
