"""Request-body size limits, enforced before a body is read: by Content-Length, then while streaming.

Every request body is capped per endpoint (:func:`body_limit`): a few KiB where only credentials
travel (``/v1/enroll`` needs none at all), the largest legitimate upload batch on ``/v1/events``.
A declared Content-Length above the cap is answered 413 without reading a byte; a chunked or
under-declared body is counted as it arrives and refused (413) at the first chunk past the cap, so
the server never holds more than the cap plus one chunk of any request.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException

from hallclient.protocol.wire import API_PREFIX, MAX_BODY_BYTES

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CREDENTIALS_BODY = 4 * 1024  # enrolment code or username and password, with room for JSON punctuation
SMALL_BODY = 16 * 1024  # back-office completion (a note of at most 1000 characters) and anything else
UPLOAD_BODY = MAX_BODY_BYTES  # one upload batch (≤ 1 MB of events, or one oversized event alone), gzip or not

LIMITS = {f"{API_PREFIX}/enroll": CREDENTIALS_BODY, f"{API_PREFIX}/login": CREDENTIALS_BODY,
          f"{API_PREFIX}/events": UPLOAD_BODY}  # fmt: skip


def body_limit(path: str) -> int:
    return LIMITS.get(path.rstrip("/"), SMALL_BODY)


def too_large(limit: int) -> str:
    return f"请求内容超过 {limit} 字节"


class BodyLimit:
    """ASGI middleware: refuse oversized bodies before reading them (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is None:
            await _refuse(send, 400, "请求头 Content-Length 不是数字")
            return
        if declared > limit:
            await _refuse(send, 413, too_large(limit))
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside the handler's body read: the app answers 413 and reads no further.
                    raise HTTPException(413, too_large(limit))
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    """The declared length (0 when absent), or None when the header is not a plain number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) < 19 else None
    return 0


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]  # fmt: skip
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
