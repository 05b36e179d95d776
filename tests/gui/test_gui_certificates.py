"""电子证照 at the intake screen: a swipe asks the server in the background, the materials valid certificates
stand in for are ticked and labelled, the rest is said; offline says so; another applicant's swipe clears them.
The 一件事 intake asks once for all its matters and ticks the papers of its one checklist."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import Qt
from test_gui_intake import choose_matter, press, stored_cases

from bundle_helpers import BUNDLE_CODE, BUNDLE_MATTERS, install_bundle
from hallclient.config import Settings
from hallclient.domain.bundles import bundle_materials, checklist_matter
from hallclient.domain.catalog import Bundle, CertificateKind, Material, MaterialForm, Matter, MatterKind, MatterType
from hallclient.domain.idnumber import check_digit
from hallclient.services.bundles import BundleForm
from hallclient.services.catalog import import_catalog, load_catalog
from hallclient.services.context import Services
from hallclient.store.bootstrap import device_id, open_store
from hallclient.ui.applicant import ApplicantPanel
from hallclient.ui.certificates import CertificateLine
from hallclient.ui.materials import COL_RECEIVED, MaterialChecklist

# The window's sync and queue also find this stub (or nobody) at the server address and say so in the log.
pytestmark = pytest.mark.logs_expected("hallclient.sync", "hallclient.queue")


def _id(birth: str, order: str) -> str:
    first17 = f"330106{birth}{order}"
    return first17 + check_digit(first17)


TODAY = datetime(2025, 3, 3, 10, 0).astimezone()  # the GUI tests' Monday
HOLDER, OTHER = _id("19900307", "451"), _id("19851120", "232")
MOVE_IN = Matter(
    code="330106-GA-009", name="户口迁入登记", department_code="GA", kind=MatterKind.PROMISED,
    matter_type=MatterType.OTHER_POWER, statutory_days=20, promised_days=5, pinyin_initials="hkqrdj",
    materials=(Material("H1", "申请人居民身份证", MaterialForm.ORIGINAL_AND_COPY, 1),
               Material("H2", "居民户口簿", MaterialForm.ORIGINAL, 1, certificate_kinds=("HKB",)),
               Material("H3", "结婚证", MaterialForm.ORIGINAL_AND_COPY, 1, certificate_kinds=("JHZ",)),
               Material("H4", "户口迁入申请表", MaterialForm.ORIGINAL, 1)),
)  # fmt: skip

QUERY = Matter(
    code="330106-GA-010", name="户籍档案查询", department_code="GA", kind=MatterKind.IMMEDIATE,
    matter_type=MatterType.PUBLIC_SERVICE, statutory_days=0, promised_days=0, pinyin_initials="hjdacx",
    id_card_only=True,
    materials=(Material("Q1", "户籍档案查询申请表", MaterialForm.ORIGINAL, 1, required=False),
               Material("Q2", "申请人居民身份证", MaterialForm.ORIGINAL, 1),
               Material("Q3", "授权委托书及受托人身份证", MaterialForm.ORIGINAL_AND_COPY, 1, required=False)),
)  # fmt: skip


def _certificate(kind: str, number: str, valid_to: str | None) -> dict[str, Any]:
    return {"kind": kind, "kind_name": kind, "number": number, "issuer": "西湖区公安分局", "valid_from": "2015-01-01",
            "valid_to": valid_to, "source": "library"}  # fmt: skip


class _Library(BaseHTTPRequestHandler):
    """The server's lookup as a stub: HOLDER holds a 户口簿 and an expired 结婚证, nobody else anything."""

    asked: ClassVar[list[dict[str, Any]]] = []  # the request bodies, in order

    def do_GET(self) -> None:  # the window's sync and queue: not this stub's business
        self.send_error(503)

    def do_POST(self) -> None:
        if self.path != "/v1/certificates/lookup":
            self.send_error(503)
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.asked.append(body)
        held = body["holder_id_number"] == HOLDER
        certificates = [_certificate("HKB", "HKB-330106-01", None)] if held else []
        expired = [_certificate("JHZ", "JHZ-2001-9", "2020-01-01")] if held else []
        answer = json.dumps({"lookup_id": f"L-{body['holder_id_number'][-4:]}", "certificates": certificates,
                             "expired": expired, "provincial_answered": False}).encode()  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def library() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Library)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["online"])
def server_url(request: pytest.FixtureRequest, library: str) -> str:
    return library if request.param == "online" else "http://127.0.0.1:1"


