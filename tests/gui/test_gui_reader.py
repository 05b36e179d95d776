"""A simulated swipe (pseudo-terminal reader, real serial code) fills the intake form through Qt signals."""

from __future__ import annotations

import json

import pytest

from hallclient.devices.idcard.simulator import Latencies, ReaderSimulator
from hallclient.paths import resource_path
from hallclient.ui.devices import Devices


def card_file(name: str) -> dict:
    return json.loads(resource_path("cards", name).read_text(encoding="utf-8"))


@pytest.fixture
def reader(window, ctx):
    simulator = ReaderSimulator(latencies=Latencies.instant())
    simulator.start()
    devices = Devices(window, ctx)
    devices.simulator = simulator
    devices.attach_reader(simulator.port)
    yield devices
    devices.stop()


def test_swipe_fills_the_applicant_and_status_bar_shows_ready(qtbot, window, reader):
    qtbot.waitUntil(lambda: "就绪" in window.status.reader.text(), timeout=10000)
    reader.present_sample_card("resident.json")
    expected = card_file("resident.json")
    panel = window.intake.applicant
    qtbot.waitUntil(lambda: panel.id_number.text() == expected["id_number"], timeout=10000)
    assert panel.name.text() == expected["name"]
    assert "已读卡" in panel.card_note.text()
    assert panel.applicant().card is not None and panel.applicant().card_raw


def test_expired_card_is_flagged(qtbot, window, reader):
    reader.present_sample_card("expired.json")
    panel = window.intake.applicant
    qtbot.waitUntil(lambda: bool(panel.id_number.text()), timeout=10000)
    assert "过期" in panel.card_note.text()


def test_elderly_card_suggests_green_channel(qtbot, window, reader):
    reader.present_sample_card("elderly.json")
    panel = window.intake.applicant
    qtbot.waitUntil(lambda: bool(panel.id_number.text()), timeout=10000)
    assert panel.green.isChecked()


def test_swipe_in_agent_mode_fills_the_agent(qtbot, window, reader):
    intake = window.intake
    intake.applicant.name.setText("张三")
    intake.applicant.id_number.setText("x")
    intake.agent_toggle.setChecked(True)
    reader.present_sample_card("resident.json")
    qtbot.waitUntil(lambda: bool(intake.agent.id_number.text()), timeout=10000)
    assert intake.agent.name.text() == card_file("resident.json")["name"]
    assert intake.applicant.name.text() == "张三"
