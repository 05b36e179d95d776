"""帮办代办 without a case (the GLOSSARY's ``assisted`` help, logged on its own): a clerk or a station's helper
answers a question, takes a ticket for someone, guides them, fills a form for them or visits them at home.

One record is the event ``assistance.recorded`` (no case); its payload is :meth:`Assistance.payload`, the shape
the issue-16 contract fixes. The figures built from it are ``domain/tally_assistance.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hallclient.errors import HallError

#: Kind → label, in the order of the dialog's digit keys 1–5.
KINDS: dict[str, str] = {
    "consult": "咨询",
    "ticket": "取号",
    "guidance": "引导",
    "form_filling": "代填",
    "home_visit": "上门",
}
MAX_NOTE = 200


class AssistanceError(HallError):
    """A record that cannot be kept as it is (one Chinese line)."""


@dataclass(frozen=True)
class Assistance:
    kind: str
    elderly: bool
    disabled: bool
    note: str
    site: str
    window: str
    on: date

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise AssistanceError(f"帮办代办类型应为 {'、'.join(KINDS)} 之一，实为 {self.kind!r}")
        if len(self.note) > MAX_NOTE:
            raise AssistanceError(f"备注最多 {MAX_NOTE} 个字")

    def payload(self) -> dict[str, Any]:
        return {"kind": self.kind, "elderly": self.elderly, "disabled": self.disabled, "note": self.note,
                "site": self.site, "window": self.window, "on": self.on.isoformat()}  # fmt: skip


def from_payload(payload: dict[str, Any]) -> Assistance:
    """The record an event carries; :class:`AssistanceError` when it is not the contract's shape."""
    try:
        on = date.fromisoformat(str(payload.get("on")))
    except ValueError:
        raise AssistanceError(f"帮办代办日期应为 YYYY-MM-DD，实为 {payload.get('on')!r}") from None
    flags = (payload.get("elderly"), payload.get("disabled"))
    if not all(isinstance(flag, bool) for flag in flags):
        raise AssistanceError("帮办代办的 elderly、disabled 应为 true/false")
    texts = (payload.get("kind"), payload.get("note", ""), payload.get("site", ""), payload.get("window"))
    if not all(isinstance(text, str) for text in texts):
        raise AssistanceError("帮办代办的 kind、note、site、window 应为文本")
    return Assistance(str(payload["kind"]), bool(flags[0]), bool(flags[1]), str(texts[1]), str(texts[2]),
                      str(texts[3]), on)  # fmt: skip
