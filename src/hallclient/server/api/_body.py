"""Reading a JSON request body that may be gzip-compressed, with size limits and precise 4xx reasons.

Hostile JSON is refused with a 400 and a reason before anything else sees it: nesting deeper than
``MAX_JSON_DEPTH`` (deep documents crash recursive encoders and validators), ``NaN``/``Infinity``
and numbers that overflow a float (``1e400``), and integers longer than ``MAX_INT_DIGITS``. A 500
would make the client retry the same body for ever.
"""

from __future__ import annotations

import json
import math
import zlib
from typing import Any

from fastapi import HTTPException, Request

from hallclient.protocol.wire import MAX_BODY_BYTES
from hallclient.server.limits import body_limit, too_large

MAX_JSON_DEPTH = 32  # an upload batch is 3 levels around each event payload; payloads need a handful
MAX_INT_DIGITS = 19  # a signed 64-bit integer


class HostileJson(ValueError):
    pass


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise HostileJson(f"数值 {text[:20]} 超出范围")
    return value


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise HostileJson(f"{len(text)} 位的整数超出范围")
    return int(text)


def _constant(name: str) -> Any:
    raise HostileJson(f"{name} 不是有效的 JSON")


def _depth_exceeded(document: Any) -> bool:
    """Whether ``document`` nests deeper than MAX_JSON_DEPTH, level by level (every upload walks its events)."""
    level = [document] if isinstance(document, (dict, list)) else []
    depth = 1
    while level:
        if depth > MAX_JSON_DEPTH:
            return True
        level = [
            item
            for container in level
            for item in (container.values() if type(container) is dict else container)
            if type(item) is dict or type(item) is list
        ]
        depth += 1
    return False


def parse_json(body: bytes) -> Any:
    """``json.loads`` that refuses hostile documents with HTTPException(400) and a reason."""
    try:
        document = json.loads(body, parse_float=_number, parse_int=_integer, parse_constant=_constant)
    except UnicodeDecodeError:
        raise HTTPException(400, "请求内容不是 UTF-8 编码的 JSON") from None
    except json.JSONDecodeError as error:
        raise HTTPException(400, f"JSON 格式错误：第 {error.lineno} 行第 {error.colno} 列（{error.msg}）") from None
    except HostileJson as error:
        raise HTTPException(400, f"拒收的 JSON：{error}") from None
    except RecursionError:
        raise HTTPException(400, f"拒收的 JSON：嵌套超过 {MAX_JSON_DEPTH} 层") from None
    except ValueError as error:  # e.g. Python's own limit on integer digits
        raise HTTPException(400, f"拒收的 JSON：{str(error).splitlines()[0]}") from None
    if _depth_exceeded(document):
        raise HTTPException(400, f"拒收的 JSON：嵌套超过 {MAX_JSON_DEPTH} 层")
    return document


def content_encoding(header: str | None) -> str:
    """``identity`` or ``gzip`` from a Content-Encoding header; anything else is refused with a 415."""
    encoding = (header or "identity").lower()
    if encoding not in ("identity", "gzip"):
        raise HTTPException(415, f"不支持的 Content-Encoding {encoding!r}（只用 gzip 或不压缩）")
    return encoding


def decode_json(body: bytes, encoding: str, limit: int) -> Any:
    """A request body already read (``encoding`` from :func:`content_encoding`, ``limit`` its path's
    cap) as JSON: size, gzip and hostile-JSON checks with their 4xx reasons. Synchronous, so a handler
    can run it in the same worker thread as its database work."""
    if len(body) > limit:
        raise HTTPException(413, too_large(limit))
    if encoding == "gzip":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, MAX_BODY_BYTES + 1)
        except zlib.error as error:
            raise HTTPException(400, f"请求内容不是有效的 gzip：{error}") from None
        if len(body) > MAX_BODY_BYTES or inflater.unconsumed_tail:
            raise HTTPException(413, f"解压后的请求内容超过 {MAX_BODY_BYTES} 字节")
        if not inflater.eof:
            raise HTTPException(400, "gzip 请求内容不完整")
    return parse_json(body)


async def json_body(request: Request) -> Any:
    encoding = content_encoding(request.headers.get("content-encoding"))
    body = await request.body()  # capped by the BodyLimit middleware while it streams in
    return decode_json(body, encoding, body_limit(request.url.path))
