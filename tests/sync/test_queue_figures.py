"""Queue figures and the supervisor's live hall view, on a real server database (SQLite and PostgreSQL).

One hall day is driven through the real API with the server clock set minute by minute; every expected
number below is worked out by hand from that timeline (hall wall time, UTC+8):

    09:00 kiosk: A001, A002, B001; portal books X (slot 09-10) and Y (10-11), and Z (10-11, cancelled)
    09:04 01 calls A001   09:05 starts     09:15 finishes            (wait 4,  service 10)
    09:06 02 calls A002   09:16 no-show                              (wait 6)
    09:20 02 calls B001   09:22 transfers it to category A           (wait 20)
    09:30 01 calls the continuation (B001 in A)   09:42 finishes     (service 12, from the call)
    09:50 X checks in: A003      10:10 kiosk: A004 (never called)
    10:12 02 pauses (会议)  10:40 resumes                             (28 min)
    10:20 01 calls A003   10:21 starts     10:51 finishes            (wait 30, service 30)
    11:00 01 pauses (午休), still open at 11:30                        (30 min)
    Y never checks in: its check-in window closed at 11:15, so it is missed at 11:30.
"""

from __future__ import annotations

import csv
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from hallclient.cli import main
from hallclient.domain.queue_figures import QueueTally
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import clock
from queue_helpers import DAY, HallClock, drive_the_day, login, ok, serving, window_client

QUERY = {"from": "2026-03-10", "to": "2026-03-10"}


@pytest.fixture
def hall_clock(monkeypatch: pytest.MonkeyPatch) -> HallClock:
    fake = HallClock(DAY)
    monkeypatch.setattr(clock, "source", fake)
    monkeypatch.setattr(WorkCalendar, "is_workday", lambda _self, _day: True)
    return fake


def _row(tally: QueueTally, key: str) -> dict[str, Any]:
    found = tally.total if key == "total" else next(fig for fig in tally.groups if fig.key == key)
    minutes = {name: None if getattr(found, name) is None else getattr(found, name) / 60
               for name in ("wait_median_s", "wait_p90_s", "service_median_s", "service_p90_s")}  # fmt: skip
    return {
        "issued": found.issued, "called": found.called, "wait": (minutes["wait_median_s"], minutes["wait_p90_s"]),
        "served": found.served, "service": (minutes["service_median_s"], minutes["service_p90_s"]),
        "no_show": found.no_show, "transferred": found.transferred,
        "appointments": (found.appointments, found.appointments_kept, found.appointments_missed),
        "paused": found.paused_minutes,
    }  # fmt: skip


def _figures(client: TestClient, headers: dict[str, str], *by: str) -> dict[str, QueueTally]:
    answer = client.get("/v1/tallies/queue", params={**QUERY, "by": list(by)}, headers=headers)
    assert answer.status_code == 200, answer.text
    return {name: QueueTally.from_dict(item) for name, item in answer.json()["figures"].items()}


