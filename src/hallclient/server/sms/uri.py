"""Choosing an SMS gateway by URI, like the printers are chosen (the adapters load only when named)."""

from __future__ import annotations

import re

from hallclient.errors import HallError
from hallclient.server.sms.gateway import Gateway


def gateway_for(uri: str) -> Gateway:
    """The gateway a URI names; a clear reason for a URI that names none."""
    uri = uri.strip()
    if uri.startswith("smpp://"):
        from hallclient.server.sms.smpp import SmppGateway

        return SmppGateway.from_uri(uri)
    if uri.startswith("http+json:"):
        from hallclient.server.sms.http import HttpGateway

        return HttpGateway.from_file(uri.removeprefix("http+json:"))
    if uri.startswith("file:"):
        from hallclient.server.sms.file import FileGateway

        return FileGateway(uri.removeprefix("file:"))
    raise HallError(f"短信网关地址无效：{mask_uri(uri)}（应为 smpp://、http+json:PATH 或 file:PATH）")


def mask_uri(uri: str) -> str:
    """The URI without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", uri)
