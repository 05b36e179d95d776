"""A signature by re-entering the password: what the day close and a published assessment carry.

The signer has just proved who they are (``users.authenticate``); the signature binds the signed digest
to them and to the moment, and the event that carries it in the hash chain makes a later change of the
signed record detectable. One definition, so both records are verified the same way.
"""

from __future__ import annotations

import hashlib
from datetime import datetime


def password_signature(digest: str, signer_id: str, signed_at: datetime, extra: str = "") -> str:
    """sha256 over ``digest|signer|time|extra`` (``extra``: e.g. the day close's bundle digest, or "")."""
    return hashlib.sha256(f"{digest}|{signer_id}|{signed_at.isoformat()}|{extra}".encode()).hexdigest()
