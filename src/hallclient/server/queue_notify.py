"""Hall changes across server worker processes: PostgreSQL ``LISTEN``/``NOTIFY`` feeding each broadcaster.

With ``hallclient serve --workers N`` every worker has its own :class:`~hallclient.server.queue_live.Broadcaster`,
and a display is connected to one of them. So on PostgreSQL a queue change is not published in-process:
it sends ``NOTIFY hallclient_queue, '<hall>'`` (:func:`notify`, after its commit), and each worker that
has displays keeps one listening connection (:class:`HallListener`, started with the first display) whose
thread rebuilds the hall's state once per batch of notifications (a burst of calls on one hall is one
rebuild, whatever the number of notifications or screens) and publishes it to that worker's screens.
SQLite is one process: there the change is published in-process directly (``queue.announce``).

If the listening connection breaks, the thread reconnects and republishes every watched hall, so a
screen misses no state (only the notifications sent while it was down, whose result it then gets).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from hallclient.server.db import Database
from hallclient.server.queue_live import Broadcaster

CHANNEL = "hallclient_queue"
RECONNECT_SECONDS = 1.0
POLL_SECONDS = 0.5  # how often the thread looks at its stop flag while nothing happens

log = logging.getLogger("hallclient.server")

_NOTIFY = text(f"SELECT pg_notify('{CHANNEL}', :hall)")


def notify(connection: Connection, hall: str) -> None:
    """Tell every worker's listener that ``hall`` changed (delivered when ``connection``'s transaction
    commits; an autocommit connection sends it at once)."""
    connection.execute(_NOTIFY, {"hall": hall})


def libpq_conninfo(sqlalchemy_url: str) -> str:
    """The psycopg connection string of a ``postgresql+psycopg://`` URL."""
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class HallListener:
    """One ``LISTEN`` connection of this worker and the thread that turns its notifications into states.

    ``state_json(hall)`` builds a hall's state (one database read); it is called once per hall per batch
    of notifications, only for halls that have a screen connected to this worker.
    """

    def __init__(self, conninfo: str, live: Broadcaster, state_json: Callable[[str], str | None]) -> None:
        self._conninfo = conninfo
        self._live = live
        self._state_json = state_json
        self._stop = threading.Event()
        self._connection = self._listen()  # listening before start() returns: no change falls in between
        self._thread = threading.Thread(target=self._run, name="hall-listener", daemon=True)
        self._thread.start()

    def _listen(self) -> psycopg.Connection[tuple[object, ...]]:
        connection = psycopg.connect(self._conninfo, autocommit=True)
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(POLL_SECONDS * 4)
        self._connection.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._drain()
            except psycopg.Error as error:
                if self._stop.is_set():
                    return
                log.warning("hall listener lost its connection (%s); reconnecting", str(error).splitlines()[0])
                self._reconnect()

    def _drain(self) -> None:
        """Wait for notifications; then take every one already queued and rebuild each hall once."""
        halls: set[str] = set()
        for message in self._connection.notifies(timeout=POLL_SECONDS, stop_after=1):
            halls.add(message.payload)
        if not halls:
            return
        for message in self._connection.notifies(timeout=0):  # the rest of the burst, without waiting
            halls.add(message.payload)
        self._publish(halls)

    def _publish(self, halls: set[str]) -> None:
        for hall in sorted(halls):
            if not self._live.subscribers(hall):
                continue
            try:
                state = self._state_json(hall)
            except Exception as error:  # the database is briefly unreachable: the next change brings it
                log.warning("hall %s: state not rebuilt (%s)", hall, str(error).splitlines()[0])
                continue
            if state is not None:
                self._live.publish(hall, state)

    def _reconnect(self) -> None:
        while not self._stop.wait(RECONNECT_SECONDS):
            try:
                self._connection.close()
                self._connection = self._listen()
            except psycopg.Error:
                continue
            self._publish(self._live.halls())  # what changed while we were away reaches the screens now
            return


_start = threading.Lock()


def listener_of(state: object, db: Database, live: Broadcaster, state_json: Callable[[str], str | None]) -> None:
    """Make sure this worker listens (PostgreSQL; started by its first screen, kept in ``app.state``).
    On SQLite nothing is needed: changes are published in-process."""
    if db.dialect != "postgresql":
        return
    with _start:
        if isinstance(getattr(state, "queue_listener", None), HallListener):
            return
        setattr(state, "queue_listener", HallListener(libpq_conninfo(db.url), live, state_json))  # noqa: B010


def stop_listener(state: object) -> None:
    """At shutdown: end this worker's listener, if it has one."""
    with _start:
        listener = getattr(state, "queue_listener", None)
        if isinstance(listener, HallListener):
            listener.stop()
            setattr(state, "queue_listener", None)  # noqa: B010
