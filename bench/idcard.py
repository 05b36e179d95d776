"""Benchmark: time of one card read through the real driver vs. the wire + device time of the same bytes.

The simulator serves on a pseudo-terminal with realistic per-command latencies and paces its replies at
the line rate, so the ideal is wire time (10 bits per byte, both directions) plus device time. Goal:
measured ≤ 1.15 × ideal. Run: .venv/bin/python bench/idcard.py
"""

from __future__ import annotations

import statistics
import time

from hallclient.devices.idcard import codec
from hallclient.devices.idcard.driver import connect
from hallclient.devices.idcard.simulator import Latencies, ReaderSimulator

GOAL = 1.15
RUNS = {115200: 7, 9600: 3}
SEQUENCE = (codec.FIND, codec.SELECT, codec.READ_BASE, codec.READ_ADDRESS)
REPLY_BYTES = {codec.FIND: 15, codec.SELECT: 19, codec.READ_BASE: 1295, codec.READ_ADDRESS: 81}


def ideal_seconds(baud: int, latencies: Latencies) -> tuple[float, float]:
    wire_bytes = sum(len(command.encode()) + REPLY_BYTES[command] for command in SEQUENCE)
    device = sum(latencies.for_command((command.cmd, command.para)) for command in SEQUENCE)
    return codec.wire_seconds(wire_bytes, baud), device


def measure(baud: int, runs: int) -> list[float]:
    timings: list[float] = []
    with ReaderSimulator("resident", baud=baud, latencies=Latencies()) as sim, connect(sim.port, baud) as line:
        for _ in range(runs):
            sim.insert_card("resident")  # a fresh presentation each run
            started = time.perf_counter()
            assert line.find() and line.select()
            card = line.read_selected(appended_address=True)
            timings.append(time.perf_counter() - started)
            assert card.id_number == "110101199001011237"
    return timings


def main() -> int:
    latencies = Latencies()
    worst = 0.0
    print(f"{'baud':>7} {'runs':>4} {'median s':>9} {'wire s':>7} {'device s':>8} {'ideal s':>8} {'ratio':>6}")
    for baud, runs in RUNS.items():
        timings = measure(baud, runs)
        wire, device = ideal_seconds(baud, latencies)
        median = statistics.median(timings)
        ratio = median / (wire + device)
        worst = max(worst, ratio)
        print(f"{baud:>7} {runs:>4} {median:>9.3f} {wire:>7.3f} {device:>8.3f} {wire + device:>8.3f} {ratio:>6.3f}")
    verdict = "OK" if worst <= GOAL else "OVER GOAL"
    print(f"worst ratio {worst:.3f} (goal ≤ {GOAL}): {verdict}")
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
