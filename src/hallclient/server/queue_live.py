"""In-process fan-out of the hall's live state to the display pages (Server-Sent Events).

After each committed queue change the handler computes the hall's state once and publishes it here;
every connected display receives it from memory, so a hundred screens cost no database reads. The
handlers run in worker threads and the streams in the event loop: publishing hands each message to
the subscriber's loop with ``call_soon_threadsafe``. A display that falls behind loses the oldest
states, never the newest (each message is the whole state). One broadcaster per process: on PostgreSQL
the workers learn of each other's changes through :mod:`hallclient.server.queue_notify`.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

SUBSCRIBER_BACKLOG = 16


@dataclass(eq=False)
class Subscription:
    hall: str
    loop: asyncio.AbstractEventLoop
    messages: asyncio.Queue[str] = field(default_factory=lambda: asyncio.Queue(SUBSCRIBER_BACKLOG))


class Broadcaster:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscriptions: set[Subscription] = set()

    def subscribe(self, hall: str) -> Subscription:
        """Called from the event loop that will read the subscription."""
        subscription = Subscription(hall, asyncio.get_running_loop())
        with self._lock:
            self._subscriptions.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscriptions.discard(subscription)

    def subscribers(self, hall: str) -> int:
        with self._lock:
            return sum(1 for subscription in self._subscriptions if subscription.hall == hall)

    def halls(self) -> set[str]:
        """The halls that have a screen connected to this process."""
        with self._lock:
            return {subscription.hall for subscription in self._subscriptions}

    def publish(self, hall: str, message: str) -> None:
        """Thread-safe; never blocks on a slow display."""
        with self._lock:
            targets = [subscription for subscription in self._subscriptions if subscription.hall == hall]
        for subscription in targets:
            try:
                subscription.loop.call_soon_threadsafe(_offer, subscription.messages, message)
            except RuntimeError:  # its loop is closed: the stream is gone
                self.unsubscribe(subscription)


def _offer(messages: asyncio.Queue[str], message: str) -> None:
    if messages.full():
        messages.get_nowait()
    messages.put_nowait(message)


_lock = threading.Lock()


def broadcaster_of(state: object) -> Broadcaster:
    """The application's broadcaster (``app.state``), created on first use."""
    with _lock:
        found = getattr(state, "queue_live", None)
        if not isinstance(found, Broadcaster):
            found = Broadcaster()
            setattr(state, "queue_live", found)  # noqa: B010  (Starlette's State takes attributes)
        return found
