"""The kiosk's ticket slip for a server-issued ticket, rendered to ESC/POS and decoded back."""

from __future__ import annotations

from datetime import datetime

import pytest
from escpos_decode import decode

from hallclient.devices.printer.escpos_render import render_escpos
from hallclient.devices.printer.layout import build_layout
from hallclient.protocol.queue import TicketOut
from hallclient.services.queue_slip import ticket_slip


def _ticket(**changes: object) -> TicketOut:
    fields: dict[str, object] = dict(
        id="t1", number="A017", hall="main", category="A", category_name="企业开办", state="waiting",
        source="kiosk", green=False, green_reason="", applicant_name="王小芳", id_number="11010519491231002X",
        window="", target_window="", recalls=0, issued_at="2026-12-02T01:30:00.000+00:00", called_at="",
        case_no="", note="", waiting_before=6,
    )  # fmt: skip
    fields.update(changes)
    return TicketOut.model_validate(fields)


@pytest.mark.parametrize("width", [58, 80])
def test_the_ticket_slip_decodes_to_number_service_waiting_time_and_progress_qr(width: int) -> None:
    ticket = _ticket()
    data = render_escpos(build_layout(ticket_slip(ticket, "市民中心", "https://hall.example:8443/"), width))
    decoded = decode(data)
    number = decoded.line("A017")
    assert number.width >= 2 and number.bold and number.align == 1
    assert decoded.line("企业开办").bold
    assert "您前面还有 6 人等候" in decoded.text
    local = datetime.fromisoformat(ticket.issued_at).astimezone()
    assert f"{local:%Y-%m-%d %H:%M}" in decoded.text
    assert [qr.payload for qr in decoded.qrs] == ["https://hall.example:8443/display/main"]
    assert decoded.cuts == ["full"]
    # the applicant never reaches the kiosk's paper
    for secret in ("王小芳", "11010519491231002X"):
        assert secret not in decoded.text and secret.encode("gb18030") not in data


def test_a_green_channel_ticket_says_so_and_no_server_means_no_qr() -> None:
    decoded = decode(render_escpos(build_layout(ticket_slip(_ticket(green=True, green_reason="孕妇"), "市民中心"), 80)))
    assert "企业开办（绿色通道）" in decoded.text.replace("\n", "")
    assert decoded.qrs == []


def test_the_slip_prints_the_halls_time_whatever_zone_the_kiosk_pc_is_in(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "America/New_York")  # a kiosk PC left on a wrong zone
    time.tzset()
    try:
        ticket = _ticket(issued_at="2026-12-02T09:30:00.000+08:00")  # what the server sends: the hall's offset
        decoded = decode(render_escpos(build_layout(ticket_slip(ticket, "市民中心"), 80)))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "2026-12-02 09:30" in decoded.text
