"""打印办事指南 from the intake screen: the preview shows the guide; 另存为 PDF writes it off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from guide_helpers import guide_catalog, pdf_text
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Services
from hallclient.ui.guide import GuidePreview
from hallclient.ui.screens import BY_NAME


@pytest.fixture
def services(services: Services) -> Services:
    import_catalog(services.store, guide_catalog())
    return services


def _preview(window) -> GuidePreview:
    found = [d for d in window.findChildren(GuidePreview) if d.isVisible()]
    assert len(found) == 1
    return found[0]


def test_guide_button_previews_the_highlighted_matter(qtbot, window, tmp_path: Path) -> None:
    search = window.intake.search
    search.focus()
    qtbot.keyClicks(search.box, "spjyxk")
    qtbot.mouseClick(search.guide_button, Qt.MouseButton.LeftButton)
    preview = _preview(window)
    shown = preview.browser.toPlainText()
    for phrase in (
        "食品经营许可<新办>办事指南",
        "已取得营业执照",
        "有与经营相适应的场所 & 设施",
        "可通过电子证照共享获取",
    ):
        assert phrase in shown, phrase
    assert preview.status.text() == ""
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    preview.print_to(printer)  # what 打印 sends after the system dialog
    assert "已取得营业执照" in pdf_text(tmp_path / "printed.pdf")
    preview.close()


def test_shortcut_opens_the_guide_and_an_empty_guide_says_so(qtbot, window) -> None:
    assert BY_NAME["guide"].shortcut == "Ctrl+Shift+G"
    search = window.intake.search
    qtbot.keyClicks(search.box, "hjzmkj")
    qtbot.keyClick(search.box, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    preview = _preview(window)
    assert "户籍证明开具" in preview.browser.toPlainText()
    assert "办事指南未完善" in preview.status.text() and "办事指南未完善" in preview.browser.toPlainText()
    preview.close()


def test_nothing_chosen_is_said_not_opened(qtbot, window) -> None:
    search = window.intake.search
    qtbot.keyClicks(search.box, "no such matter zzz")
    with qtbot.waitSignal(window.ctx.tasks.failed) as said:
        window.open_guide()
    assert "请先在事项搜索" in said.args[0]
    assert not [d for d in window.findChildren(GuidePreview) if d.isVisible()]


def test_save_as_pdf_writes_the_matter_name(qtbot, window, idle, tmp_path: Path) -> None:
    search = window.intake.search
    qtbot.keyClicks(search.box, "spjyxk")
    window.open_guide()
    preview = _preview(window)
    target = tmp_path / "guide.pdf"
    preview.save_to(target)
    idle()
    qtbot.waitUntil(lambda: "已保存" in preview.status.text(), timeout=5000)
    assert "食品经营许可<新办>办事指南" in pdf_text(target).replace("\n", "")
    preview.save_to(tmp_path / "missing" / "guide.pdf")
    idle()
    qtbot.waitUntil(lambda: "输出目录不存在" in preview.status.text(), timeout=5000)
    preview.close()


def test_supervisor_tally_shows_the_catalog_ratios(qtbot, ctx, supervisor) -> None:
    from hallclient.ui.supervisor.window import SupervisorWindow

    window = SupervisorWindow(ctx, supervisor)
    qtbot.addWidget(window)
    qtbot.waitSignal(window.tally_loaded, timeout=10_000).wait()
    line = window.catalog_line.text()
    for part in ("目录版本 2026.12-测试", "事项总数 4", "网上可办率 50.0%", "全程网办率 25.0%", "一窗式事项占比 50.0%",
                 "一证通办事项数 1"):  # fmt: skip
        assert part in line, part
    window.close()
