"""GUI test fixtures: offscreen Qt, a small real store (copied per test), a signed-in main window.

The store is built once per session through the real services (migrations, catalog import, argon2
users) and copied for each test, so every test starts from the same committed state quickly.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HALLCLIENT_CONFIG_DIR", "/nonexistent-hallclient-test-config")

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hallclient.catalog.pinyin import pinyin_initials
from hallclient.config import Settings
from hallclient.domain.catalog import Catalog, Department, Material, MaterialForm, Matter, MatterKind, MatterType
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Actor, Services
from hallclient.services.users import add_user
from hallclient.store.bootstrap import device_id, open_store

#: The offscreen platform plugin cannot resize or raise native windows and says so; not our warnings.
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints|raise)\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


NOW = datetime(2025, 3, 3, 10, 0).astimezone()  # a Monday
PASSWORD = "secret123"


def _matter(
    code: str,
    name: str,
    department: str,
    kind: MatterKind,
    matter_type: MatterType,
    statutory: int,
    promised: int,
    materials: tuple[Material, ...],
    **flags: Any,
) -> Matter:
    return Matter(
        code=code,
        name=name,
        department_code=department,
        kind=kind,
        matter_type=matter_type,
        statutory_days=statutory,
        promised_days=promised,
        fee="不收费",
        pinyin_initials=pinyin_initials(name),
        materials=materials,
        **flags,
    )


def sample_catalog() -> Catalog:
    property_materials = (
        Material("M1", "不动产登记申请书", MaterialForm.ORIGINAL, 1),
        Material("M2", "申请人身份证明", MaterialForm.COPY, 1),
        Material("M3", "不动产权属证书", MaterialForm.ORIGINAL, 1, deficiency_allowed=True),
        Material("M4", "其他补充材料", MaterialForm.COPY, 1, required=False),
    )
    return Catalog(
        departments=(
            Department("ZRZY", "自然资源局"),
            Department("SCJG", "市场监督管理局"),
            Department("GA", "公安分局"),
        ),
        matters=(
            _matter(
                "330106-BDC-001",
                "不动产登记（转移登记）",
                "ZRZY",
                MatterKind.PROMISED,
                MatterType.CONFIRMATION,
                20,
                5,
                property_materials,
                province_wide=True,
                cross_province=True,
            ),
            _matter(
                "330106-SC-002",
                "食品经营许可",
                "SCJG",
                MatterKind.PROMISED,
                MatterType.LICENCE,
                20,
                10,
                (Material("S1", "食品经营许可申请书"), Material("S2", "营业执照", MaterialForm.COPY)),
            ),
            _matter(
                "330106-GA-003",
                "居住证签注",
                "GA",
                MatterKind.IMMEDIATE,
                MatterType.OTHER_POWER,
                0,
                0,
                (Material("G1", "居住证", MaterialForm.ORIGINAL),),
                id_card_only=True,
            ),
        ),
        version="test-1",
    )


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    store = open_store(path)
    services = Services(store=store, settings=Settings(), device_id=device_id(store), clock=lambda: NOW)
    import_catalog(store, sample_catalog())
    add_user(services, "wangfang", "王芳", "clerk", PASSWORD)
    add_user(services, "lijun", "李军", "clerk", PASSWORD)
    add_user(services, "zhaomin", "赵敏", "supervisor", PASSWORD)
    store.close()
    return path


@pytest.fixture
def services(template_db: Path, tmp_path: Path) -> Iterator[Services]:
    path = tmp_path / "store.sqlite3"
    shutil.copy(template_db, path)
    store = open_store(path, upgrade=False)
    yield Services(store=store, settings=Settings(lock_minutes=0), device_id=device_id(store), clock=lambda: NOW)
    store.close()


@pytest.fixture(scope="session", autouse=True)
def _fonts(qapp: object) -> None:
    from hallclient.ui.setup import install_language, load_fonts

    load_fonts(qapp)  # type: ignore[arg-type]
    install_language(qapp, "zh_CN")  # type: ignore[arg-type]


@pytest.fixture
def ctx(services: Services, qtbot: object) -> Iterator[object]:
    from hallclient.ui.context import AppContext, open_everything
    from hallclient.ui.tasks import TaskManager

    tasks = TaskManager()
    context = AppContext(services.settings, tasks)
    context.adopt(open_everything(services))
    yield context
    tasks.shutdown()


@pytest.fixture
def clerk(services: Services) -> Actor:
    from hallclient.services.users import authenticate

    return authenticate(services, "wangfang", PASSWORD)


@pytest.fixture
def window(ctx: object, clerk: Actor, qtbot: object) -> Iterator[object]:
    from hallclient.ui.mainwindow import MainWindow

    main = MainWindow(ctx)  # type: ignore[arg-type]
    qtbot.addWidget(main)  # type: ignore[attr-defined]
    main.show()
    main.login.signed_in.emit(clerk)
    _wait_idle(qtbot, ctx)
    yield main
    main.close()


@pytest.fixture
def supervisor(services: Services) -> Actor:
    from hallclient.services.users import authenticate

    return authenticate(services, "zhaomin", PASSWORD)


def _wait_idle(qtbot: object, ctx: object, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=timeout)  # type: ignore[attr-defined]


@pytest.fixture
def idle(qtbot: object, ctx: object) -> object:
    """``idle()`` waits until every queued DB task has run and delivered its result on the GUI thread."""
    return lambda timeout=5000: _wait_idle(qtbot, ctx, timeout)
