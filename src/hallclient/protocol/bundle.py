"""The offline day-close bundle: a window's unsynced events in one JSON file, carried to the server by hand.

The window writes it (``hallclient day-close export-bundle``) and the server imports it
(``hallclient server import-bundle``); both verify it with :func:`read_bundle` the same way.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hallclient.domain.events import ChainBreak, EventRecord, canonical_json, verify_link
from hallclient.errors import HallError
from hallclient.protocol.wire import EventIn

BUNDLE_FORMAT = "hallclient-offline-bundle"
BUNDLE_VERSION = 1
BUNDLE_HEADER: dict[str, Any] = {"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION}


@dataclass(frozen=True)
class Bundle:
    device_id: str
    window: str
    anchor_seq: int
    anchor_hash: str
    events: list[EventRecord]
    digest: str
    created_at: str

    @property
    def first_seq(self) -> int:
        return self.events[0].seq if self.events else self.anchor_seq + 1

    @property
    def last_seq(self) -> int:
        return self.events[-1].seq if self.events else self.anchor_seq


def bundle_digest(body: dict[str, Any]) -> str:
    """The digest over a bundle's body (everything but the ``digest`` field), as written and as checked."""
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def bundle_text(body: dict[str, Any]) -> tuple[str, str]:
    """The file's text for a bundle ``body`` (which starts with :data:`BUNDLE_HEADER`), and its digest."""
    digest = bundle_digest(body)
    return json.dumps({**body, "digest": digest}, ensure_ascii=False, indent=1), digest


def read_bundle(path: Path) -> Bundle:
    """Load and verify a bundle on its own: digest, sequence and every event's hash and link."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HallError(f"离线数据包不存在：{path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HallError(f"离线数据包无法读取或已损坏：{path}（{error}）") from None
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
        raise HallError(f"不是 hallclient 离线数据包：{path}")
    if data.get("version") != BUNDLE_VERSION:
        raise HallError(f"离线数据包版本 {data.get('version')!r} 不受支持（本程序支持 {BUNDLE_VERSION}）")
    digest = data.pop("digest", None)
    if digest != bundle_digest(data):
        raise HallError(f"离线数据包已被改动（校验值不符），拒绝导入：{path.name}")
    try:
        device_id = str(data["device_id"])
        anchor_seq, anchor_hash = int(data["anchor"]["seq"]), str(data["anchor"]["hash"])
        events = [EventIn.model_validate(raw).record() for raw in data["events"]]
        head = data["head"]
    except (KeyError, TypeError, ValueError, ValidationError) as error:
        raise HallError(f"离线数据包内容不完整：{str(error).splitlines()[0]}") from None
    expected_seq, expected_prev = anchor_seq + 1, anchor_hash
    for event in events:
        if event.device_id != device_id:
            raise HallError(f"离线数据包混入了其他设备的事件（第 {event.seq} 条）")
        try:
            verify_link(event, expected_seq, expected_prev)
        except ChainBreak as broken:
            raise HallError(f"离线数据包的哈希链在第 {broken.seq} 条断开：{broken.reason}") from None
        expected_seq, expected_prev = event.seq + 1, event.hash
    if not events or head != {"seq": events[-1].seq, "hash": events[-1].hash}:
        raise HallError("离线数据包的链尾与事件不符")
    return Bundle(device_id, str(data.get("window", "")), anchor_seq, anchor_hash, events, str(digest),
                  str(data.get("created_at", "")))  # fmt: skip
