"""SAM status codes (SW3) and their Chinese / English messages (idcard-protocol.md §3).

Drivers decide on SW3 alone; SW1/SW2 carry the card's own APDU status and are only logged.
"""

from __future__ import annotations

from typing import NamedTuple


class StatusText(NamedTuple):
    zh: str
    en: str


SUCCESS = 0x90
FIND_OK = 0x9F
NO_CONTENT = 0x91
FIND_FAILED = 0x80
SELECT_FAILED = 0x81
READ_FAILED = 0x41
SELF_TEST_FAILED = 0x60

STATUS_TEXTS: dict[int, StatusText] = {
    0x90: StatusText("操作成功", "operation successful"),
    0x9F: StatusText("寻找证/卡成功", "card found"),
    0x91: StatusText("证/卡中此项无内容", "the card holds no content for this item"),
    0x10: StatusText("接收业务终端数据的校验和错", "the reader received a command with a bad checksum"),
    0x11: StatusText("接收业务终端数据的长度错", "the reader received a command with a bad length"),
    0x21: StatusText("接收业务终端的命令错误", "the reader rejected the command (bad code, parameter or order)"),
    0x23: StatusText("越权操作", "operation not permitted"),
    0x24: StatusText("无法识别的错误", "unrecognised error in the reader"),
    0x31: StatusText("证/卡认证 SAM 失败", "the card failed to authenticate the SAM"),
    0x32: StatusText("SAM 认证证/卡失败", "the SAM failed to authenticate the card"),
    0x33: StatusText("信息验证错误", "card data verification failed"),
    0x40: StatusText("无法识别的卡类型", "unrecognised or wrong card type"),
    0x41: StatusText("读证/卡操作失败", "reading the card failed (card moved or removed?)"),
    0x47: StatusText("取随机数失败", "the card failed to produce a random number"),
    0x60: StatusText("SAM 自检失败，不能接收命令", "SAM self-test failed; it accepts no commands"),
    0x66: StatusText("SAM 未经授权，无法使用", "SAM not authorised"),
    0x80: StatusText("寻找证/卡失败", "no card found (no card, or card already read)"),
    0x81: StatusText("选取证/卡失败", "selecting the card failed"),
}

# Failures caused by the card in the field (move it, try again) rather than by the reader itself.
CARD_RETRY_STATUSES = frozenset({0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x80, 0x81})


def status_text(status: int) -> StatusText:
    """The message pair for any SW3 value; codes absent from every source get an explicit "unknown"."""
    known = STATUS_TEXTS.get(status)
    if known is not None:
        return known
    return StatusText(f"未知状态码 0x{status:02X}", f"unknown status code 0x{status:02X}")


def status_message(status: int) -> str:
    """One line for users and logs: ``读证/卡操作失败 (0x41, reading the card failed …)``."""
    text = status_text(status)
    return f"{text.zh}（0x{status:02X}，{text.en}）"
