"""The 通办 forwarding dialogs of the case detail: a carrier and its waybill (checked as typed, by the domain's
rules), and the scanned files of an electronic transfer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QVBoxLayout, QWidget

from hallclient.domain.waybill import Carrier, WaybillError
from hallclient.ui.widgets import CarrierField, add_error_and_buttons


class PostDialog(QDialog):
    """原件已寄出: the carrier and waybill, and what will be printed (the 材料流转单)."""

    def __init__(self, parent: QWidget | None, printed: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("邮寄原件"))
        layout = QVBoxLayout(self)
        self.fields = CarrierField(self)
        layout.addWidget(self.fields)
        layout.addWidget(QLabel(printed, self))
        self.result_value: tuple[Carrier, str] | None = None
        self.error = add_error_and_buttons(self, layout, self._accept)

    def _accept(self) -> None:
        try:
            self.result_value = self.fields.checked()
        except WaybillError as error:
            self.error.setText(str(error))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, printed: str) -> tuple[Carrier, str] | None:
        dialog = cls(parent, printed)
        return dialog.result_value if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_files(parent: QWidget | None) -> list[Path] | None:
    """The scanned files sent electronically (their SHA-256 is recorded, the files are not kept)."""
    names, _filter = QFileDialog.getOpenFileNames(
        parent,
        QCoreApplication.translate("Forwarding", "选择电子转递的材料文件"),
        "",
        QCoreApplication.translate("Forwarding", "材料文件 (*.pdf *.ofd *.jpg *.png);;全部文件 (*)"),
    )
    return [Path(name) for name in names] or None
