"""Cheap argon2id parameters for the test process (imported by tests/conftest.py before any hallclient module).

Production hashes cost 3 passes over 64 MiB (~0.25 s each on the CI machine); the suite hashes and verifies
hundreds of passwords (every ``add_user``, every sign-in, every device credential), which cost minutes. Here the
one shared hasher keeps production's algorithm (argon2id), version, salt and digest lengths and only does one
pass over 256 KiB, so every code path (PHC strings, verification, device-bound credentials that reuse the hash's
own cost) runs for real. Hashes verify with the cost they carry, so a ``hallclient`` subprocess (production
parameters) still accepts them and its own hashes still verify here.
"""

from __future__ import annotations

import sys

from argon2 import Parameters, PasswordHasher
from argon2.low_level import ARGON2_VERSION

from hallclient.protocol import accounts

# Modules that bind ``hasher`` by name at import: they must load after the swap, or they keep the slow one.
_BINDERS = ("hallclient.services.users", "hallclient.server.api.users")

PRODUCTION = accounts.hasher
TEST_PARAMETERS = Parameters(
    type=PRODUCTION.type,
    version=ARGON2_VERSION,
    salt_len=PRODUCTION.salt_len,
    hash_len=PRODUCTION.hash_len,
    time_cost=1,
    memory_cost=256,
    parallelism=1,
)


def install() -> None:
    """Swap the shared hasher for the cheap one; refuse if a module already bound the production one."""
    early = [name for name in _BINDERS if name in sys.modules]
    if early:
        raise RuntimeError(f"fast_hashing.install() must run before these are imported: {early}")
    accounts.hasher = PasswordHasher.from_parameters(TEST_PARAMETERS)


install()
