"""Several real ``hallclient serve`` processes on one PostgreSQL, and what drives them like a province would.

Each server process listens on its own port against the same database: that is what two hosts behind a
load balancer look like. :class:`LossyProxy` is that load balancer, with a bad network: each request goes
to a random live process and, with a set probability, the answer is thrown away *after* the server
produced it. Client processes (``python multiproc_helpers.py client ...``) run the real Syncer on a real
local store and create cases meanwhile, so they can be SIGKILLed mid-request like a PC losing power.
:func:`torture` combines all of it (tests/sync/test_multiprocess_torture.py, tools/sync_torture.py).
"""

from __future__ import annotations

import http.server
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

import fast_hashing  # noqa: F401 (cheap argon2 in the forked clients and servers too; before any hallclient module)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SRC = ROOT / "src"


def child_env() -> dict[str, str]:
    """The environment of a child process: the project's sources and these helpers importable."""
    paths = [str(SRC), str(ROOT / "tests"), str(HERE)]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerProcess:
    """One ``hallclient serve`` process on its own port; it can be SIGKILLed and started again on that port."""

    def __init__(self, db_url: str, port: int | None = None, log_path: str = os.devnull) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start without waiting for it to answer (see :meth:`wait_ready`)."""
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "hallclient", "serve", "--db", self.db_url, "--port", str(self.port)],
                stdout=subprocess.DEVNULL,
                stderr=log,
                env=child_env(),
            )

    def ready(self) -> bool:
        try:
            # Any answer of the app: 401 without a token (the OpenAPI document costs a second to build).
            return httpx.get(f"{self.base}/v1/ping", timeout=1).status_code == 401
        except httpx.HTTPError:
            return False

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not self.ready():
            if not self.running:
                raise AssertionError(
                    f"server on port {self.port} exited with {self.returncode()}; log: {self.log_path}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"server on port {self.port} did not answer within {timeout} s")
            time.sleep(0.05)

    def returncode(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def kill(self) -> None:
        """SIGKILL: no shutdown, requests under way die with it (a host losing power)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.kill()


@contextmanager
def server_processes(db_url: str, count: int = 2, log_dir: Path | None = None) -> Iterator[list[ServerProcess]]:
    """``count`` server processes on one database, started at the same instant (as hosts after a deploy)."""
    servers = [
        ServerProcess(db_url, log_path=str(log_dir / f"server{i}.log") if log_dir else os.devnull) for i in range(count)
    ]
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "upgrade"}


class LossyProxy:
    """A load balancer with a bad network in front of the server processes.

    Every request goes to a random live backend (on a refused connection the next one is tried, as a
    load balancer's health check would); with probability ``drop`` the backend's answer is thrown away
    after the server produced it and the client's connection is closed without an answer.
    """

    def __init__(self, backends: list[str], drop: float = 0.0, seed: int = 0) -> None:
        self.backends = backends
        self.drop = drop
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.forwarded = 0
        self.dropped = 0
        self.failed = 0  # 502: no backend answered
        self.http = httpx.Client(timeout=httpx.Timeout(30.0, connect=2.0))
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                proxy._relay(self)

            def do_POST(self) -> None:
                proxy._relay(self)

        class Quiet(http.server.ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client killed mid-request resets its connection: expected here

        self.server = Quiet(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _relay(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = {name: value for name, value in handler.headers.items() if name.lower() not in HOP_HEADERS}
        with self.lock:
            order = self.rng.sample(self.backends, len(self.backends))
            drop = self.rng.random() < self.drop
        answer: tuple[int, list[tuple[str, str]], bytes] | None = None
        for backend in order:
            try:
                request = self.http.build_request(
                    handler.command, backend + handler.path, headers=headers, content=body
                )
                response = self.http.send(request, stream=True)
                try:
                    raw = b"".join(response.iter_raw())
                finally:
                    response.close()
                kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in HOP_HEADERS]
                answer = (response.status_code, kept, raw)
                break
            except httpx.ConnectError:
                continue  # nothing reached that backend: the next one may take it
            except httpx.HTTPError:
                break  # the backend died with the request: maybe done, so never sent twice here
        with self.lock:
            if answer is None:
                self.failed += 1
            elif drop:
                self.dropped += 1
            else:
                self.forwarded += 1
        if answer is not None and drop:
            handler.close_connection = True
            with suppress(OSError):
                handler.connection.shutdown(socket.SHUT_RDWR)
            return
        status, kept, raw = answer if answer is not None else (502, [], b'{"detail":"bad gateway"}')
        handler.send_response(status)
        for name, value in kept:
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(raw)))
        handler.end_headers()
        handler.wfile.write(raw)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.http.close()