def test_queue_figures_of_a_driven_day_by_category_hour_and_window(app: FastAPI, hall_clock: HallClock) -> None:
    drive_the_day(app, hall_clock)
    boss = login(app, "09", "zhao", "supervisor")
    found = _figures(TestClient(app), boss, "category", "hour", "window")
    by_category, by_hour, by_window = found["category"], found["hour"], found["window"]
    total = {"issued": 5, "called": 5, "wait": (13.0, 30.0), "served": 3, "service": (12.0, 30.0), "no_show": 1,
             "transferred": 1, "appointments": (2, 1, 1), "paused": 58.0}  # fmt: skip
    for tally in found.values():
        assert _row(tally, "total") == total
        assert tally.total.no_show_rate == pytest.approx(0.2)
    assert [(fig.key, fig.label) for fig in by_category.groups] == [("A", "A 企业开办"), ("B", "B 人资社保"),
                                                                    ("", "（未关联）")]  # fmt: skip
    assert _row(by_category, "A") == {"issued": 4, "called": 4, "wait": (6.0, 30.0), "served": 3,
                                      "service": (12.0, 30.0), "no_show": 1, "transferred": 0,
                                      "appointments": (2, 1, 1), "paused": 0.0}  # fmt: skip
    assert _row(by_category, "B") == {"issued": 1, "called": 1, "wait": (20.0, 20.0), "served": 0,
                                      "service": (None, None), "no_show": 0, "transferred": 1,
                                      "appointments": (0, 0, 0), "paused": 0.0}  # fmt: skip
    assert _row(by_category, "")["paused"] == 58.0
    assert [fig.label for fig in by_hour.groups] == ["09:00-10:00", "10:00-11:00", "11:00-12:00"]
    assert _row(by_hour, "09") == {"issued": 4, "called": 5, "wait": (13.0, 30.0), "served": 3,
                                   "service": (12.0, 30.0), "no_show": 1, "transferred": 1,
                                   "appointments": (1, 1, 0), "paused": 0.0}  # fmt: skip
    assert _row(by_hour, "10") == {"issued": 1, "called": 0, "wait": (None, None), "served": 0,
                                   "service": (None, None), "no_show": 0, "transferred": 0,
                                   "appointments": (1, 0, 1), "paused": 28.0}  # fmt: skip
    assert _row(by_hour, "11")["paused"] == 30.0
    assert [fig.key for fig in by_window.groups] == ["01", "02", ""]
    assert _row(by_window, "01") == {"issued": 2, "called": 3, "wait": (17.0, 30.0), "served": 3,
                                     "service": (12.0, 30.0), "no_show": 0, "transferred": 0,
                                     "appointments": (1, 1, 0), "paused": 30.0}  # fmt: skip
    assert _row(by_window, "02") == {"issued": 2, "called": 2, "wait": (13.0, 20.0), "served": 0,
                                     "service": (None, None), "no_show": 1, "transferred": 1,
                                     "appointments": (0, 0, 0), "paused": 28.0}  # fmt: skip
    assert _row(by_window, "")["issued"] == 1 and _row(by_window, "")["appointments"] == (1, 0, 1)
    # The running day and the still open pause are said, not silently counted to a guessed end.
    assert by_window.notes == [
        "期间尚未结束，数据截至 2026-03-10 11:30。",
        "01 号窗口仍在暂停服务，暂停时长计至 11:30。",
    ]


def test_a_pause_is_clipped_to_the_period(app: FastAPI, hall_clock: HallClock) -> None:
    """A pause from 23:30 to 00:20 the next day counts 30 minutes on the first day and 20 on the second."""
    drive_the_day(app, hall_clock)
    one = window_client(app, "01")
    ok(one.post("/v1/queue/resume"))
    hall_clock.at("23:30")
    ok(one.post("/v1/queue/pause", json={"reason": "系统维护"}))
    hall_clock.day = date(2026, 3, 11)
    hall_clock.at("00:20")
    ok(one.post("/v1/queue/resume"))
    hall_clock.at("08:00")
    boss = login(app, "09", "zhao", "supervisor")
    first = _figures(TestClient(app), boss, "window")["window"]
    assert _row(first, "01")["paused"] == 30.0 + 30.0  # 11:00-11:30 (resumed at 11:30) and 23:30-24:00
    answer = TestClient(app).get("/v1/tallies/queue", params={"from": "2026-03-11", "to": "2026-03-11",
                                                              "by": "window"}, headers=boss)  # fmt: skip
    second = QueueTally.from_dict(answer.json()["figures"]["window"])
    assert _row(second, "01")["paused"] == 20.0 and second.total.issued == 0


def test_only_a_logged_in_supervisor_gets_the_figures_and_the_live_hall(app: FastAPI, hall_clock: HallClock) -> None:
    drive_the_day(app, hall_clock)
    plain = TestClient(app)
    boss = login(app, "09", "zhao", "supervisor")
    clerk = login(app, "02", "li", "clerk")
    device_only = {"Authorization": clerk["Authorization"]}
    for path in ("/v1/tallies/queue", "/v1/queue/hall"):
        refused = plain.get(path, params=QUERY, headers=clerk)
        assert refused.status_code == 403 and "至少需要 supervisor" in refused.json()["detail"]
        assert plain.get(path, params=QUERY, headers=device_only).status_code == 401  # a window device alone
        assert plain.get(path, params=QUERY).status_code == 401
    bad = plain.get("/v1/tallies/queue", params={**QUERY, "by": "clerk"}, headers=boss)
    assert bad.status_code == 400 and bad.json()["detail"].startswith("排队统计的分组只能是")
    backwards = plain.get("/v1/tallies/queue", params={"from": "2026-03-10", "to": "2026-03-09"}, headers=boss)
    assert backwards.status_code == 400 and "早于开始日" in backwards.json()["detail"]
    future = plain.get("/v1/tallies/queue", params={"from": "2026-04-01", "to": "2026-04-02"}, headers=boss)
    assert future.status_code == 400 and "在未来" in future.json()["detail"]
    unknown = plain.get("/v1/queue/hall", params={"hall": "nohall"}, headers=boss)
    assert unknown.status_code == 404 and unknown.json()["detail"] == "没有大厅「nohall」"

    live = plain.get("/v1/queue/hall", headers=boss)
    assert live.status_code == 200, live.text
    state = live.json()
    assert [(c["category"], c["waiting"]) for c in state["categories"]] == [("A", 1), ("B", 0)]
    assert state["windows"] == [
        {"window": "01", "ticket": "", "state": "paused", "pause_reason": "午休"},
        {"window": "02", "ticket": "", "state": "idle", "pause_reason": ""},
    ]
    assert state["recent"][0]["name"] == "王*芳"  # masked as on the hall display
    hall_clock.at("11:31")
    one = window_client(app, "01")
    ok(one.post("/v1/queue/resume"))
    called = ok(one.post("/v1/queue/call"))["ticket"]
    windows = plain.get("/v1/queue/hall", headers=boss).json()["windows"]
    assert windows[0] == {"window": "01", "ticket": called["number"], "state": "called", "pause_reason": ""}


