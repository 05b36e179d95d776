"""One upload round: send every pending event in sequence-ordered batches and store the answers.

Acks are written per server answer in one local transaction. ``rejected`` answers go to the
quarantine (an ``EventAck`` with status rejected) and the queue moves on; a ``retryable`` rejection
(a sequence gap) leaves the event pending. If the server's ``next_seq`` shows it lost events this
device believes acknowledged (a server restored from backup), those acks are forgotten once per
round so the events are sent again — nothing is lost silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from hallclient.domain.events import EventRecord
from hallclient.store.db import Store
from hallclient.sync import outbox
from hallclient.sync.batching import batches
from hallclient.sync.transport import SyncClient, SyncError
from hallclient.sync.wire import MAX_BATCH_EVENTS, UploadResult

log = logging.getLogger("hallclient.sync")

READ_CHUNK = MAX_BATCH_EVENTS * 4


@dataclass
class UploadSummary:
    batches: int = 0
    applied: int = 0
    duplicate: int = 0
    rejected: int = 0
    flagged: int = 0  # accepted with a clock-skew flag
    remaining: int = 0

    @property
    def sent(self) -> int:
        return self.applied + self.duplicate + self.rejected


Progress = Callable[[UploadSummary], None]


def _acks(events: tuple[EventRecord, ...], result: UploadResult, summary: UploadSummary) -> list[outbox.Ack]:
    acks: list[outbox.Ack] = []
    for answer in result.results:
        if not 0 <= answer.index < len(events):
            continue
        event = events[answer.index]
        event_id = event.id
        if answer.id is not None and answer.id != event_id:
            raise SyncError(f"服务器应答与所发事件不符（第 {answer.index} 个）")
        if answer.status == "rejected" and answer.retryable:
            continue
        if answer.status == "applied":
            summary.applied += 1
        elif answer.status == "duplicate":
            summary.duplicate += 1
        else:
            summary.rejected += 1
            log.warning("event #%s rejected by the server: %s %s", answer.seq, answer.code, answer.reason)
        if "clock_skew" in answer.flags:
            summary.flagged += 1
        reason = f"{answer.code}: {answer.reason}" if answer.status == "rejected" else ""
        acks.append(outbox.Ack(event_id, answer.status, reason))
    return acks


def upload_pending(
    store: Store,
    device_id: str,
    client: SyncClient,
    now: Callable[[], datetime],
    progress: Progress | None = None,
) -> UploadSummary:
    summary = UploadSummary()
    rewound = False
    after_seq = 0  # everything up to here was answered in this round: skip it when reading the outbox
    while True:
        with store.read() as session:
            events = outbox.pending(session, device_id, READ_CHUNK, after_seq)
        if not events:
            break
        after_seq = events[-1].seq
        for batch in batches(events):
            result = client.upload(batch.body(device_id, now().isoformat(timespec="milliseconds")))
            acks = _acks(batch.events, result, summary)
            outbox.record_acks(store, acks, now().replace(tzinfo=None))
            summary.batches += 1
            if progress is not None:
                progress(summary)
            if len(acks) == len(batch.events):
                continue
            after_seq = 0  # some events must wait: re-read the outbox from the start, in order
            if acks:
                break
            with store.read() as session:
                highest = outbox.highest_acked_seq(session, device_id)
            if result.next_seq > highest or rewound:
                raise SyncError(f"服务器期待第 {result.next_seq} 号事件，但本机没有可发送的该事件")
            forgotten = outbox.forget_acks_from(store, device_id, result.next_seq)
            log.warning("server expects event #%s again: re-sending %s events", result.next_seq, forgotten)
            rewound = True
            break
    summary.remaining = outbox.counts(store, device_id)[0]
    return summary