# --- local stores and their client processes -------------------------------------------------------------


@dataclass(frozen=True)
class ClientStore:
    """A window PC's store, enrolled on the server: what a client process needs to sync it."""

    path: Path
    device_id: str
    token: str
    user_id: str
    username: str


def _root_conftest() -> Any:
    """tests/conftest.py (its ``small_catalog``), by path: under pytest the name ``conftest`` may be this folder's."""
    import importlib.util

    if "hallclient_tests_conftest" not in sys.modules:
        spec = importlib.util.spec_from_file_location("hallclient_tests_conftest", ROOT / "tests" / "conftest.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["hallclient_tests_conftest"] = module
    return sys.modules["hallclient_tests_conftest"]


def make_store(path: Path) -> tuple[Any, Any]:
    """A fresh local store with the tests' small catalog and a clerk; returns (Services, Actor)."""
    from hallclient.config import Settings
    from hallclient.services.catalog import import_catalog
    from hallclient.services.context import Services
    from hallclient.services.users import add_user
    from hallclient.store.bootstrap import device_id, open_store

    store = open_store(path)
    services = Services(store=store, settings=Settings(), device_id=device_id(store))
    import_catalog(store, _root_conftest().small_catalog())
    return services, add_user(services, "wangfang", "王芳", "clerk", "secret123")


def enrol_store(db: Any, base: str, services: Any, window: str) -> str:
    """Enrol the store's device on the server through ``base`` and confirm the token (as ``hallclient enroll``)."""
    from hallclient.server import admin
    from hallclient.sync.transport import SyncClient, make_http

    _row, code = admin.add_device(db, window)
    plain = SyncClient(make_http(base))
    token = str(plain.enroll(code, services.device_id, "multiproc").token)
    plain.close()
    confirmed = SyncClient(make_http(base, token=token))
    confirmed.ping()
    confirmed.close()
    return token


def intake(services: Any, actor: Any) -> None:
    """One accepted case (an intake event and its SMS notice event) written to the local store."""
    from hallclient.domain.case import Outcome
    from hallclient.domain.workdays import WorkCalendar
    from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial, record_intake

    request = IntakeRequest(
        matter_code="XK0001",
        applicant=Applicant(name="张三", id_number="11010519491231002X", phone="13800000000"),
        outcome=Outcome.ACCEPT,
        materials=tuple(ReceivedMaterial(code, True, 1, 1) for code in ("M1", "M2", "M3", "M4")),
    )
    record_intake(services, actor, request, _calendar(WorkCalendar))


_CALENDAR: list[Any] = []


def _calendar(kind: Any) -> Any:
    if not _CALENDAR:
        _CALENDAR.append(kind.load_default())
    return _CALENDAR[0]


def local_chain(path: Path, device_id: str) -> list[tuple[str, int, str]]:
    """(id, seq, hash) of every event of the store's own device, in sequence order."""
    from hallclient.store.bootstrap import open_store
    from hallclient.store.eventlog import iter_events

    store = open_store(path)
    try:
        with store.read() as session:
            return [(event.id, event.seq, event.hash) for event in iter_events(session, device_id)]
    finally:
        store.close()


def server_chain(db: Any, device_id: str) -> list[tuple[str, int, str]]:
    """(id, seq, hash) of every event the server holds for a device, in sequence order."""
    from sqlalchemy import select

    from hallclient.server.models import StoredEvent

    with db.session() as session:
        rows = session.execute(
            select(StoredEvent.id, StoredEvent.seq, StoredEvent.hash)
            .where(StoredEvent.device_id == device_id)
            .order_by(StoredEvent.seq)
        )
        return [(row.id, row.seq, row.hash) for row in rows]


def compare(local: list[tuple[str, int, str]], remote: list[tuple[str, int, str]]) -> list[str]:
    """Every difference between a store's events and the server's, one line each (empty: identical)."""
    problems: list[str] = []
    local_ids = {item[0] for item in local}
    remote_ids = [item[0] for item in remote]
    if len(remote_ids) != len(set(remote_ids)):
        problems.append(f"server holds {len(remote_ids) - len(set(remote_ids))} event ids twice")
    missing = [item for item in local if item[0] not in set(remote_ids)]
    extra = [item for item in remote if item[0] not in local_ids]
    problems += [f"missing on the server: seq {seq} id {event_id}" for event_id, seq, _hash in missing[:10]]
    problems += [f"on the server only: seq {seq} id {event_id}" for event_id, seq, _hash in extra[:10]]
    if not missing and not extra and local != remote:
        problems.append("same ids, different seq/hash/order")
    return problems


def client_main(spec: dict[str, Any]) -> int:
    """A window PC in a loop: a case now and then, a sync round, repeat until the stop file appears.

    Holds the store's uploader lock like the real client; a SIGKILL releases it with the process.
    """
    from hallclient.config import Settings
    from hallclient.errors import HallError
    from hallclient.services.context import Actor, Services
    from hallclient.store.bootstrap import open_store
    from hallclient.sync.engine import Syncer
    from hallclient.sync.lock import UploaderLock
    from hallclient.sync.transport import SyncClient, make_http

    rng = random.Random(spec["seed"])
    path, stop = Path(spec["path"]), Path(spec["stop"])
    lock = UploaderLock(path)
    lock.acquire()
    store = open_store(path)
    services = Services(store=store, settings=Settings(), device_id=spec["device_id"])
    actor = Actor(spec["user_id"], spec["username"], "王芳", "clerk")
    http = make_http(spec["base"], token=spec["token"], timeout=httpx.Timeout(10.0, connect=2.0))
    syncer = Syncer(store, SyncClient(http))
    while not stop.exists():
        for _ in range(rng.choice((0, 1, 1, 2))):
            intake(services, actor)
        with suppress(HallError):
            syncer.run_once()
        time.sleep(rng.uniform(0.0, 0.15))
    syncer.close()
    store.close()
    lock.release()
    return 0


# --- a warm process to fork from ---------------------------------------------------------------------------


class Zygote:
    """A process that has imported the server and the client once and forks each new one on request.

    A fresh interpreter takes seconds of CPU to import FastAPI, SQLAlchemy and the app on this machine;
    a forked child starts at once, so the torture can kill and restart hundreds of times. The child then
    runs the real thing: ``hallclient serve`` (the CLI's ``main``) or :func:`client_main`. The zygote is
    single-threaded and holds no connection, so forking it is safe; it reaps its children itself.
    """

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "zygote"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=child_env(),
        )
        self.started = False

    def wait_started(self) -> None:
        """Until it has imported and warmed everything (seconds: do other work meanwhile)."""
        assert self.process.stdout is not None
        if not self.started and self.process.stdout.readline().strip() != b"ready":
            raise AssertionError("the zygote did not start")
        self.started = True

    def spawn(self, kind: str, payload: Any, log_name: str) -> int:
        """Fork a ``server`` (payload: serve's arguments) or a ``client`` (payload: its spec); returns its pid."""
        self.wait_started()
        assert self.process.stdin is not None and self.process.stdout is not None
        line = json.dumps({"kind": kind, "payload": payload, "log": str(self.log_dir / log_name)})
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def alive(pid: int) -> bool:
    """Whether a zygote's child still exists. The kernel reaps them (SIGCHLD ignored) only once every thread
    has exited and the files, the uploader lock among them, are closed; a zombie leader is not yet that."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _zygote_main() -> int:
    import alembic.command
    import alembic.script  # noqa: F401
    import uvicorn  # noqa: F401

    import hallclient.cli
    import hallclient.server.app
    import hallclient.services.cases
    import hallclient.sync.engine

    _ = (hallclient.services.cases, hallclient.sync.engine)
    hallclient.cli.build_parser()  # its sub-command modules
    with tempfile.TemporaryDirectory() as scratch:  # what creating the app and writing a case import
        hallclient.server.app.create_app(f"sqlite:///{scratch}/warm.sqlite3", migrate=False).state.db.dispose()
        services, actor = make_store(Path(scratch) / "warm-client.sqlite3")
        intake(services, actor)  # also loads the working-day calendar, which the children inherit
        services.store.close()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for line in sys.stdin:
        order = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                log = os.open(order["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.dup2(log, 1)
                os.dup2(log, 2)
                if order["kind"] == "server":
                    code = hallclient.cli.main(order["payload"])
                else:
                    code = client_main(order["payload"])
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                os._exit(code)
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()
    return 0


# --- the torture --------------------------------------------------------------------------------------------


@dataclass
class TortureReport:
    seconds: float = 0.0
    devices: int = 0
    server_kills: int = 0
    client_kills: int = 0
    requests: int = 0
    dropped: int = 0
    bad_gateway: int = 0
    events: int = 0
    quiesce_rounds: int = 0
    differences: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.seconds:.0f} s, {self.devices} devices, {self.server_kills} server kills, "
            f"{self.client_kills} client kills, {self.requests} requests answered, {self.dropped} answers dropped, "
            f"{self.bad_gateway} bad gateway, {self.events} events on the server, "
            f"{self.quiesce_rounds} rounds to quiescence, {len(self.differences)} differences"
        )


def torture(
    db_url: str,
    workdir: Path,
    *,
    clients: int = 3,
    seconds: float = 10.0,
    seed: int = 1,
    drop: float = 0.2,
    server_kill_rate: float = 0.15,  # per second and live server process
    client_kill_rate: float = 0.5,  # per second, over all clients
    say: Callable[[str], None] = lambda _line: None,
) -> TortureReport:
    """Two server processes behind :class:`LossyProxy`, ``clients`` client processes syncing real stores;
    processes of both kinds SIGKILLed and restarted at random for ``seconds``; then everything healthy,
    every store synced to quiescence and compared event by event with the server."""
    from hallclient.server.db import Database, upgrade
    from hallclient.store.bootstrap import open_store
    from hallclient.sync.engine import Syncer
    from hallclient.sync.transport import SyncClient, make_http

    rng = random.Random(seed)
    report = TortureReport(devices=clients)
    workdir.mkdir(parents=True, exist_ok=True)
    zygote = Zygote(workdir)  # warms up while the stores are made
    made = [make_store(workdir / f"client{index}.sqlite3") for index in range(clients)]
    upgrade(db_url)
    db = Database(db_url)
    stop_file = workdir / "stop"
    stop_file.unlink(missing_ok=True)
    ports = [free_port(), free_port()]
    servers: list[int] = []
    clients_pids: list[int] = []
    stores: list[ClientStore] = []
    proxy = LossyProxy([f"http://127.0.0.1:{port}" for port in ports], drop=0.0, seed=seed)

    def serve(number: int) -> int:
        args = ["serve", "--db", db_url, "--port", str(ports[number])]
        return zygote.spawn("server", args, f"server{number}.log")

    def spawn(index: int) -> int:
        client = stores[index]
        spec = {"path": str(client.path), "device_id": client.device_id, "token": client.token,
                "user_id": client.user_id, "username": client.username, "base": proxy.url,
                "seed": rng.randrange(1 << 30), "stop": str(stop_file)}  # fmt: skip
        return zygote.spawn("client", spec, f"client{index}.log")

    def wait_ready(number: int) -> None:
        probe = ServerProcess(db_url, ports[number])
        deadline = time.monotonic() + 120
        while not probe.ready():
            if not alive(servers[number]) or time.monotonic() > deadline:
                raise AssertionError(f"server {number} did not come up; see {workdir}/server{number}.log")
            time.sleep(0.05)

    try:
        servers = [serve(0), serve(1)]
        for number in range(2):
            wait_ready(number)
        for index, (services, actor) in enumerate(made):
            token = enrol_store(db, proxy.url, services, f"{index + 1:02d}")
            stores.append(ClientStore(services.store.path, services.device_id, token, actor.user_id,
                                      actor.username))  # fmt: skip
            services.store.close()
        say(f"{clients} stores enrolled, servers up")
        clients_pids = [spawn(index) for index in range(clients)]
        proxy.drop = drop
        started = time.monotonic()
        down_until: dict[int, float] = {}
        reported = 0  # progress lines said, one per 50 server kills
        tick = 0.05
        while time.monotonic() - started < seconds:
            time.sleep(tick)
            now = time.monotonic()
            halfway = now - started > seconds / 2  # a short run kills each kind at least once by then
            for number in range(2):
                if number in down_until:
                    if now >= down_until[number]:
                        del down_until[number]
                        servers[number] = serve(number)
                elif rng.random() < server_kill_rate * tick or (number == 0 and not report.server_kills and halfway):
                    _kill(servers[number])
                    report.server_kills += 1
                    down_until[number] = now + rng.uniform(0.0, 1.0)
                elif not alive(servers[number]):
                    raise AssertionError(f"server {number} exited by itself; see {workdir}/server{number}.log")
            if rng.random() < client_kill_rate * tick or (not report.client_kills and halfway):
                index = rng.randrange(clients)
                _kill(clients_pids[index])
                report.client_kills += 1
                clients_pids[index] = spawn(index)
            for index, pid in enumerate(clients_pids):
                if not alive(pid):
                    raise AssertionError(f"client {index} exited by itself; see {workdir}/client{index}.log")
            if report.server_kills // 50 > reported:
                reported = report.server_kills // 50
                say(f"{now - started:.0f} s: {report.server_kills} server kills, {report.client_kills} client kills")
        report.seconds = time.monotonic() - started
        say(f"chaos over after {report.seconds:.1f} s: {report.server_kills} server kills, "
            f"{report.client_kills} client kills; quiescing")  # fmt: skip
        stop_file.touch()
        deadline = time.monotonic() + 60
        while any(alive(pid) for pid in clients_pids) and time.monotonic() < deadline:
            time.sleep(0.05)  # each finishes its round and exits
        for number in range(2):
            if number in down_until:
                servers[number] = serve(number)
        for number in range(2):
            wait_ready(number)
        proxy.drop = 0.0
        for client in stores:
            store = open_store(client.path)
            syncer = Syncer(store, SyncClient(make_http(proxy.url, token=client.token)))
            try:
                for _round in range(10):
                    report.quiesce_rounds += 1
                    summary = syncer.run_once()
                    if summary.upload.remaining == 0 and summary.upload.sent == 0:
                        break
                unsynced, quarantined = syncer.board.current.unsynced, syncer.board.current.quarantined
            finally:
                syncer.close()
                store.close()
            local = local_chain(client.path, client.device_id)
            remote = server_chain(db, client.device_id)
            report.events += len(remote)
            problems = compare(local, remote)
            if unsynced or quarantined:
                problems.append(f"{unsynced} unsynced, {quarantined} quarantined after quiescence")
            report.differences += [f"device {client.device_id[:8]}: {line}" for line in problems]
        report.differences += _server_side_problems(db, [client.device_id for client in stores])
        say("compared")
    finally:
        for pid in [*clients_pids, *servers]:
            _kill(pid)
        zygote.close()
        report.requests, report.dropped, report.bad_gateway = proxy.forwarded, proxy.dropped, proxy.failed
        proxy.close()
        db.dispose()
    return report


def _kill(pid: int) -> None:
    """SIGKILL and wait until the kernel has reaped it (its port and locks are free again)."""
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.005)


def _server_side_problems(db: Any, device_ids: list[str]) -> list[str]:
    """Anything quarantined or rejected for these devices, and chain heads that disagree with the events."""
    from sqlalchemy import func, select

    from hallclient.server.models import DeviceChain, RejectedEvent, StoredEvent

    problems: list[str] = []
    with db.session() as session:
        rejected = session.scalar(
            select(func.count()).select_from(RejectedEvent).where(RejectedEvent.device_id.in_(device_ids))
        )
        if rejected:
            problems.append(f"{rejected} events rejected or quarantined by the server")
        for chain in session.scalars(select(DeviceChain).where(DeviceChain.device_id.in_(device_ids))):
            top = session.scalar(select(func.max(StoredEvent.seq)).where(StoredEvent.device_id == chain.device_id))
            if chain.last_seq != (top or 0) or chain.quarantined:
                problems.append(f"device {chain.device_id[:8]}: chain head {chain.last_seq} but last event {top}")
    return problems


def _main(argv: list[str]) -> int:
    if argv == ["zygote"]:
        return _zygote_main()
    raise SystemExit("usage: multiproc_helpers.py zygote")


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