def test_cli_exports_the_queue_figures_with_chinese_headings_and_refuses_bad_input(
    app: FastAPI, hall_clock: HallClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    drive_the_day(app, hall_clock)
    boss = login(app, "09", "zhao", "supervisor")
    token = boss["Authorization"].removeprefix("Bearer ")
    with serving(app) as url:
        config = tmp_path / "config.toml"
        config.write_text(f'config_version = 2\n[server]\nurl = "{url}"\ndevice_token = "{token}"\n', encoding="utf-8")
        monkeypatch.setenv("HALLCLIENT_CONFIG", str(config))
        base = ["tally", "--queue", "--date", "2026-03-10", "--server", url, f"--user-token={boss['X-User-Token']}"]
        assert main([*base, "--by", "category", "--out", str(tmp_path / "q.csv")]) == 0
        out = capsys.readouterr().out
        assert "市民中心 排队 2026-03-10：取号 5，叫号 5，过号 1，预约 2（签到 1，爽约 1），暂停服务 58 分钟" in out
        with (tmp_path / "q.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0][:4] == ["业务类别", "取号数", "等候时长中位数(分钟)", "等候时长P90(分钟)"]
        assert "过号率" in rows[0] and "预约爽约" in rows[0] and rows[0][-1] == "暂停服务(分钟)"
        assert rows[1][:4] == ["A 企业开办", "4", "6.0", "30.0"] and rows[-1][:2] == ["合计", "5"]
        assert rows[-1][rows[0].index("过号率")] == "0.2"

        assert main([*base, "--by", "hour", "--out", str(tmp_path / "q.xlsx")]) == 0
        book = load_workbook(tmp_path / "q.xlsx")
        assert book.sheetnames == ["排队_按时段", "排队_按业务类别", "排队_按窗口"]
        sheet = book["排队_按窗口"]
        assert sheet.cell(row=4, column=1).value == "窗口" and sheet.cell(row=5, column=1).value == "01 号窗口"
        header = [cell.value for cell in sheet[4]]
        assert sheet.cell(row=5, column=header.index("暂停服务(分钟)") + 1).value == 30

        assert main([*base, "--by", "window", "--out", str(tmp_path / "q.pdf")]) == 0
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "q.pdf"), "-"], check=True,
                              capture_output=True, text=True).stdout  # fmt: skip
        assert "市民中心排队叫号统计表" in text and "等候时长" in text and "02 号窗口" in text
        fonts = subprocess.run(["pdffonts", str(tmp_path / "q.pdf")], check=True, capture_output=True, text=True)
        assert "WenQuanYiMicroHei" in fonts.stdout
        capsys.readouterr()

        x = str(tmp_path / "x.csv")
        refusals = [
            ([*base, "--by", "clerk", "--out", x], "排队统计的分组只能是"),
            (
                ["tally", "--queue", "--date", "2026-03-10", "--out", x],
                "排队统计只在中心服务器上",
            ),
            ([*base[:-1], "--out", x], "未提供值班长登录令牌"),
            ([*base[:-1], "--user-token=wrong", "--out", x], "服务器拒绝（401）"),
            ([*base, "--hall", "nohall", "--out", x], "没有大厅「nohall」"),
            (["tally", "--date", "2026-03-10", "--by", "hour", "--out", x], "只用于排队统计"),
        ]
        monkeypatch.delenv("HALLCLIENT_USER_TOKEN", raising=False)
        for args, message in refusals:
            assert main(args) != 0, args
            err = capsys.readouterr().err
            assert message in err and err.count("\n") == 1 and "Traceback" not in err, (args, err)
        assert not (tmp_path / "x.csv").exists()  # nothing half-written
