"""A 通报 of 200 staff draws tens of thousands of characters: the font lookup must not redo its path work per
character (it did: resolving the bundle root and building the font chain for each one took most of a minute)."""

from __future__ import annotations

from typing import Any

import pytest

from hallclient import fonts, paths


def test_font_runs_builds_the_font_chain_once_per_text(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    chain = fonts.font_chain

    def counted() -> Any:
        calls.append(1)
        return chain()

    monkeypatch.setattr(fonts, "font_chain", counted)
    text = "西湖区政务服务中心 2026年第四季度 部门业务考核情况通报 𠮷 䶮" * 20
    runs = fonts.font_runs(text)
    assert "".join(run for _font, run in runs) == text
    assert len(calls) == 1
    assert {font.family for font, _run in runs} == {"WenQuanYi Micro Hei", "Droid Sans Fallback", "HanaMinB"}


def test_the_bundle_root_is_resolved_once() -> None:
    assert paths._bundle_root() is paths._bundle_root()
