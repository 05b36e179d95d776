"""``hallclient server certs ...`` on a server database: all-or-nothing import listing every problem by row,
re-import as update, the holder listing, and the figures (``certs report`` and the 证照共享 sheet of the
hall-wide tally XLSX)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
import warnings
from datetime import date
from pathlib import Path

import pytest
from cert_helpers import HOLDER, LIBRARY, ask, catalog_document, write_certificates
from openpyxl import Workbook, load_workbook

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hallclient.cli import main
from hallclient.domain.tally import Period
from hallclient.reports.export_xlsx import write_xlsx
from hallclient.reports.server import fetch_tallies
from hallclient.server import admin, feed
from hallclient.server.app import create_app
from hallclient.server.certificate_models import CertificateShare
from queue_helpers import serving

KINDS = {"kinds": [{"code": "SFZ", "name": "居民身份证", "department": "HJ"},
                   {"code": "BDCQZ", "name": "不动产权证书", "department": "BDC"},
                   {"code": "HKB", "name": "户口簿", "department": "HJ", "active": False}]}  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["server", "certs", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _bad_sheet(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["证照类型", "证照编号", "持证人证件号码", "持证人姓名", "发证机关", "有效期起", "有效期止", "文件SHA256"]
    )
    sheet.append(["SFZ", "OK-1", HOLDER, "张三", "公安局", "2020-01-01", None, "ab" * 32])  # row 2: fine
    sheet.append(["XYZ", "A-1", HOLDER, "张三", "某局", "2020-01-01", None, None])  # 3: unknown kind
    sheet.append(["SFZ", "A-2", "110101199001011238", "张三", "公安局", "2020-01-01", None, None])  # 4: check digit
    sheet.append(["SFZ", "A-3", HOLDER, "张三", "公安局", "2020-01-01", "2019-01-01", None])  # 5: dates
    sheet.append(["SFZ", "OK-1", HOLDER, "张三", "公安局", "2020-01-01", None, None])  # 6: duplicate number
    sheet.append(["SFZ", "A-5", HOLDER, None, "公安局", "2020-01-01", None, None])  # 7: missing name
    sheet.append(["SFZ", "A-6", HOLDER, "张三", "公安局", "2020-01-01", None, "abc"])  # 8: hash
    book.save(path)
    return path


def test_import_is_all_or_nothing_lists_every_problem_and_a_reimport_updates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    kinds = tmp_path / "kinds.json"
    kinds.write_text(json.dumps(KINDS, ensure_ascii=False), encoding="utf-8")
    assert (
        _run(capsys, "kinds", "import", str(kinds), "--db", db)[1].strip()
        == "已导入证照类型 3 种：新增 3 种，更新 0 种"
    )
    listed = _run(capsys, "kinds", "list", "--db", db)[1]
    assert "户口簿（停用）" in listed and "不动产权证书  发证部门 BDC" in listed

    code, _, err = _run(capsys, "import", str(_bad_sheet(tmp_path / "bad.xlsx")), "--db", db)
    assert code != 0 and "6 个问题，未导入任何记录" in err
    for expected in ("第 3 行：未知的证照类型 XYZ", "第 4 行：持证人证件号码 110101199001011238 无效",
                     "第 5 行：有效期止 2019-01-01 早于有效期起 2020-01-01",
                     "第 6 行：证照编号 OK-1（SFZ）与第 2 行重复", "第 7 行：缺少持证人姓名",
                     "第 8 行：文件SHA256 应为 64 位十六进制数字"):  # fmt: skip
        assert expected in err, err
    assert "没有持证人" in _run(capsys, "list", "--holder", HOLDER, "--db", db)[1]  # row 2 was not imported either

    library = [c for c in LIBRARY if c.kind in ("SFZ", "BDCQZ")]
    source = write_certificates(tmp_path / "library.json", library)
    assert "新增 3 条，更新 0 条" in _run(capsys, "import", str(source), "--db", db)[1]
    moved = [c.__class__(**{**c.__dict__, "issuer": "新发证机关"}) for c in library]
    assert "新增 0 条，更新 3 条" in _run(capsys, "import", str(write_certificates(source, moved)), "--db", db)[1]
    listing = _run(capsys, "list", "--holder", HOLDER.lower(), "--db", db)[1].splitlines()
    assert len(listing) == 3 and all("新发证机关" in line and "张三" in line for line in listing)
    code, _, err = _run(capsys, "list", "--holder", "110101199001011238", "--db", db)
    assert code != 0 and "校验" in err


def test_figures_by_department_and_month_in_the_report_and_the_hall_tally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    app = create_app(db)
    with app.state.db.session() as session:
        feed.publish(session, "catalog", "catalog", catalog_document())
        share = {"kind": "SFZ", "number": "SFZ-1", "lookup_id": ""}
        session.add_all([
            CertificateShare(case_id="c1", material_code="M2", department_code="BDC", received_on=date.today(),
                             **share),
            CertificateShare(case_id="c2", material_code="H1", department_code="HJ", received_on=date(2022, 1, 5),
                             **share),
        ])  # fmt: skip
    kinds = tmp_path / "kinds.json"
    kinds.write_text(json.dumps(KINDS, ensure_ascii=False), encoding="utf-8")
    _run(capsys, "kinds", "import", str(kinds), "--db", db)
    library = [c for c in LIBRARY if c.kind in ("SFZ", "BDCQZ")]
    _run(capsys, "import", str(write_certificates(tmp_path / "library.json", library)), "--db", db)
    _row, enrol_code = admin.add_device(app.state.db, "05")
    enrolment = {"code": enrol_code, "device_id": str(uuid.uuid4())}
    token = TestClient(app).post("/v1/enroll", json=enrolment).json()["token"]
    window = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert window.post("/v1/certificates/lookup", json=ask(["XK0001", "XK0002"])).status_code == 200
    assert window.post("/v1/certificates/lookup", json=ask(["NOPE"])).status_code == 422  # refused: not counted

    month = date.today().strftime("%Y-%m")
    code, out, _ = _run(capsys, "report", "--from", date.today().replace(day=1).isoformat(),
                        "--to", date.today().isoformat(), "--db", db)  # fmt: skip
    assert code == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0] == ["部门", "月份", "证照入库种类数", "入库量", "查询次数", "证照共享量"]
    assert lines[1:] == [["不动产登记中心", month, "1", "2", "1", "1"], ["公安户籍", month, "1", "1", "1", "0"],
                         ["合计", "", "2", "3", "1", "1"]]  # fmt: skip
    out_file = tmp_path / "certs.xlsx"
    assert _run(capsys, "report", "--from", "2022-01-01", "--to", date.today().isoformat(), "--out", str(out_file),
                "--db", db)[0] == 0  # fmt: skip
    sheet = load_workbook(out_file)["证照共享"]
    rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ["公安户籍", "2022-01", 0, 0, 0, 1] in rows and rows[-1] == ["合计", None, 2, 3, 1, 2]
    assert _run(capsys, "report", "--from", "2026-02-30", "--to", "2026-03-01", "--db", db)[0] != 0

    monkeypatch.setenv("HALLCLIENT_PASSWORD", "secret123")
    assert main(["server", "user", "add", "zhao", "--role", "supervisor", "--db", db]) == 0
    boss = window.post("/v1/login", json={"username": "zhao", "password": "secret123"}).json()["user_token"]
    with serving(app) as url:
        tallies = fetch_tallies(url, token, boss, Period(date.today(), date.today()), ["window"])
    assert tallies["window"].certificates is not None and tallies["window"].certificates.total.shares == 1
    book = load_workbook(write_xlsx(tallies, tmp_path / "tally.xlsx"))
    assert [cell.value for cell in book["证照共享"]["F"]][-1] == 1
    app.state.db.dispose()


@pytest.mark.logs_expected("hallclient.server.certificates")  # the adapter warns while the simulator starts
def test_the_simulator_runs_from_the_cli_on_the_demo_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hallclient.paths import resource_path
    from hallclient.server.certificate_provincial import ProvincialSettings, fetch
    from hallclient.server.certificate_simulator import SIMULATOR_PATH
    from queue_helpers import free_port

    data = resource_path("certificates", "demo_certificates.json")
    code, _, err = _run(capsys, "simulate", "--port", "8999", "--data", str(data), "--fail-rate", "2")
    assert code != 0 and len(err.strip().splitlines()) == 1 and "--fail-rate" in err
    port = free_port()
    env = {**os.environ, "HALLCLIENT_CONFIG": str(tmp_path / "config.toml")}
    command = [sys.executable, "-m", "hallclient", "server", "certs", "simulate", "--port", str(port), "--data",
               str(data), "--key", "k1"]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        settings = ProvincialSettings(f"http://127.0.0.1:{port}{SIMULATOR_PATH}", "k1", 2000)
        deadline = time.monotonic() + 30
        while True:
            answer = fetch(settings, "110105195003150027", "李秀英", ["SFZ", "HKB", "BDCQZ"])
            if answer.certificates is not None or time.monotonic() > deadline:
                break
            time.sleep(0.2)  # not listening yet
        assert answer.certificates is not None, answer.note
        assert sorted(c.kind for c in answer.certificates) == ["HKB", "SFZ"]
        wrong_key = fetch(ProvincialSettings(settings.url, "guess", 2000), "110105195003150027", "李秀英", ["SFZ"])
        assert wrong_key.certificates is None and "HTTP 401" in wrong_key.note
    finally:
        process.terminate()
        process.wait(10)
