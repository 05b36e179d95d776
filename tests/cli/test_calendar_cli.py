"""``hallclient calendar``: covered years with their sources, a local import that recounts, the provisional list."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from hallclient.cli import main
from hallclient.domain.case import Outcome
from hallclient.services import cases
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.store.bootstrap import load_calendar
from workday_helpers import SHANGHAI, SettableClock, write_calendar

PERSON = Applicant(kind="person", name="张三", id_type="id_card", id_number="11010519491231002x")


def test_show_import_and_provisional_list(
    services: Services, clerk: Actor, clock: SettableClock, store_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    clock.moment = datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI)
    request = IntakeRequest(
        "XK0001", PERSON, Outcome.ACCEPT, tuple(ReceivedMaterial(c, True, 1) for c in ("M1", "M2", "M3", "M4"))
    )
    case = cases.record_intake(services, clerk, request, load_calendar(services.store))
    db = ["--db", str(store_path)]

    assert main(["calendar", "show", *db]) == 0
    out = capsys.readouterr().out
    assert "2020\t国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）" in out
    assert "2026\t国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）" in out

    assert main(["calendar", "provisional", *db]) == 0
    out = capsys.readouterr().out
    assert f"{case.case_no}\t国有建设用地使用权及房屋所有权转移登记\t在办\t承诺办结 2027-01-04（暂定）" in out
    assert "共 1 件" in out

    assert main(["calendar", "import", str(write_calendar(tmp_path)), *db]) == 0
    out = capsys.readouterr().out
    assert "覆盖 2020–2027 年" in out and f"已重算 1 件办件的暂定期限：{case.case_no}" in out

    assert main(["calendar", "provisional", *db]) == 0
    assert "没有期限为暂定的在办办件" in capsys.readouterr().out


def test_a_bad_file_is_one_line_and_changes_nothing(
    services: Services, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"years": {"2027": {"holidays": ["2027-01-01"]}}}', encoding="utf-8")
    assert main(["calendar", "import", str(bad), "--db", str(store_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2027 年的工作日历缺少 source" in err
    assert 2027 not in load_calendar(services.store).years
    assert main(["calendar", "import", str(tmp_path / "none.json"), "--db", str(store_path)]) == 2
    assert "不存在" in capsys.readouterr().err
