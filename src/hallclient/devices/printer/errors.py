"""Classified printing failures: the clerk sees one Chinese line, the queue decides by ``kind``."""

from __future__ import annotations

from enum import StrEnum

from hallclient.errors import HallError


class PrintErrorKind(StrEnum):
    OFFLINE = "offline"
    COVER_OPEN = "cover_open"
    PAPER_OUT = "paper_out"
    TIMEOUT = "timeout"
    ENCODING = "encoding"
    BAD_URI = "bad_uri"
    UNSUPPORTED = "unsupported"

    @property
    def retryable(self) -> bool:
        """Whether waiting (and a clerk fixing the printer) can make the same job succeed."""
        return self in (
            PrintErrorKind.OFFLINE,
            PrintErrorKind.COVER_OPEN,
            PrintErrorKind.PAPER_OUT,
            PrintErrorKind.TIMEOUT,
        )


_PREFIX = {
    PrintErrorKind.OFFLINE: "打印机离线",
    PrintErrorKind.COVER_OPEN: "打印机上盖未关好",
    PrintErrorKind.PAPER_OUT: "打印机缺纸",
    PrintErrorKind.TIMEOUT: "打印机无响应（超时）",
    PrintErrorKind.ENCODING: "字符无法打印",
    PrintErrorKind.BAD_URI: "打印机地址无效",
    PrintErrorKind.UNSUPPORTED: "不支持的打印操作",
}


class PrintError(HallError):
    """A printing failure with a machine-readable ``kind`` and a Chinese message for the clerk."""

    def __init__(self, kind: PrintErrorKind, detail: str = "") -> None:
        self.kind = kind
        self.detail = detail
        message = _PREFIX[kind] + (f"：{detail}" if detail else "")
        super().__init__(message, exit_code=3)
