"""The sync API's prefix and size limits, apart from the wire models so a window reads them without pydantic."""

from __future__ import annotations

API_PREFIX = "/v1"
MAX_BATCH_EVENTS = 500
MAX_BATCH_BYTES = 1_000_000  # uncompressed JSON of the events in one batch
MAX_BODY_BYTES = 4_000_000  # hard cap on a decompressed request body (protects against gzip bombs)
MAX_SEQ = 2**31 - 1  # sequence numbers are stored as 32-bit integers
MAX_LOOKUP_MATTERS = 10  # matters one certificate lookup may name (a 一件事 bundle asks for all of them at once)
