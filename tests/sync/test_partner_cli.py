"""``hallclient server partner add|list|retire|import`` end to end on a server database: Chinese, one-line
refusals with a non-zero exit, nothing written by a refused import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hallclient.paths import resource_path


def test_partner_administration_from_the_cli(tmp_path: Path) -> None:
    env = {**os.environ, "HALLCLIENT_CONFIG": str(tmp_path / "config.toml")}
    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "hallclient", "server", *args, "--db", db], capture_output=True,
                              text=True, env=env, timeout=60)  # fmt: skip

    def ok(*args: str) -> str:
        result = cli(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def refused(*args: str) -> str:
        result = cli(*args)
        assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        return result.stderr

    chengdu = ("partner", "add", "四川省成都市", "--province", "四川省", "--agreed-on", "2025-06-01",
               "--contact", "李敏:028-12345678", "--matter", "QR00106002")  # fmt: skip
    assert "尚未发布事项目录" in refused(*chengdu)
    ok("catalog", "import", str(resource_path("catalog", "demo_catalog.json")))
    assert "已登记协议地区 四川省成都市（四川省）" in ok(*chengdu)
    assert "协议地区已存在：四川省成都市" in refused(*chengdu)
    wrong_province = (*chengdu[:2], "成都", "--province", "四川", *chengdu[5:])
    assert "省份须为行政区划中的省级名称（如 四川省）：四川" in refused(*wrong_province)
    assert "联系人格式应为 姓名:电话：李敏" in refused(*chengdu[:8], "李敏", *chengdu[9:])
    entries = [
        {"name": "贵州省贵阳市", "province": "贵州省", "agreed_on": "2025-07-01",
         "contacts": [{"name": "王强", "phone": "0851-1234567"}], "matters": ["QR00106002"]},
        {"name": "云南省昆明市", "province": "云南省", "agreed_on": "2025-07-01",
         "contacts": [{"name": "赵云", "phone": "电话"}], "matters": ["QR00106002"]},
    ]  # fmt: skip
    bad = tmp_path / "partners.json"
    bad.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    assert "第 2 项：联系人“赵云”的电话无效：电话" in refused("partner", "import", str(bad))
    entries[1]["contacts"] = [{"name": "赵云", "phone": "0871-7654321"}]
    bad.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    assert "已导入 2 个协议地区" in ok("partner", "import", str(bad))
    ok("partner", "retire", "云南省昆明市")
    assert "协议地区“云南省昆明市”已于" in refused("partner", "retire", "云南省昆明市")
    listing = ok("partner", "list").splitlines()
    assert listing[0].startswith("四川省成都市  四川省  协议 2025-06-01  事项 QR00106002  联系人 李敏 028-12345678")
    assert listing[2].startswith("云南省昆明市（已停用）")
