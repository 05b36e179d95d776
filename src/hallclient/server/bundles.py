"""Importing a window's offline bundle on the server: verified, linked to the stored chain, idempotent.

The events go through :func:`hallclient.server.ingest.ingest` exactly as an upload would, so importing
the same bundle twice, or the window uploading the same events later, stores nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from hallclient.domain.events import GENESIS_HASH
from hallclient.errors import HallError
from hallclient.protocol.bundle import Bundle, read_bundle
from hallclient.protocol.wire import MAX_BATCH_EVENTS, UploadBatch
from hallclient.server.clock import iso_utc, utcnow
from hallclient.server.db import Database
from hallclient.server.ingest import ingest
from hallclient.server.models import DeviceChain, RejectedEvent, StoredEvent


@dataclass(frozen=True)
class ImportReport:
    device_id: str
    window: str
    first_seq: int
    last_seq: int
    applied: int
    duplicate: int
    rejected: list[str]

    def message(self) -> str:
        text = (f"设备 {self.device_id[:8]}（{self.window} 号窗口）第 {self.first_seq}–{self.last_seq} 条："
                f"新导入 {self.applied} 条，已存在 {self.duplicate} 条")  # fmt: skip
        if self.applied == 0 and self.duplicate:
            text += "（此数据包已导入过，未重复计入）"
        if self.rejected:
            text += f"，拒收 {len(self.rejected)} 条（已隔离）"
        return text


def _check_anchor(db: Database, bundle: Bundle) -> None:
    if bundle.anchor_seq == 0:
        if bundle.anchor_hash != GENESIS_HASH:
            raise HallError("离线数据包的起点不是该设备的第一条事件，却没有链接到已同步事件")
        return
    with db.session() as session:
        stored = session.scalar(
            select(StoredEvent.hash).where(StoredEvent.device_id == bundle.device_id,
                                           StoredEvent.seq == bundle.anchor_seq)
        )  # fmt: skip
        if stored is None:
            stored = session.scalar(
                select(RejectedEvent.hash).where(RejectedEvent.device_id == bundle.device_id,
                                                 RejectedEvent.seq == bundle.anchor_seq, RejectedEvent.chain_link)
            )  # fmt: skip
        if stored is None:
            chain = session.get(DeviceChain, bundle.device_id)
            have = chain.last_seq if chain else 0
            raise HallError(
                f"服务器只有该设备前 {have} 条事件，数据包从第 {bundle.first_seq} 条开始：请先让窗口机同步后再导入"
            )
        if stored != bundle.anchor_hash:
            raise HallError(f"数据包与服务器记录的哈希链不衔接（第 {bundle.anchor_seq} 条哈希不同），拒绝导入")


def import_bundle(db: Database, path: Path) -> ImportReport:
    bundle = read_bundle(path)
    _check_anchor(db, bundle)
    applied = duplicate = 0
    rejected: list[str] = []
    wire = [event.to_wire() for event in bundle.events]
    for start in range(0, len(wire), MAX_BATCH_EVENTS):
        now = utcnow()
        chunk = wire[start : start + MAX_BATCH_EVENTS]
        batch = UploadBatch(device_id=bundle.device_id, sent_at=iso_utc(now), events=chunk)
        with db.session() as session:
            result = ingest(session, bundle.device_id, batch, now)
        for item in result.results:
            if item.status == "applied":
                applied += 1
            elif item.status == "duplicate":
                duplicate += 1
            else:
                rejected.append(f"#{item.seq} {item.code}: {item.reason}")
    return ImportReport(bundle.device_id, bundle.window, bundle.first_seq, bundle.last_seq, applied, duplicate,
                        rejected)  # fmt: skip
