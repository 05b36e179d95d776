"""Matter search: pinyin initials, code, department; the clerk's frequent matters first; speed."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from hallclient.catalog.pinyin import pinyin_initials
from hallclient.domain.catalog import Matter, MatterKind
from hallclient.ui.matter_index import MatterIndex


def names(matters) -> list[str]:
    return [matter.name for matter in matters]


def test_pinyin_initials_find_the_matter_in_the_search_box(qtbot, window):
    search = window.intake.search
    search.focus()
    qtbot.keyClicks(search.box, "bdcdj")
    assert search.model.rowCount() == 1
    assert search.model.matter_at(0).name == "不动产登记（转移登记）"
    assert "不动产登记（转移登记）" in search.details.text()
    assert "跨省通办" in search.details.text()


def test_full_width_and_upper_case_pinyin_still_match(ctx):
    assert names(ctx.index.search("ＢＤＣＤＪ")) == ["不动产登记（转移登记）"]


def test_code_and_department_find_matters(ctx):
    assert names(ctx.index.search("330106-sc")) == ["食品经营许可"]
    assert names(ctx.index.search("公安")) == ["居住证签注"]


def test_down_and_enter_choose_the_second_result(qtbot, window):
    search = window.intake.search
    search.focus()
    qtbot.keyClicks(search.box, "330106")
    assert search.model.rowCount() == 3
    second = search.model.matter_at(1)
    qtbot.keyClick(search.box, Qt.Key.Key_Down)
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    assert search.chosen == second
    assert window.intake.materials.rowCount() == len(second.materials)


def _matter(code: str, name: str) -> Matter:
    return Matter(code, name, "D", MatterKind.PROMISED, 10, 5, pinyin_initials=pinyin_initials(name))


def test_frequent_matters_rank_first_among_equal_matches():
    index = MatterIndex([_matter("A1", "户口迁入登记"), _matter("A2", "户口迁出登记")])
    assert names(index.search("户口")) == ["户口迁入登记", "户口迁出登记"]
    index.set_usage({"A2": 5.0})
    assert names(index.search("户口")) == ["户口迁出登记", "户口迁入登记"]
    assert names(index.search("")) == ["户口迁出登记"]


def test_better_match_beats_frequency():
    index = MatterIndex([_matter("X1", "出生登记"), _matter("X2", "补办出生证明")])
    index.set_usage({"X2": 100.0})
    assert names(index.search("csdj")) == ["出生登记"]
    assert names(index.search("出生"))[0] == "出生登记"


def test_narrowing_query_after_a_wider_one_gives_the_same_as_fresh():
    matters = [_matter(f"C{i}", name) for i, name in enumerate(["社会保障卡申领", "社会保障卡补换", "社保转移"])]
    index = MatterIndex(matters)
    index.search("s")
    index.search("sh")
    narrowed = names(index.search("shbzk"))
    assert narrowed == names(MatterIndex(matters).search("shbzk"))
    assert sorted(narrowed) == ["社会保障卡申领", "社会保障卡补换"]
    assert names(index.search("sb")) == names(MatterIndex(matters).search("sb"))


def test_five_thousand_matters_search_within_a_keystroke_budget():
    matters = [_matter(f"M{i:05d}", f"事项{i}号登记{'补发' if i % 2 else '变更'}") for i in range(5000)]
    index = MatterIndex(matters)
    slowest = 0.0
    for query in ("s", "sx", "sx1", "sx12", "登记", "m0499"):
        started = time.perf_counter()
        index.search(query)
        slowest = max(slowest, time.perf_counter() - started)
    assert slowest < 0.05  # generous for a shared CI box; bench/search.py measures the real p99
