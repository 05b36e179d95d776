"""Fixtures shared by the Qt-free tests: a migrated store with a small catalog and users."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import fast_hashing  # noqa: F401 (cheap argon2 parameters; must load before hallclient.services)
from hallclient.config import Settings
from hallclient.domain.catalog import Catalog, Department, Material, MaterialForm, Matter, MatterKind, MatterType
from hallclient.domain.workdays import WorkCalendar
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Actor, Services
from hallclient.services.users import add_user
from hallclient.store.bootstrap import device_id, open_store
from logfail import pytest_runtest_call, pytest_runtest_setup, pytest_runtest_teardown  # noqa: F401 (hooks)

SHANGHAI = ZoneInfo("Asia/Shanghai")


#: The HALLCLIENT_* variables this conftest set itself (not the caller): xdist workers inherit them from the
#: controller and point them at folders of their own, so parallel tests never share a config, data or log folder.
_OURS = "HALLCLIENT_TESTS_OWN_VARIABLES"


def pytest_configure(config: pytest.Config) -> None:
    """Keep tests away from the real user's config, data and logs (and, under xdist, from each other's)."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="hallclient-tests-"))
    inherited = set(os.environ.get(_OURS, "").split(",")) if os.environ.get("PYTEST_XDIST_WORKER") else set()
    values = {f"HALLCLIENT_{name}": str(base / name.lower()) for name in ("CONFIG_DIR", "DATA_DIR", "LOG_DIR")}
    values["HALLCLIENT_CONFIG"] = str(base / "config_dir" / "config.toml")
    ours = [key for key in values if key not in os.environ or key in inherited]
    for key in ours:
        os.environ[key] = values[key]
    os.environ[_OURS] = ",".join(ours)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def small_catalog() -> Catalog:
    return Catalog(
        departments=(Department("BDC", "不动产登记中心"), Department("HJ", "公安户籍")),
        matters=(
            Matter(
                code="XK0001",
                name="国有建设用地使用权及房屋所有权转移登记",
                department_code="BDC",
                kind=MatterKind.PROMISED,
                matter_type=MatterType.CONFIRMATION,
                statutory_days=30,
                promised_days=5,
                fee="80元/件",
                province_wide=True,
                cross_province=True,
                pinyin_initials="gyjsydsyqjfwsyqzydj",
                materials=(
                    Material("M1", "不动产登记申请书", MaterialForm.ORIGINAL, 1),
                    Material("M2", "身份证明", MaterialForm.ORIGINAL_AND_COPY, 1),
                    Material("M3", "不动产权属证书", MaterialForm.ORIGINAL, 1),
                    Material("M4", "完税凭证", MaterialForm.COPY, 1, required=True, deficiency_allowed=True),
                ),
            ),
            Matter(
                code="XK0002",
                name="居民户口簿补领",
                department_code="HJ",
                kind=MatterKind.IMMEDIATE,
                matter_type=MatterType.PUBLIC_SERVICE,
                statutory_days=0,
                promised_days=0,
                id_card_only=True,
                pinyin_initials="jmhkbbl",
                materials=(Material("H1", "居民身份证", MaterialForm.ORIGINAL, 1),),
            ),
        ),
        version="test-1",
    )


class FixedClock:
    """A settable clock so tests decide what 'now' is."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 10, 30, tzinfo=SHANGHAI))  # a Monday


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "hall.sqlite3"


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store holding the small catalog, built once: migrating a new file costs ~0.5 s per test."""
    path = tmp_path_factory.mktemp("store-template") / "hall.sqlite3"
    store = open_store(path)
    import_catalog(store, small_catalog())
    store.close()
    return path


@pytest.fixture
def services(store_path: Path, store_template: Path, clock: FixedClock) -> Iterator[Services]:
    """A fresh copy of the template: each test has its own store file (the same device id in every copy)."""
    shutil.copyfile(store_template, store_path)
    store = open_store(store_path, upgrade=False)
    svc = Services(store=store, settings=Settings(), device_id=device_id(store), clock=clock)
    yield svc
    store.close()


@pytest.fixture
def clerk(services: Services) -> Actor:
    return add_user(services, "wangfang", "王芳", "clerk", "secret123")


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar.load_default()


class Tmpfs:
    """Small tmpfs file systems, for real full disks and read-only folders (root, where mount is allowed)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.mounted: list[Path] = []

    def mount(self, size: str) -> Path:
        import subprocess

        if os.name != "posix" or os.geteuid() != 0:
            pytest.skip("mounting a tmpfs needs root")
        point = self.base / f"mnt{len(self.mounted)}"
        point.mkdir()
        command = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.skip(f"this sandbox does not allow mount: {result.stderr.strip()}")
        self.mounted.append(point)
        return point

    def remount_read_only(self, point: Path) -> None:
        import subprocess

        subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)

    @staticmethod
    def fill(folder: Path) -> None:
        """Use up every free byte of the file system under ``folder`` (a file that grows until ENOSPC)."""
        import errno

        with (folder / "filler.bin").open("wb", buffering=0) as filler:
            for size in (1 << 20, 1 << 12, 1):
                try:
                    while True:
                        filler.write(b"\0" * size)
                except OSError as error:
                    assert error.errno == errno.ENOSPC

    def unmount_all(self) -> None:
        import subprocess

        for point in reversed(self.mounted):
            subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Tmpfs]:
    mounts = Tmpfs(tmp_path)
    yield mounts
    mounts.unmount_all()
