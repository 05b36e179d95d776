"""docs/install.md carries the config reference generated from the typed settings; a stale copy fails."""

from __future__ import annotations

from pathlib import Path

import gen_config_reference as gen
import pytest

from hallclient.config import reference_markdown


def test_install_doc_reference_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert gen.main(["--check"]) == 0, "run .venv/bin/python tools/gen_config_reference.py"
    text = gen.DOC.read_text(encoding="utf-8")
    assert f"{gen.BEGIN}\n{reference_markdown()}\n{gen.END}" in text


def test_stale_reference_is_detected_and_rewritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "install.md"
    doc.write_text(f"# Guide\n\n{gen.BEGIN}\n| `old.key` | str | `''` | gone |\n{gen.END}\ntail\n", encoding="utf-8")
    assert gen.main(["--check", "--doc", str(doc)]) == 1
    assert "stale" in capsys.readouterr().err
    assert gen.main(["--doc", str(doc)]) == 0
    text = doc.read_text(encoding="utf-8")
    assert "old.key" not in text and "`printer.uri`" in text and text.endswith(f"{gen.END}\ntail\n")
    assert gen.main(["--check", "--doc", str(doc)]) == 0


def test_doc_without_markers_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "install.md"
    doc.write_text("# no markers\n", encoding="utf-8")
    assert gen.main(["--check", "--doc", str(doc)]) == 2
    assert "markers not found" in capsys.readouterr().err
