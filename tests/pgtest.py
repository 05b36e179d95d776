"""A throwaway PostgreSQL cluster for tests and benchmarks, started from the PostgreSQL binaries.

``initdb`` into a fresh directory, ``pg_ctl start`` on a free loopback port with the socket in the
same directory, ``pg_ctl stop`` and removal at the end. As root (CI containers) the cluster runs as
the ``postgres`` user, because PostgreSQL refuses to run as root. Missing binaries raise a clear
error: the tests must fail, not skip, when the server cannot be tested for real.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SEARCH = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/usr/pgsql-*/bin")


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    override = os.environ.get("HALLCLIENT_PG_BIN")
    candidates: list[Path] = [Path(override)] if override else []
    for pattern in SEARCH:
        root = Path("/")
        candidates.extend(sorted(root.glob(pattern.lstrip("/")), reverse=True))
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for candidate in candidates:
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    raise PostgresUnavailable(
        "PostgreSQL binaries (initdb, pg_ctl) not found: install them (apt-get install postgresql) "
        "or set HALLCLIENT_PG_BIN to their directory"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class PgCluster:
    url: str  # postgresql+psycopg://user@127.0.0.1:port/hallclient
    port: int
    datadir: Path
    user: str


def _run_as(user: str | None) -> dict[str, object]:
    if user is None:
        return {}
    entry = pwd.getpwnam(user)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


@contextmanager
def running_postgres(fsync: bool = False) -> Iterator[PgCluster]:
    """Start a private cluster; ``fsync=False`` (tests) trades durability for speed."""
    bindir = find_bindir()
    run_user: str | None = None
    if os.geteuid() == 0:
        run_user = "postgres" if _user_exists("postgres") else "nobody"
    root = Path(tempfile.mkdtemp(prefix="hallclient-pg-"))
    datadir = root / "data"
    if run_user is not None:
        entry = pwd.getpwnam(run_user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    as_user = _run_as(run_user)
    db_user = run_user or pwd.getpwuid(os.geteuid()).pw_name
    port = _free_port()
    log_file = root / "postgres.log"
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    try:
        subprocess.run(
            [str(bindir / "initdb"), "-D", str(datadir), "-U", db_user, "-A", "trust", "-E", "UTF8", "--no-sync"],
            check=True,
            capture_output=True,
            env=env,
            cwd=root,
            **as_user,  # type: ignore[call-overload]
        )
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=300"
        if not fsync:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            [str(bindir / "pg_ctl"), "-D", str(datadir), "-o", options, "-l", str(log_file), "-w", "-t", "60", "start"],
            check=True,
            capture_output=True,
            env=env,
            cwd=root,
            **as_user,  # type: ignore[call-overload]
        )
        subprocess.run(
            [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", db_user, "hallclient"],
            check=True,
            capture_output=True,
            env=env,
            cwd=root,
        )
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or b"").decode(errors="replace").strip().splitlines()
        log_tail = log_file.read_text(errors="replace")[-500:] if log_file.exists() else ""
        _stop(bindir, datadir, as_user, env, root)
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"could not start PostgreSQL: {detail[-1] if detail else error} {log_tail}") from None
    try:
        yield PgCluster(f"postgresql+psycopg://{db_user}@127.0.0.1:{port}/hallclient", port, datadir, db_user)
    finally:
        _stop(bindir, datadir, as_user, env, root)
        shutil.rmtree(root, ignore_errors=True)


def _stop(bindir: Path, datadir: Path, as_user: dict[str, object], env: dict[str, str], root: Path) -> None:
    if (datadir / "postmaster.pid").exists():
        subprocess.run(
            [str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            env=env,
            cwd=root,
            **as_user,  # type: ignore[call-overload]
        )


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def create_database(cluster: PgCluster, name: str) -> str:
    """A fresh database in the cluster (one per test module keeps tests independent); returns its URL."""
    import psycopg

    with psycopg.connect(
        f"host=127.0.0.1 port={cluster.port} user={cluster.user} dbname=hallclient", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{cluster.user}@127.0.0.1:{cluster.port}/{name}"
