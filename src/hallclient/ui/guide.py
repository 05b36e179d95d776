"""办事指南 from the clerk screen: the chosen matter's guide previewed, printed on the system printer or saved as PDF.

The preview shows the same HTML page the hall publishes (``reports/guide_html.py``), so what the clerk hands
over is what the citizen finds online. Saving the PDF runs as an op off the GUI thread, as the tally exports do.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.catalog import Matter
from hallclient.reports.guide_html import guide_html
from hallclient.reports.guide_model import GuideDoc, guide_for
from hallclient.services.context import Services
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill
from hallclient.ui.ops import Failure, QueryOp
from hallclient.ui.styles import WARNING_STYLE


class GuidePreview(QDialog):
    """The guide of one matter with 打印 and 另存为 PDF; ``status`` says what the last action did."""

    def __init__(self, ctx: AppContext, matter: Matter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc: GuideDoc = guide_for(matter, ctx.catalog, ctx.today())
        self.setObjectName("guide_preview")
        self.setWindowTitle(fill(self.tr("办事指南：%1"), matter.name))
        self.resize(820, 900)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)  # a preview: links are shown, not followed inside the dialog
        self.browser.setHtml(guide_html(self.doc))
        layout.addWidget(self.browser, 1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = QPushButton(self.tr("打印"), self)
        self.save_button = QPushButton(self.tr("另存为 PDF"), self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.ask_print)
        self.save_button.clicked.connect(self.ask_save)
        layout.addWidget(buttons)
        if self.doc.incomplete:
            self.status.setStyleSheet(WARNING_STYLE)
            self.status.setText(self.doc.incomplete)

    def ask_print(self) -> None:
        """The system print dialog, then the page as the preview shows it."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.doc.title)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        self.browser.document().print_(printer)
        self.status.setStyleSheet("")
        self.status.setText(fill(self.tr("已发送到打印机：%1"), printer.printerName() or printer.outputFileName()))

    def ask_save(self) -> None:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        prefix = self.tr("办事指南", "file name")
        suggested = f"{prefix}_{self.doc.code}.pdf"
        start = str(Path(documents) / suggested) if documents else suggested
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存为 PDF"), start, "PDF (*.pdf)")
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """Write the PDF on the worker thread; the result or the one-line failure shows in the dialog."""
        from hallclient.reports.guide_pdf import write_guide_pdf

        doc = self.doc
        self.save_button.setEnabled(False)

        def work(_services: Services) -> Path:
            return write_guide_pdf(doc, path)

        def done(written: Path) -> None:
            self.save_button.setEnabled(True)
            self.status.setStyleSheet("")
            self.status.setText(fill(self.tr("已保存：%1"), str(written)))

        def failed(failure: Failure) -> None:
            self.save_button.setEnabled(True)
            self.status.setStyleSheet(WARNING_STYLE)
            self.status.setText(failure.message)

        QueryOp(self.ctx, fn=work, parent=self).success(done).failure(failed).with_progress(
            self.tr("正在生成办事指南 PDF…")
        ).run()


def open_guide(ctx: AppContext, matter: Matter | None, parent: QWidget) -> GuidePreview | None:
    """The preview of ``matter``'s guide (None when no matter is chosen: the caller says so)."""
    if matter is None or not ctx.is_ready:
        return None
    dialog = GuidePreview(ctx, matter, parent)
    dialog.open()
    return dialog
