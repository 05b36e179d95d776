"""The centre's template file: validated all-or-nothing with line numbers; the Chinese length rules; quiet hours."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from hallclient.domain.notices import NoticeKind
from hallclient.errors import HallError
from hallclient.server.sms.templates import (
    load_template_file,
    parse_quiet_hours,
    parse_templates,
    part_count,
    render,
    split_parts,
    units,
)

DEMO = Path(__file__).resolve().parents[2] / "resources" / "sms-templates.toml"


def test_the_demo_file_covers_every_kind_and_renders() -> None:
    templates = load_template_file(DEMO)
    assert set(templates.texts) == {kind.value for kind in NoticeKind}
    text = render(templates.texts["posted"], {"name": "张三", "case_no": "N1", "carrier": "EMS", "waybill_no": "E1"})
    assert text == "【西湖区政务服务中心】张三您好，您的办件N1的材料已由EMS寄出，运单号E1。"
    assert render("【中心】{name}{case_no}", {"name": "李四"}) == "【中心】李四"  # a missing fact: empty, never "{…}"


def test_every_problem_is_reported_at_once_with_its_line_and_nothing_is_kept() -> None:
    source = DEMO.read_text(encoding="utf-8")
    broken = (
        source.replace('accepted = "【西湖区政务服务中心】', 'accepted = "')  # no signature
        .replace("{waybill_no}", "{waybill}")  # a placeholder the kind does not have
        .replace('quiet_hours = "21:00-08:00"', 'quiet_hours = "25:00-08:00"')
        .replace("rating_invite = ", "rating_invitation = ")  # unknown kind, and rating_invite now missing
    )
    with pytest.raises(HallError) as raised:
        parse_templates(broken, "sms.toml")
    message = str(raised.value)
    lines = source.splitlines()
    line_of = {key: next(i for i, line in enumerate(lines, 1) if line.startswith(key)) for key in
               ("quiet_hours", "accepted", "posted", "rating_invite")}  # fmt: skip
    assert message.startswith("sms.toml 有 5 处错误，未导入：")
    assert "\n" not in message
    assert f"第 {line_of['quiet_hours']} 行：免打扰时段格式应为 HH:MM-HH:MM" in message
    assert f"第 {line_of['accepted']} 行：accepted 的文本须带短信签名 【西湖区政务服务中心】" in message
    assert f"第 {line_of['posted']} 行：posted 不能使用占位符 {{waybill}}" in message
    assert f"第 {line_of['rating_invite']} 行：未知的通知类型 rating_invitation" in message
    assert "缺少通知类型 rating_invite（好差评邀请）的模板" in message


def test_a_signature_must_be_given_and_in_brackets() -> None:
    source = DEMO.read_text(encoding="utf-8").replace('signature = "【西湖区政务服务中心】"', 'signature = "西湖区"')
    with pytest.raises(HallError, match=r"第 3 行：signature 须为【…】形式的短信签名"):
        parse_templates(source)


def test_length_rules_70_single_67_per_part_in_utf16_units() -> None:
    assert (part_count("办" * 70), part_count("办" * 71), part_count("办" * 134), part_count("办" * 135)) == (
        1,
        2,
        2,
        3,
    )
    assert units("𠀀") == 2  # outside the BMP: two UCS-2 units, as the SMS counts it
    parts = split_parts("办" * 66 + "𠀀" + "办" * 10)  # the pair would straddle unit 67: it moves whole
    assert [units(part) for part in parts] == [66, 12]
    assert "".join(parts) == "办" * 66 + "𠀀" + "办" * 10


@pytest.mark.parametrize(
    ("at", "active"), [("20:59", False), ("21:00", True), ("23:30", True), ("07:59", True), ("08:00", False)]
)
def test_quiet_hours_across_midnight(at: str, active: bool) -> None:
    quiet = parse_quiet_hours("21:00-08:00")
    moment = datetime.fromisoformat(f"2026-03-02T{at}")
    assert quiet.active(moment) is active
    if active:
        assert quiet.next_end(moment).strftime("%H:%M") == "08:00"
