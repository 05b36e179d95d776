"""``Server-Timing: app;dur=MS`` on every answer: the time the server spent on a request, from its
arrival at the application to the start of the answer (authentication, waiting for a worker thread
or a pooled connection, and the handler). Clients and benchmarks can then tell the server's share of
a latency from the network's and their own (bench/queue_call.py quotes both)."""

from __future__ import annotations

import time

from hallclient.server.limits import ASGIApp, Message, Receive, Scope, Send


class ServerTiming:
    """ASGI middleware adding the ``Server-Timing`` header (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                spent = (time.perf_counter() - began) * 1000
                message["headers"] = [*message.get("headers", ()), (b"server-timing", f"app;dur={spent:.2f}".encode())]
            await send(message)

        await self.app(scope, receive, timed)
