"""Fixtures shared by the Qt-free tests: a migrated store with a small catalog and users."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hallclient.config import Settings
from hallclient.domain.catalog import Catalog, Department, Material, MaterialForm, Matter, MatterKind, MatterType
from hallclient.domain.workdays import WorkCalendar
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Actor, Services
from hallclient.services.users import add_user
from hallclient.store.bootstrap import device_id, open_store
from logfail import pytest_runtest_call, pytest_runtest_setup, pytest_runtest_teardown  # noqa: F401 (hooks)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def pytest_configure(config: pytest.Config) -> None:
    """Keep tests away from the real user's config, data and logs."""
    import os
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="hallclient-tests-"))
    for name in ("CONFIG_DIR", "DATA_DIR", "LOG_DIR"):
        os.environ.setdefault(f"HALLCLIENT_{name}", str(base / name.lower()))
    os.environ.setdefault("HALLCLIENT_CONFIG", str(base / "config_dir" / "config.toml"))
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


@pytest.fixture
def services(store_path: Path, clock: FixedClock) -> Iterator[Services]:
    store = open_store(store_path)
    svc = Services(store=store, settings=Settings(), device_id=device_id(store), clock=clock)
    import_catalog(store, small_catalog())
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
