"""One upload round: send every pending event in sequence-ordered batches and store the answers.

Acks are written per server answer in one local transaction, and only for a 2xx answer. ``rejected``
answers go to the quarantine (an ``EventAck`` with status rejected) and the queue moves on; a
``retryable`` rejection (a sequence gap) leaves the event pending. If the server's ``next_seq`` shows
it lost events this device believes acknowledged (a server restored from backup), those acks are
forgotten once per round so the events are sent again — nothing is lost silently. A window with
nothing pending learns that only by asking: with ``probe`` an empty batch fetches the server's
``next_seq`` (the Syncer probes on its first round and then every few minutes).

Pipelined: while the server works on one batch, this thread reads and builds the next; as soon as the
answer arrives the next batch is sent (on a sender thread) and only then is the answer acknowledged
locally. At most one request is in flight, so the server still sees the batches strictly in order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from hallclient.protocol.wire import MAX_BATCH_EVENTS, UploadResult
from hallclient.store.db import Store
from hallclient.sync import outbox
from hallclient.sync.batching import Batch, Outgoing, batches_of
from hallclient.sync.transport import SyncClient, SyncError

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


def _acks(items: tuple[Outgoing, ...], result: UploadResult, summary: UploadSummary) -> list[outbox.Ack]:
    acks: list[outbox.Ack] = []
    for answer in result.results:
        if not 0 <= answer.index < len(items):
            continue
        event_id = items[answer.index].id
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


def _outgoing_batches(store: Store, device_id: str) -> Iterator[Batch]:
    """Pending events in sequence order, read from the outbox chunk by chunk as they are needed."""
    after_seq = 0  # everything up to here was handed out in this pass: skip it when reading the outbox
    while True:
        with store.read() as session:
            items = outbox.pending_outgoing(session, device_id, READ_CHUNK, after_seq)
        if not items:
            return
        after_seq = items[-1].seq
        yield from batches_of(items)


def upload_pending(
    store: Store,
    device_id: str,
    client: SyncClient,
    now: Callable[[], datetime],
    progress: Progress | None = None,
    probe: bool = False,
) -> UploadSummary:
    summary = UploadSummary()
    rewound = False

    def acknowledge(batch: Batch, result: UploadResult) -> list[outbox.Ack]:
        acks = _acks(batch.items, result, summary)
        outbox.record_acks(store, acks, now().replace(tzinfo=None))
        summary.batches += 1
        if progress is not None:
            progress(summary)
        return acks

    def body(batch: Batch) -> bytes:
        return batch.body(device_id, now().isoformat(timespec="milliseconds"))

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hallclient-upload") as sender:
        restart = True
        while restart:
            restart = False
            stream = _outgoing_batches(store, device_id)
            current = next(stream, None)
            if current is None:
                if probe and not rewound and _server_lost_acked(store, device_id, client, body(Batch(()))):
                    rewound = restart = True
                    continue
                break
            in_flight: Future[UploadResult] = sender.submit(client.upload, body(current))
            while current is not None:
                following = next(stream, None)  # read and built while the server works on `current`
                following_body = body(following) if following is not None else b""
                result = in_flight.result()  # a failure raises here: nothing of `current` is acknowledged
                if following is not None:
                    in_flight = sender.submit(client.upload, following_body)
                acks = acknowledge(current, result)
                if len(acks) == len(current.items):
                    current = following
                    continue
                # Some events must wait: let the request already sent finish (its answers count), then
                # read the outbox again from the start, in order.
                if following is not None:
                    try:
                        acknowledge(following, in_flight.result())
                    except SyncError as error:
                        log.info("pipelined batch not acknowledged, it will be sent again: %s", error)
                restart = True
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


def _server_lost_acked(store: Store, device_id: str, client: SyncClient, empty: bytes) -> bool:
    """Ask the server for its chain head with an empty batch; if it lacks acknowledged events (restored
    from a backup), forget their acks so they are sent again. True when there is something to resend."""
    result = client.upload(empty)
    with store.read() as session:
        highest = outbox.highest_acked_seq(session, device_id)
    if result.next_seq > highest:
        return False
    forgotten = outbox.forget_acks_from(store, device_id, result.next_seq)
    log.warning("server expects event #%s again: re-sending %s events", result.next_seq, forgotten)
    return forgotten > 0
