"""A stand-in for the provincial 电子证照 service, for the tests and the demo (``hallclient server certs simulate``).

It holds the certificates of a JSON file (the import format of docs/certificates.md) and answers the
adapter's POST as the province would — or, on purpose, badly: slowly (``delay_ms``), with HTTP 503 for a
share of the requests (``fail_rate``), naming another holder, answering a kind not asked for, or with a
body that is not the agreed JSON. The behaviour is on ``app.state.behaviour`` so a test changes it between
requests without restarting the server.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import JSONResponse, Response

from hallclient.domain.certificates import Certificate
from hallclient.server.certificate_provincial import ProvincialQuery
from hallclient.server.certificates_file import read_certificates

SIMULATOR_PATH = "/certificates/query"
OTHER_HOLDER = "110101199003074477"


@dataclass
class Behaviour:
    delay_ms: int = 0
    fail_rate: float = 0.0
    wrong_holder: bool = False
    wrong_kind: bool = False
    malformed: bool = False


def _out(certificate: Certificate, holder: str, kind: str) -> dict[str, Any]:
    return {"kind": kind, "number": certificate.number, "holder_id_number": holder,
            "holder_name": certificate.holder_name, "issuer": certificate.issuer,
            "valid_from": certificate.valid_from.isoformat(),
            "valid_to": certificate.valid_to.isoformat() if certificate.valid_to else None,
            "file_sha256": certificate.file_sha256}  # fmt: skip


def create_simulator(certificates: list[Certificate], behaviour: Behaviour | None = None, key: str = "") -> FastAPI:
    app = FastAPI(title="provincial certificate service (simulator)", openapi_url=None, docs_url=None)
    app.state.behaviour = behaviour or Behaviour()
    app.state.requests = 0
    rng = random.Random(0)

    @app.post(SIMULATOR_PATH)
    async def query(body: ProvincialQuery, authorization: str | None = Header(default=None)) -> Response:
        app.state.requests += 1
        current: Behaviour = app.state.behaviour
        if key and authorization != f"Bearer {key}":
            raise HTTPException(401, "访问密钥无效")
        if current.delay_ms:
            await asyncio.sleep(current.delay_ms / 1000)
        if current.fail_rate and rng.random() < current.fail_rate:
            raise HTTPException(503, "模拟的服务故障")
        if current.malformed:
            return Response(b'{"holder_id_number": ', media_type="application/json")
        holder = body.holder_id_number.upper()
        found = [c for c in certificates if c.holder_id_number == holder and c.kind in body.kinds]
        answered_holder = OTHER_HOLDER if current.wrong_holder else holder
        answered = [_out(c, answered_holder, "UNASKED" if current.wrong_kind else c.kind) for c in found]
        return JSONResponse({"holder_id_number": holder, "certificates": answered})

    return app


def load_simulator(data: Path, behaviour: Behaviour | None = None, key: str = "") -> FastAPI:
    """A simulator holding the certificates of ``data`` (validated like an import; any kind code allowed)."""
    return create_simulator(read_certificates(data, None), behaviour, key)
