"""Matter search per keystroke over 5,000 matters: p50/p99 (goal: p99 <= 2 ms).

Two figures: the index alone (``MatterIndex.search``) and the whole keystroke as the clerk sees it
(search + result model reset + selection + details pane, offscreen). Queries are typed one character
at a time, as at the counter: pinyin initials, Chinese names, codes, and backspacing.

Run: ``.venv/bin/python bench/search.py``
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

from _stats import percentile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

MATTERS = 5000
RUNS = 5


def build_matters() -> tuple[list, dict[str, str]]:
    from hallclient.catalog import load_catalog
    from hallclient.catalog.pinyin import pinyin_initials
    from hallclient.domain.catalog import Matter
    from hallclient.paths import resource_path

    base = load_catalog(resource_path("catalog", "demo_catalog.json"))
    suffixes = ("", "（个人）", "（单位）", "（补办）", "（变更）", "（延续）", "（注销）", "（首次）", "（迁移）")
    rng = random.Random(7)
    matters: list[Matter] = []
    i = 0
    while len(matters) < MATTERS:
        template = base.matters[i % len(base.matters)]
        name = (
            template.name
            + suffixes[(i // len(base.matters)) % len(suffixes)]
            + (f"{rng.choice('甲乙丙丁戊己庚辛')}{i // 1000}" if i >= len(base.matters) * len(suffixes) else "")
        )
        matters.append(
            Matter(
                code=f"{template.code}-{i:05d}",
                name=name,
                department_code=template.department_code,
                kind=template.kind,
                statutory_days=template.statutory_days,
                promised_days=template.promised_days,
                pinyin_initials=pinyin_initials(name),
                materials=template.materials,
            )
        )
        i += 1
    return matters, {d.code: d.name for d in base.departments}


def keystrokes(matters: list) -> list[str]:
    """Prefixes as typed, with backspaces between queries."""
    words = ["bdcdj", "gyjsyd", "zfgjjtq", "不动产", "住房公积金提取", "jmsfz", "QR001", "社会保障卡", "xk007", "hydj"]
    rng = random.Random(3)
    words += [rng.choice(matters).pinyin_initials[:6] for _ in range(20)]
    typed: list[str] = []
    for word in words:
        typed += [word[:n] for n in range(1, len(word) + 1)]
        typed += [word[:n] for n in range(len(word) - 1, -1, -1)]  # backspace to empty
    return typed


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from hallclient.domain.catalog import Catalog, Department
    from hallclient.ui.matter_index import MatterIndex
    from hallclient.ui.matter_search import MatterSearch

    app = QApplication.instance() or QApplication(sys.argv[:1])
    matters, departments = build_matters()
    typed = keystrokes(matters)
    catalog = Catalog(tuple(Department(c, n) for c, n in departments.items()), tuple(matters))
    usage = {m.code: float(i % 7) for i, m in enumerate(matters[:300])}
    index_p50, index_p99, ui_p50, ui_p99 = [], [], [], []
    for _run in range(RUNS):
        index = MatterIndex(matters, departments)
        index.set_usage(usage)
        times = []
        for query in typed:
            started = time.perf_counter()
            index.search(query)
            times.append((time.perf_counter() - started) * 1000)
        index_p50.append(percentile(times, 0.50))
        index_p99.append(percentile(times, 0.99))

        widget = MatterSearch()
        widget.set_index(MatterIndex(matters, departments), catalog)
        widget.show()
        app.processEvents()
        times = []
        for query in typed:
            started = time.perf_counter()
            widget.box.setText(query)  # textChanged -> search -> model reset -> details
            times.append((time.perf_counter() - started) * 1000)
        app.processEvents()
        widget.close()
        ui_p50.append(percentile(times, 0.50))
        ui_p99.append(percentile(times, 0.99))
    print(f"matters: {len(matters)}, keystrokes per run: {len(typed)}, runs: {RUNS} (medians of runs)")
    print(f"index only      p50 {statistics.median(index_p50):.3f} ms   p99 {statistics.median(index_p99):.3f} ms")
    print(f"whole keystroke p50 {statistics.median(ui_p50):.3f} ms   p99 {statistics.median(ui_p99):.3f} ms")
    goal = statistics.median(ui_p99) <= 2.0
    print(f"goal p99 <= 2 ms (whole keystroke): {'met' if goal else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
