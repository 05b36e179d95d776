"""Fixtures for the ID card tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hallclient.devices.idcard.simulator import Latencies, ReaderSimulator


@pytest.fixture
def sim() -> Iterator[ReaderSimulator]:
    with ReaderSimulator("resident", latencies=Latencies.instant()) as simulator:
        yield simulator
