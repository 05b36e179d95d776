"""A sync round (upload, then download) with its outcome kept in the store and in a status board.

The GUI and the CLI use this the same way: ``Syncer.from_settings(store, settings)`` then
``run_once()``; :class:`~hallclient.sync.worker.SyncWorker` repeats it in the background.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from hallclient.config import Settings
from hallclient.errors import HallError
from hallclient.services.context import local_now
from hallclient.store.bootstrap import device_id as store_device_id
from hallclient.store.bootstrap import get_meta, set_meta
from hallclient.store.db import Store
from hallclient.sync import outbox
from hallclient.sync.downloader import DownloadSummary, download
from hallclient.sync.status import StatusBoard, SyncStatus
from hallclient.sync.transport import SyncClient, make_http
from hallclient.sync.uploader import Progress, UploadSummary, upload_pending

log = logging.getLogger("hallclient.sync")

LAST_SUCCESS_KEY = "sync_last_success"
LAST_ERROR_KEY = "sync_last_error"
LAST_ERROR_AT_KEY = "sync_last_error_at"
#: How often a window with nothing to send asks the server whether it still holds everything acknowledged
#: (a server restored from a backup does not): the first round, then at most this often (one empty batch).
PROBE_SECONDS = 600.0


@dataclass(frozen=True)
class RoundSummary:
    upload: UploadSummary
    download: DownloadSummary

    def line(self) -> str:
        up, down = self.upload, self.download
        text = (
            f"上传 {up.sent} 条（新 {up.applied}，重复 {up.duplicate}，拒收 {up.rejected}），"
            f"下载 {down.changes} 项变更，未同步 {up.remaining} 条"
        )
        if up.flagged:
            text += f"，{up.flagged} 条时钟偏差"
        if down.refetched:
            text += "，已完整重新同步"
        if down.recomputed:
            text += f"，新工作日历重算了 {down.recomputed} 件办件的暂定期限"
        return text


def _parse(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


class Syncer:
    """Everything one round needs: the store, this device's id, a client, the status board and a clock."""

    def __init__(
        self,
        store: Store,
        client: SyncClient,
        board: StatusBoard | None = None,
        clock: Callable[[], datetime] = local_now,
        settings: Settings | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.client = client
        self.device_id = store_device_id(store)
        self.clock = clock
        self.board = board or StatusBoard()
        self._probed_at: float | None = None  # monotonic time of the last round that checked the server's head
        self.refresh()

    @classmethod
    def from_settings(cls, store: Store, settings: Settings, board: StatusBoard | None = None) -> Syncer:
        if not settings.device_token:
            raise HallError("本机尚未登记到中心服务器：请先运行 hallclient enroll")
        client = SyncClient(make_http(settings.server_url, settings.ca_file, settings.device_token))
        return cls(store, client, board, settings=settings)

    def close(self) -> None:
        self.client.close()

    def refresh(self) -> SyncStatus:
        """Reload counts and the last outcome from the store (e.g. after a local write)."""
        unsynced, quarantined = outbox.counts(self.store, self.device_id)
        return self.board.update(
            unsynced=unsynced,
            quarantined=quarantined,
            last_success=_parse(get_meta(self.store, LAST_SUCCESS_KEY)),
            last_error=get_meta(self.store, LAST_ERROR_KEY),
            last_error_at=_parse(get_meta(self.store, LAST_ERROR_AT_KEY)),
        )

    def run_once(self, progress: Progress | None = None) -> RoundSummary:
        """Upload everything pending, then follow the feed; raises HallError (a SyncError) on failure."""
        self.board.update(running=True)
        try:
            probe = self._probed_at is None or time.monotonic() - self._probed_at >= PROBE_SECONDS
            uploaded = upload_pending(self.store, self.device_id, self.client, self.clock, progress, probe=probe)
            if probe:
                self._probed_at = time.monotonic()
            downloaded = download(self.store, self.client, self.clock, self.settings)
        except HallError as error:
            self._record(error=str(error))
            raise
        except Exception as error:
            self._record(error=f"{type(error).__name__}: {error}")
            raise
        self._record(error="")
        return RoundSummary(uploaded, downloaded)

    def _record(self, error: str) -> None:
        moment = self.clock().isoformat(timespec="seconds")
        try:
            with self.store.write() as session:
                if error:
                    set_meta(session, LAST_ERROR_KEY, error)
                    set_meta(session, LAST_ERROR_AT_KEY, moment)
                else:
                    set_meta(session, LAST_SUCCESS_KEY, moment)
                    set_meta(session, LAST_ERROR_KEY, "")
        finally:
            self.board.update(running=False)
            self.refresh()
