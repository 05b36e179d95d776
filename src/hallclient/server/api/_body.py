"""Reading a JSON request body that may be gzip-compressed, with size limits and precise 4xx reasons."""

from __future__ import annotations

import json
import zlib
from typing import Any

from fastapi import HTTPException, Request

from hallclient.sync.wire import MAX_BODY_BYTES


async def json_body(request: Request) -> Any:
    encoding = request.headers.get("content-encoding", "identity").lower()
    if encoding not in ("identity", "gzip"):
        raise HTTPException(415, f"unsupported Content-Encoding {encoding!r} (use gzip or none)")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise HTTPException(413, f"request body larger than {MAX_BODY_BYTES} bytes")
    if encoding == "gzip":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, MAX_BODY_BYTES + 1)
        except zlib.error as error:
            raise HTTPException(400, f"body is not valid gzip: {error}") from None
        if len(body) > MAX_BODY_BYTES or inflater.unconsumed_tail:
            raise HTTPException(413, f"decompressed body larger than {MAX_BODY_BYTES} bytes")
        if not inflater.eof:
            raise HTTPException(400, "gzip body is truncated")
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise HTTPException(400, "body is not UTF-8 JSON") from None
    except json.JSONDecodeError as error:
        raise HTTPException(400, f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}") from None
