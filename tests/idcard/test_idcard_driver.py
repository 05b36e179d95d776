"""The real pyserial driver against the simulator on a pseudo-terminal, including every injected fault."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from idcard_helpers import CARD_NAMES, card_json

from hallclient.devices.idcard import codec, read_card, sam_info
from hallclient.devices.idcard.driver import command_timeout, connect
from hallclient.devices.idcard.errors import (
    IdCardChecksumError,
    IdCardNoCardError,
    IdCardPortError,
    IdCardStatusError,
    IdCardTimeoutError,
)
from hallclient.devices.idcard.simulator import Faults, Latencies, ReaderSimulator, SimCard


@pytest.mark.parametrize("name", CARD_NAMES)
def test_idcard_sample_cards_read_back_exactly(name: str) -> None:
    expected = card_json(name)
    with ReaderSimulator(name, latencies=Latencies.instant()) as sim:
        card = read_card(sim.port, timeout=2)
    data = card.to_json_dict()
    for key, value in expected.items():
        assert data[key] == value, key
    assert len(card.raw_text) == 256 and len(card.photo_wlt) == 1024
    assert card.check_digit_ok


def test_idcard_sample_cards_carry_what_the_ui_flags() -> None:
    day = date.today()
    with ReaderSimulator("elderly", latencies=Latencies.instant()) as sim:
        elderly = read_card(sim.port, timeout=2)
        sim.insert_card("expired")
        expired = read_card(sim.port, timeout=2)
    assert elderly.green_channel_suggested(day) and elderly.valid_until == "长期"
    assert expired.is_expired(day) and not elderly.is_expired(day)


def test_idcard_stray_bytes_before_every_reply(sim: ReaderSimulator) -> None:
    sim.faults.stray_bytes = b"\x00\xaa\xaa\x13\xaa\xaa\xaa\x96"
    assert read_card(sim.port, timeout=2).name == "张三"


def test_idcard_fragmented_replies(sim: ReaderSimulator) -> None:
    sim.faults.fragment = True
    assert read_card(sim.port, timeout=3).id_number == "110101199001011237"


def test_idcard_delay_within_budget_is_tolerated(sim: ReaderSimulator) -> None:
    sim.faults.extra_delay = 0.2
    assert read_card(sim.port, 115200, timeout=3).name == "张三"


def test_idcard_delay_beyond_budget_times_out_promptly(sim: ReaderSimulator) -> None:
    sim.faults.extra_delay = 2.0
    started = time.monotonic()
    with pytest.raises(IdCardTimeoutError, match="SAM状态检测"):
        read_card(sim.port, 115200, timeout=1)
    assert time.monotonic() - started < command_timeout(codec.STATUS, 115200) + 0.3


def test_idcard_one_bad_checksum_is_retried(sim: ReaderSimulator) -> None:
    sim.faults.bad_checksums = 1
    assert read_card(sim.port, 115200, timeout=2).name == "张三"
    assert sim.commands[0] == sim.commands[1] == codec.STATUS  # the corrupted reply was asked for again


def test_idcard_persistent_bad_checksums_raise(sim: ReaderSimulator) -> None:
    sim.faults.bad_checksums = 10
    with pytest.raises(IdCardChecksumError):
        read_card(sim.port, 115200, timeout=2)


@pytest.mark.parametrize("code", [0x31, 0x32, 0x33, 0x40, 0x41, 0x47])
def test_idcard_transient_card_failures_during_read_are_retried(sim: ReaderSimulator, code: int) -> None:
    sim.faults.forced_status, sim.faults.forced_command, sim.faults.forced_count = code, (0x30, 0x01), 1
    assert read_card(sim.port, 115200, timeout=2).name == "张三"


@pytest.mark.parametrize(("code", "words"), [(0x66, "未经授权"), (0x24, "无法识别的错误"), (0xAB, "未知状态码 0xAB")])
def test_idcard_sam_faults_are_reported_with_their_message(sim: ReaderSimulator, code: int, words: str) -> None:
    sim.faults.forced_status, sim.faults.forced_command = code, (0x11, 0xFF)
    with pytest.raises(IdCardStatusError, match=words) as caught:
        read_card(sim.port, 115200, timeout=1)
    assert caught.value.status == code and caught.value.exit_code == 2


def test_idcard_self_test_failure_is_cleared_by_a_reset() -> None:
    with ReaderSimulator("resident", latencies=Latencies.instant(), sam_status=0x60) as sim:
        assert read_card(sim.port, 115200, timeout=2).name == "张三"
        assert codec.RESET in sim.commands


def test_idcard_card_removed_mid_read_means_no_card() -> None:
    with ReaderSimulator("resident", latencies=Latencies.instant(), faults=Faults(remove_mid_read=True)) as sim:
        started = time.monotonic()
        with pytest.raises(IdCardNoCardError, match="0x41") as caught:
            read_card(sim.port, 115200, timeout=0.6)
        assert time.monotonic() - started < 1.2
        assert caught.value.exit_code == 3
        assert sim.card is None


def test_idcard_stalled_read_times_out_within_budget(sim: ReaderSimulator) -> None:
    sim.faults.truncate_read = True
    started = time.monotonic()
    with pytest.raises(IdCardTimeoutError, match="读固定信息"):
        read_card(sim.port, 115200, timeout=5)
    assert time.monotonic() - started < command_timeout(codec.READ_BASE, 115200) + 0.5


def test_idcard_silent_reader_fails_after_probing_every_rate(sim: ReaderSimulator) -> None:
    sim.faults.silent = True
    started = time.monotonic()
    with pytest.raises(IdCardTimeoutError, match="已尝试波特率 115200, 57600, 38400, 19200, 9600"):
        read_card(sim.port, timeout=1)
    budget = sum(command_timeout(codec.STATUS, rate) for rate in codec.BAUD_RATES)
    assert time.monotonic() - started < budget + 0.5


def test_idcard_no_card_before_timeout(sim: ReaderSimulator) -> None:
    sim.remove_card()
    started = time.monotonic()
    with pytest.raises(IdCardNoCardError):
        read_card(sim.port, 115200, timeout=0.5)
    assert 0.5 <= time.monotonic() - started < 1.0


def test_idcard_card_presented_while_waiting_is_read(sim: ReaderSimulator) -> None:
    sim.remove_card()
    threading.Timer(0.3, sim.insert_card, args=("hmt_residence",)).start()
    assert read_card(sim.port, 115200, timeout=2).pass_number == "H12345678"


@pytest.mark.parametrize("baud", [57600, 38400, 19200, 9600])
def test_idcard_baud_probing_finds_a_changed_rate(baud: int) -> None:
    with ReaderSimulator("resident", baud=baud, latencies=Latencies.instant(), pace_wire=False) as sim:
        info = sam_info(sim.port)
    assert info.baud == baud and info.status_ok
    assert info.sam_id == "05.01-20101008-0012345678-1234567890"


def test_idcard_wrong_fixed_baud_is_a_timeout() -> None:
    with ReaderSimulator("resident", baud=9600, latencies=Latencies.instant()) as sim:  # noqa: SIM117
        with pytest.raises(IdCardTimeoutError, match="115200"):
            read_card(sim.port, 115200, timeout=1)


def test_idcard_set_baud_moves_the_sam_and_the_line(sim: ReaderSimulator) -> None:
    with connect(sim.port, 115200) as connection:
        connection.set_sam_baud(38400)
        assert connection.status() == 0x90
    assert sim.baud == 38400
    assert read_card(sim.port, timeout=2).name == "张三"  # probing finds the stored rate


def test_idcard_fingerprint_and_appended_address() -> None:
    values = dict(card_json("resident"), fingerprint_templates=2)
    with ReaderSimulator(SimCard.from_json_dict(values), latencies=Latencies.instant()) as sim:
        card = read_card(sim.port, 115200, timeout=2, with_fingerprint=True)
        assert len(card.fingerprint) == 1024 and card.fingerprint[5] == 11 and card.fingerprint[512 + 5] == 12
        assert card.current_address == "北京市东城区测试路2号" and card.address == "北京市东城区测试路1号"
        sim.insert_card("elderly")  # no appended address: the SAM answers 0x91
        assert read_card(sim.port, 115200, timeout=2).appended_address == ""
    assert codec.READ_BASE_FP in sim.commands


def test_idcard_read_without_select_is_refused(sim: ReaderSimulator) -> None:
    with connect(sim.port, 115200) as connection:
        assert connection.find()
        with pytest.raises(IdCardStatusError) as caught:
            connection.request(codec.READ_BASE)
    assert caught.value.status == 0x41


def test_idcard_already_read_card_is_not_found_again_but_still_reads(sim: ReaderSimulator) -> None:
    with connect(sim.port, 115200) as connection:
        assert connection.find() and connection.select()
        connection.read_selected()
        assert not connection.find()  # the SAM's same-card rule (§9.4)
    assert read_card(sim.port, 115200, timeout=1).name == "张三"  # one-shot reads select anyway


def test_idcard_unplugged_reader_is_a_port_error(sim: ReaderSimulator) -> None:
    with connect(sim.port, 115200) as connection:
        sim.unplug()
        with pytest.raises(IdCardPortError, match="已拔出"):
            connection.find()
    with pytest.raises(IdCardPortError, match="无法打开"):
        read_card(sim.port, 115200, timeout=1)


def test_idcard_timeouts_scale_with_baud() -> None:
    slow, fast = command_timeout(codec.READ_BASE, 9600), command_timeout(codec.READ_BASE, 115200)
    assert slow - fast > 1.5 * (codec.wire_seconds(1295, 9600) - codec.wire_seconds(1295, 115200)) - 0.01
    assert slow > codec.wire_seconds(1305, 9600) + 0.7  # wire time plus a realistic device time fits


def test_idcard_realistic_read_at_9600_fits_the_scaled_timeouts() -> None:
    with ReaderSimulator("resident", baud=9600, latencies=Latencies(read=0.2)) as sim:
        assert read_card(sim.port, 9600, timeout=5, appended_address=False).name == "张三"
