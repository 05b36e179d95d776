"""``hallclient server site …`` and ``server device add --site`` / ``device move``: the tree rules (street under the
district, village under a street), one-line Chinese refusals with nothing written, an all-or-nothing import."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from hallclient.cli import main


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HALLCLIENT_CONFIG", str(tmp_path / "config.toml"))
    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"

    def run(*args: str, code: int = 0) -> str:
        result = main(["server", *args, "--db", db])
        captured = capsys.readouterr()
        assert result == code, captured.err
        if code:
            assert captured.out == "" or "设备" not in captured.out
            assert len(captured.err.strip().splitlines()) == 1 and "Traceback" not in captured.err, captured.err
            return captured.err
        return captured.out

    return run


def test_site_tree_rules_and_device_sites(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert server("site", "list").splitlines() == ["HALL  西湖区政务服务中心  区（县）政务服务中心  设备 0 台"]
    assert "已新增站点 BX" in server("site", "add", "BX", "--name", "北山街道", "--level", "street", "--parent", "HALL")
    refused = server("site", "add", "V9", "--name", "某村", "--level", "village", "--parent", "HALL", code=2)
    assert "村（社区）便民服务站的上级应为街道（乡镇）便民服务中心，HALL 是区（县）政务服务中心" in refused
    assert "上级站点不存在：NOPE" in server(
        "site", "add", "V9", "--name", "某村", "--level", "village", "--parent", "NOPE", code=2
    )
    assert "站点编码已存在：BX" in server(
        "site", "add", "BX", "--name", "重复", "--level", "street", "--parent", "HALL", code=2
    )

    bad = tmp_path / "sites.csv"
    bad.write_text(
        "编码,名称,级别,上级\nLY,灵隐街道,街道,HALL\nLY1,白乐桥社区,社区,LY\nX1,错村,村,HALL\nLY,再来,街道,HALL\n",
        encoding="utf-8",
    )
    err = server("site", "import", str(bad), code=2)
    assert "站点文件有 2 处问题，什么也没有导入" in err
    assert "第 4 行：村（社区）便民服务站的上级应为街道" in err and "第 5 行：站点编码已存在：LY" in err
    assert "LY" not in server("site", "list")  # all or nothing
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    rows = (
        ["编码", "名称", "级别", "上级"],
        ["LY1", "白乐桥社区", "village", "LY"],
        ["LY", "灵隐街道", "street", "HALL"],
    )
    for row in rows:
        sheet.append(row)
    good = tmp_path / "sites.xlsx"
    book.save(good)
    assert "已导入 2 个站点" in server("site", "import", str(good))  # a parent later in the file is fine
    assert server("site", "list").splitlines() == [
        "HALL  西湖区政务服务中心  区（县）政务服务中心  设备 0 台",
        "  BX  北山街道  街道（乡镇）便民服务中心  设备 0 台",
        "  LY  灵隐街道  街道（乡镇）便民服务中心  设备 0 台",
        "    LY1  白乐桥社区  村（社区）便民服务站  设备 0 台",
    ]

    assert "没有这个站点：ZZ" in server("device", "add", "--window", "07", "--site", "ZZ", code=2)
    assert "（没有设备）" in server("device", "list")  # nothing written
    out = server("device", "add", "--window", "07", "--site", "LY1")
    device = out.split()[1].split("（")[0]
    assert "站点 LY1" in server("device", "list")
    assert "站点 LY 下还有未撤销的站点：LY1" in server("site", "retire", "LY", code=2)
    assert "站点 LY1 还有 1 台未吊销的设备（窗口 07）" in server("site", "retire", "LY1", code=2)
    assert "已迁到站点 BX" in server("device", "move", device, "--site", "BX")
    assert "已撤销站点 LY1" in server("site", "retire", "LY1")
    assert "已撤销，不能再登记设备" in server("device", "add", "--window", "08", "--site", "LY1", code=2)
    assert "已撤销，不能再登记设备" in server("device", "move", device, "--site", "LY1", code=2)
    assert "根站点 HALL 不能撤销" in server("site", "retire", "HALL", code=2)
    assert "  BX  北山街道  街道（乡镇）便民服务中心  设备 1 台" in server("site", "list")
