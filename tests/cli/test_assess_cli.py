"""``hallclient assess``: exports, findings, publishing and verify from the command line; refusals are one
Chinese line with exit code 2 and store nothing."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select, update

from hallclient.cli import main
from hallclient.services.context import Services
from hallclient.store.assessment_models import AssessmentFinding, AssessmentSnapshot
from hallclient.store.models import Event

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
from assessment_seed import INDICATORS, PASSWORD, seed_hall

if TYPE_CHECKING:
    from conftest import FixedClock


@pytest.fixture
def hall_db(
    services: Services, clock: FixedClock, store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("HALLCLIENT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HALLCLIENT_PASSWORD", PASSWORD)
    seed_hall(services, clock)
    return store_path


@pytest.fixture
def indicators(tmp_path: Path) -> Path:
    path = tmp_path / "indicators.toml"
    path.write_text(INDICATORS, encoding="utf-8")
    return path


def count(services: Services, model: type) -> int:
    with services.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_assess_month_by_department_as_csv_xlsx_pdf(
    hall_db: Path, indicators: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dept.csv"
    base = ["assess", "--month", "2026-10", "--indicators", str(indicators), "--db", str(hall_db)]
    assert main([*base, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2026年10月部门业务考核：2 个对象" in printed and "第 1 名 公安户籍 97 分 优秀" in printed
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [row[:1] for row in rows[1:]] == [["1"], ["2"]]
    assert rows[1][1:3] == ["公安户籍", "97.0"] and rows[2][1:3] == ["不动产登记中心", "85.0"]
    for suffix in ("xlsx", "pdf"):
        assert main([*base, "--by", "department", "--out", str(tmp_path / f"dept.{suffix}")]) == 0
        assert (tmp_path / f"dept.{suffix}").stat().st_size > 1000


def test_findings_from_the_command_line(
    hall_db: Path, services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "p.png"
    photo.write_bytes(b"\x89PNG fake")
    db = ["--db", str(hall_db)]
    add = ["assess", "finding", "add", "--user", "zhao", "--staff", "wangfang", "--points", "-2", "--kind", "明察暗访",
           "--note", "态度生硬", "--day", "2026-10-20", "--evidence", str(photo), *db]  # fmt: skip
    assert main(add) == 0
    printed = capsys.readouterr().out
    assert "王芳" not in printed and "wangfang 明察暗访 -2 分" in printed
    assert "所属部门按其办件最多的部门认定为 BDC" in printed and "SHA-256" in printed
    assert main(["assess", "finding", "list", "--month", "2026-10", *db]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 2 and "明察暗访" in listed[1] and "有效" in listed[1]
    finding_id = listed[1].split("\t")[0]
    assert main(["assess", "finding", "appeal", finding_id[:12], "--user", "wangfang", "--reason", "误会", *db]) == 0
    assert main(["assess", "finding", "appeal", finding_id, "--user", "wangfang", "--reason", "再次", *db]) == 2
    assert capsys.readouterr().err.strip().endswith("该扣分已申诉")
    assert main(["assess", "finding", "decide", finding_id, "--user", "qian", "--reject", "--note", "属实", *db]) == 0
    assert "申诉驳回" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--staff", "nobody"], "没有用户 'nobody'"),
        (["--points", "abc"], "分值应为数字"),
        (["--points", "0"], "不为 0"),
        (["--evidence", "/nonexistent/x.jpg"], "证据文件不存在"),
        (["--kind", "随便"], "--kind"),
        (["--user", "wangfang"], "只有值班长"),
    ],
)
def test_bad_finding_is_one_line_and_stores_nothing(
    hall_db: Path, services: Services, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    values = {"--user": "zhao", "--staff": "wangfang", "--points": "-2", "--kind": "明察暗访", "--note": "x"}
    for option, value in zip(args[::2], args[1::2], strict=True):
        values[option] = value
    before = (count(services, Event), count(services, AssessmentFinding))
    argv = ["assess", "finding", "add", *[part for pair in values.items() for part in pair], "--db", str(hall_db)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert (count(services, Event), count(services, AssessmentFinding)) == before


def test_publish_published_verify(
    hall_db: Path, services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(hall_db)]
    publish = ["assess", "publish", "--quarter", "2026Q3", "--by", "staff", "--user", "zhao", *db]
    assert main(publish) == 0
    assert "人员服务考核第 1 版" in capsys.readouterr().out
    assert main(publish) == 2
    assert "再次发布须说明理由（--reason）" in capsys.readouterr().err
    assert main([*publish, "--reason", "更正"]) == 0
    assert main(["assess", "publish", "--quarter", "2999Q1", "--user", "zhao", *db]) == 2
    assert "尚未结束" in capsys.readouterr().err
    capsys.readouterr()
    out = tmp_path / "v1.pdf"
    assert main(["assess", "published", "--quarter", "2026Q3", "--by", "staff", "--version", "1", "--out", str(out),
                 *db]) == 0  # fmt: skip
    assert "第 1 版" in capsys.readouterr().out and out.stat().st_size > 1000
    assert main(["assess", "verify", "--quarter", "2026Q3", *db]) == 0
    assert capsys.readouterr().out.count("完好") == 2
    with services.store.write() as session:
        session.execute(update(AssessmentSnapshot).where(AssessmentSnapshot.version == 1)
                        .values(body=AssessmentSnapshot.body + " "))  # fmt: skip
        session.execute(update(AssessmentSnapshot).where(AssessmentSnapshot.version == 2)
                        .values(body=func.replace(AssessmentSnapshot.body, "王芳", "王方")))  # fmt: skip
    assert main(["assess", "verify", "--quarter", "2026Q3", *db]) == 2
    captured = capsys.readouterr()
    assert "第 2 版：不符：快照内容与发布时的校验值不符" in captured.out
    assert captured.err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "x.csv"], "--quarter"),
        (["--quarter", "2026Q5", "--out", "x.csv"], "考核期间应写作季度"),
        (["--quarter", "2026Q3", "--out", "x.txt"], "--format"),
        (["--quarter", "2026Q3"], "--out"),
        (["--quarter", "2026Q3", "--out", "x.csv", "--server", "http://127.0.0.1:9"], "--db 与 --server"),
    ],
)
def test_bad_assess_input_is_one_line(
    hall_db: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["assess", *args, "--db", str(hall_db)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_server_unreachable_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "hall.csv"
    server = ["assess", "--quarter", "2026Q3", "--out", str(out), "--server", "http://127.0.0.1:9"]
    assert main(server) == 2
    assert "未提供值班长登录令牌" in capsys.readouterr().err
    monkeypatch.setenv("HALLCLIENT_USER_TOKEN", "token")
    assert main(server) == 2  # no fall-back to one window's data: a hall-wide ranking was asked for
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "hallclient" in err
    assert not out.exists()