@pytest.fixture
def services(template_db: Path, tmp_path: Path, server_url: str) -> Iterator[Services]:
    path = tmp_path / "store.sqlite3"
    shutil.copy(template_db, path)
    store = open_store(path, upgrade=False)
    base = load_catalog(store)  # the GUI tests' sample catalog, and one matter whose materials take certificates
    kinds = (CertificateKind("HKB", "居民户口簿"), CertificateKind("JHZ", "结婚证"))
    import_catalog(store, replace(base, matters=(*base.matters, MOVE_IN, QUERY), certificate_kinds=kinds))
    install_bundle(store)  # 新生儿出生一件事: its 居民户口簿 takes the HKB certificate
    settings = Settings(lock_minutes=0, server_url=server_url, device_token="t" * 40)
    yield Services(store=store, settings=settings, device_id=device_id(store), clock=lambda: TODAY)
    store.close()


def swipe(window: Any, number: str, name: str) -> None:
    card = {"card_type": "resident", "id_number": number, "name": name, "address": "杭州市西湖区",
            "valid_until": "2035-01-01"}  # fmt: skip
    window.intake.fill_from_card(card)


def ticked(window: Any) -> list[bool]:
    table = window.intake.materials
    return [table.item(row, COL_RECEIVED).checkState() == Qt.CheckState.Checked for row in range(table.rowCount())]


def test_a_swipe_ticks_and_labels_what_a_valid_certificate_stands_in_for_and_says_why_not_the_rest(
    qtbot: Any, window: Any, services: Services, idle: Any
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.intake.applicant.id_number.isVisible())
    choose_matter(qtbot, window, "hkqrdj")
    swipe(window, HOLDER, "张三")
    line = window.intake.certificates
    qtbot.waitUntil(lambda: "已找到" in line.text(), timeout=5000)
    assert "已找到 1 项电子证照" in line.text()
    assert "省级证照库未响应，仅查询了本中心证照库" in line.text()
    assert "证照 JHZ-2001-9 已于 2020-01-01 过期" in line.text()  # never used, and said
    assert ticked(window) == [False, True, False, False]
    table = window.intake.materials
    assert "电子证照共享（证照编号 HKB-330106-01）" in table.item(1, 0).text()
    assert "电子证照共享 1 项" in window.intake.material_summary.text()

    table.setCurrentCell(0, COL_RECEIVED)  # the paper the applicant brought: ID card, 结婚证, form
    table.setFocus()
    for row in (0, 2, 3):
        table.setCurrentCell(row, COL_RECEIVED)
        press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_F6)
    press(qtbot, Qt.Key.Key_Return)
    idle()
    [case] = stored_cases(services)
    kept = {m.material_code: (m.received, m.copies, m.certificate_no, m.lookup_id) for m in case.materials}
    assert kept["H2"] == (True, 0, "HKB-330106-01", f"L-{HOLDER[-4:]}")
    assert kept["H3"] == (True, 1, None, None)
    detail = window.open_case(case.id)  # the case detail shows the certificate, not copies
    idle()
    shown = [detail.materials.item(1, column).text() for column in range(detail.materials.columnCount())]
    assert "电子证照共享（证照编号 HKB-330106-01）" in shown


def test_unticking_drops_the_certificate_and_another_applicants_swipe_clears_the_previous_ones(
    qtbot: Any, window: Any
) -> None:
    window.activateWindow()
    choose_matter(qtbot, window, "hkqrdj")
    swipe(window, HOLDER, "张三")
    line, table = window.intake.certificates, window.intake.materials
    qtbot.waitUntil(lambda: "已找到 1" in line.text(), timeout=5000)
    table.setFocus()
    table.setCurrentCell(1, COL_RECEIVED)
    press(qtbot, Qt.Key.Key_Space)  # the applicant brought the 户口簿 anyway
    assert ticked(window) == [False, False, False, False]
    assert "电子证照" not in table.item(1, 0).text()
    assert window.intake.materials.received_materials()[1].certificate is None
    press(qtbot, Qt.Key.Key_Space)
    assert table.item(1, 1).text() != "电子证照" and table.received_materials()[1].copies == 1  # paper now

    table.setCurrentCell(1, COL_RECEIVED)
    press(qtbot, Qt.Key.Key_Space)
    swipe(window, HOLDER, "张三")  # the same applicant again: asked again after a change of matter only
    window.intake.new_intake()
    choose_matter(qtbot, window, "hkqrdj")
    swipe(window, HOLDER, "张三")
    qtbot.waitUntil(lambda: ticked(window)[1], timeout=5000)
    swipe(window, OTHER, "李四")  # the next citizen
    assert ticked(window) == [False, False, False, False]
    qtbot.waitUntil(lambda: "已找到 0 项电子证照" in line.text(), timeout=5000)
    assert ticked(window) == [False, False, False, False]
    assert all(item.certificate is None for item in table.received_materials())


