"""The server's refusals reach clerks and IT staff verbatim (``服务器拒绝（HTTP 401）：…``): each is Chinese."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import hallclient.server

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SERVER = Path(hallclient.server.__file__).parent


def _written_details() -> list[tuple[str, str]]:
    """(place, literal text) of every refusal written in the server's source: HTTPException details and the
    ``{"detail": …}`` answers of its exception handlers. Texts passed on from elsewhere (``str(error)``) are
    the domain's, checked where they are written."""
    found = []
    for path in sorted(SERVER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            detail: ast.expr | None = None
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "HTTPException" and len(node.args) > 1:
                detail = node.args[1]
            elif isinstance(node, ast.Dict):
                keys = [key.value for key in node.keys if isinstance(key, ast.Constant)]
                detail = node.values[keys.index("detail")] if "detail" in keys else None
            if isinstance(detail, ast.Constant | ast.JoinedStr):
                text = "".join(
                    part.value
                    for part in (detail.values if isinstance(detail, ast.JoinedStr) else [detail])
                    if isinstance(part, ast.Constant) and isinstance(part.value, str)
                )
                if text:
                    found.append((f"{path.relative_to(SERVER)}:{detail.lineno}", text))
    return found


def test_every_refusal_the_server_writes_is_chinese() -> None:
    details = _written_details()
    assert len(details) > 20, "the scan found the refusals"
    assert [f"{place}: {text!r}" for place, text in details if not CHINESE.search(text)] == []
