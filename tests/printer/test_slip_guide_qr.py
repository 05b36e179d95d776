"""The 办事指南 QR on the receipt and the 一次性告知书 (``hall.guide_base_url``), decoded from the printer bytes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from escpos_decode import decode

from hallclient import config
from hallclient.config import Settings
from hallclient.devices.printer.escpos_render import render_escpos
from hallclient.devices.printer.layout import build_layout, paper_for, text_columns
from hallclient.devices.printer.samples import PROGRESS, sample_slips
from hallclient.devices.printer.slips import SlipKind
from hallclient.domain.case import Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.services import cases
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.services.slips import build_slip
from hallclient.store.models import Case

PERSON = Applicant(name="张三", id_number="11010519491231002X", phone="13800000000")
ALL = tuple(ReceivedMaterial(code, True, 1, 2) for code in ("M1", "M2", "M3", "M4"))
BASE = "https://zwfw.example.gov.cn/guides/"
PAGE = "https://zwfw.example.gov.cn/guides/matters/XK0001.html"
QR_COST = 120  # the guide QR's caption and its native GS ( k commands, never a raster


def _decoded(services: Services, case_id: str, kind: SlipKind, width: int = 58):  # type: ignore[no-untyped-def]
    with services.store.read() as session:
        case = session.get(Case, case_id)
        assert case is not None
        slip = build_slip(session, case, kind, services.settings)
    return decode(render_escpos(build_layout(slip, width)))


@pytest.mark.parametrize(("outcome", "kind"), [(Outcome.ACCEPT, SlipKind.RECEIPT),
                                                (Outcome.NOTIFY_MISSING, SlipKind.NOTICE)])  # fmt: skip
def test_receipt_and_notice_carry_the_guide_qr_when_the_hall_publishes_guides(
    services: Services, clerk: Actor, calendar: WorkCalendar, outcome: Outcome, kind: SlipKind
) -> None:
    materials = ALL if outcome is Outcome.ACCEPT else ALL[:1]
    case_id = cases.record_intake(
        services, clerk, IntakeRequest("XK0001", PERSON, outcome, materials), calendar
    ).case_id
    assert len(_decoded(services, case_id, kind).qrs) == 1  # default: no guide site, only the progress QR
    services.settings = Settings(guide_base_url=BASE)
    decoded = _decoded(services, case_id, kind)
    assert [qr.payload for qr in decoded.qrs][-1] == PAGE
    captions = [line.text.strip() for line in decoded.lines]
    assert "扫码查看办事指南" in captions


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize("kind", [SlipKind.RECEIPT, SlipKind.NOTICE])
def test_guide_qr_keeps_the_slip_within_its_size_rules(kind: SlipKind, width: int) -> None:
    slip = sample_slips()[kind]
    without = render_escpos(build_layout(slip, width))
    with_guide = render_escpos(build_layout(replace(slip, guide_url=PAGE), width))  # type: ignore[arg-type]
    decoded = decode(with_guide)
    assert [qr.payload for qr in decoded.qrs] == [PROGRESS, PAGE]
    assert decoded.qrs[1].module == (5 if width == 58 else 6) and decoded.rasters == []
    assert len(with_guide) - len(without) <= QR_COST
    columns = paper_for(width).columns
    assert all(text_columns(line.text) * line.width <= columns for line in decoded.lines)


@pytest.mark.parametrize(
    "value", ["zwfw.example.gov.cn", "ftp://zwfw.example.gov.cn", "https://政务.example.cn", "https://a b"]
)
def test_config_refuses_a_guide_base_url_that_is_not_an_http_address(tmp_path: Path, value: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'config_version = 2\n[hall]\nguide_base_url = "{value}"\n', encoding="utf-8")
    with pytest.raises(HallError, match=r"hall\.guide_base_url: .*不是 http:// 或 https:// 开头的网址") as caught:
        config.load(path)
    assert "\n" not in str(caught.value)
    path.write_text(f'config_version = 2\n[hall]\nguide_base_url = "{BASE}"\n', encoding="utf-8")
    assert config.load(path).guide_base_url == BASE