@pytest.mark.parametrize("server_url", ["offline"], indirect=True)
def test_offline_says_take_the_paper_and_ticks_nothing(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    choose_matter(qtbot, window, "hkqrdj")
    swipe(window, HOLDER, "张三")
    line = window.intake.certificates
    qtbot.waitUntil(lambda: "离线" in line.text(), timeout=5000)
    assert "离线：无法查询电子证照，请收取纸质材料" in line.text()
    assert ticked(window) == [False, False, False, False]


def test_an_id_card_only_matter_asks_for_the_id_card_alone_on_paper(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    choose_matter(qtbot, window, "hjdacx")
    table = window.intake.materials
    rules = [table.item(row, 2).text() for row in range(table.rowCount())]
    assert rules == ["一证通办免交", "必需", "一证通办免交"]
    assert "一证通办：纸质材料只收居民身份证" in window.intake.material_summary.text()
    window.intake.new_intake()
    choose_matter(qtbot, window, "hkqrdj")  # not 一证通办: its checklist as the catalog says
    assert "一证通办" not in window.intake.material_summary.text()
    assert [table.item(row, 2).text() for row in range(table.rowCount())] == ["必需"] * 4


def test_a_swipe_in_the_bundle_form_asks_once_for_all_its_matters_and_ticks_the_shared_paper(
    qtbot: Any, window: Any, services: Services, idle: Any
) -> None:
    window.activateWindow()
    bundle = next(b for b in window.intake.ctx.catalog.bundles if b.code == BUNDLE_CODE)
    dialog = window.intake.open_bundle(bundle)
    swipe(window, HOLDER, "张三")  # goes to the open bundle form
    line, table = dialog.certificates, dialog.materials
    qtbot.waitUntil(lambda: "已找到" in line.text(), timeout=5000)
    assert _Library.asked[-1]["purpose"] == "bundle_intake"
    assert _Library.asked[-1]["matter_codes"] == ["BD01", "BD02", "BD03", "BD04"]  # one request for the bundle
    assert "已找到 1 项电子证照" in line.text() and "省级证照库未响应" in line.text()
    assert "未使用：证照 JHZ-2001-9 的类型不能代替本一件事的任何材料（未使用）" in line.text()
    checks = [table.item(row, COL_RECEIVED).checkState() == Qt.CheckState.Checked for row in range(table.rowCount())]
    assert checks == [False, False, True, False, False]  # 居民户口簿, the third paper
    assert "电子证照共享（证照编号 HKB-330106-01）" in table.item(2, 0).text()
    table.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # the other papers brought
    dialog.commit_button.click()
    idle()
    assert not dialog.isVisible(), dialog.error.text()
    hukou = next(case for case in stored_cases(services) if case.matter_code == "BD02")
    kept = {m.material_code: (m.copies, m.certificate_no, m.lookup_id) for m in hukou.materials}
    assert kept["B2"] == (0, "HKB-330106-01", f"L-{HOLDER[-4:]}")


def test_a_bundle_of_more_matters_than_one_lookup_may_name_says_so_and_asks_nothing(ctx: Any, qtbot: Any) -> None:
    matters = tuple(replace(BUNDLE_MATTERS[0], code=f"BD{n:02}") for n in range(11))
    checklist = bundle_materials(matters)
    form = BundleForm(Bundle("BIG", "十一个事项", tuple(m.code for m in matters)), matters, checklist)
    applicant = ApplicantPanel("applicant", "申请人", allow_organisation=True)
    materials = MaterialChecklist()
    materials.set_matter(checklist_matter("BIG", "十一个事项", checklist))
    line = CertificateLine(ctx, applicant, materials, bundle=form)
    qtbot.addWidget(applicant)
    asked = len(_Library.asked)
    applicant.fill_from_card({"card_type": "resident", "id_number": HOLDER, "name": "张三"})
    line.follow()
    assert "一件事的事项超过 10 个，不能查询电子证照，请收取纸质材料" in line.text() and not line.busy
    assert len(_Library.asked) == asked
    line.shutdown()
