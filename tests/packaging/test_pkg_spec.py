"""The build lists in tools/pyinstaller_support.py, checked without running PyInstaller."""

from __future__ import annotations

import re
from pathlib import Path

import pyinstaller_support as support

ROOT = Path(__file__).resolve().parents[2]


def _qt_modules_used() -> set[str]:
    pattern = re.compile(r"PySide6\.(Qt\w+)")
    used: set[str] = set()
    for path in (ROOT / "src").rglob("*.py"):  # what the bundle runs (tools/ and bench/ are not bundled)
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return used


def test_no_excluded_qt_module_is_imported_by_the_app() -> None:
    used = _qt_modules_used()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert used.isdisjoint(support.QT_EXCLUDES), used & set(support.QT_EXCLUDES)


def test_everything_opened_by_path_is_bundled() -> None:
    datas = support.tree_datas()
    by_dest = {(dest, Path(source).name) for source, dest in datas}
    for dest, name in (
        ("resources/fonts", "wqy-microhei.ttc"),
        ("resources/fonts", "DroidSansFallbackFull.ttf"),
        ("resources/fonts", "HanaMinB-ExtB-F.ttf"),
        ("resources/fonts/LICENSES", "hanazono.copyright.txt"),
        ("resources/regions", "gbt2260-history.tsv"),
        ("resources/catalog", "demo_catalog.json"),
        ("resources/assessment", "indicators_demo.toml"),
        ("resources/calendar", "cn_workdays.json"),
        ("resources/voice", "window_serve.wav"),
        ("resources/voice", "README.md"),
        ("migrations", "env.py"),
        ("migrations/server", "env.py"),
    ):
        assert (dest, name) in by_dest, (dest, name)
    for revision in (ROOT / "migrations" / "versions").glob("*.py"):
        assert ("migrations/versions", revision.name) in by_dest
    for revision in (ROOT / "migrations" / "server" / "versions").glob("*.py"):
        assert ("migrations/server/versions", revision.name) in by_dest
    assert not any(source.endswith((".ts", ".pyc")) or "__pycache__" in source for source, _ in datas)


def test_compiled_translations_replace_stale_ones(tmp_path: Path) -> None:
    fresh = tmp_path / "hallclient_en.qm"
    fresh.write_bytes(b"fresh")
    datas = support.tree_datas([fresh])
    qm = [source for source, dest in datas if dest == "resources/translations" and source.endswith(".qm")]
    assert qm == [str(fresh)]


def test_translation_sources_compile_with_lrelease(tmp_path: Path) -> None:
    from hallclient.selftest import qm_problem

    compiled = support.compile_translations(tmp_path)
    assert [path.name for path in compiled] == [f"{ts.stem}.qm" for ts in support.translation_sources()]
    for path in compiled:
        assert qm_problem(path.read_bytes()) is None


def test_only_unused_qt_plugins_are_dropped() -> None:
    drop = support.drop_binary
    for kept in (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libpython3.11.so.1.0",
    ):
        assert not drop(kept), kept
    for dropped in (
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/generic/libqtuiotouchplugin.so",
        "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-egldevice-integration.so",
    ):
        assert drop(dropped), dropped


def test_prune_drops_libraries_only_the_dropped_plugins_needed() -> None:
    graph = {
        "/src/libqgtk3.so": ["libgtk-3.so.0", "libQt6Gui.so.6"],
        "/src/libgtk-3.so.0": ["libcairo.so.2", "libglib-2.0.so.0"],
        "/src/libcairo.so.2": [],
        "/src/libglib-2.0.so.0": [],
        "/src/libqxcb.so": ["libQt6Gui.so.6", "libglib-2.0.so.0"],
        "/src/libQt6Gui.so.6": [],
        "/src/libusb-1.0.so.0": [],  # collected by a hook for ctypes: nobody links to it, it must stay
    }
    binaries = [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/src/libqgtk3.so", "BINARY"),
        ("libgtk-3.so.0", "/src/libgtk-3.so.0", "BINARY"),
        ("libcairo.so.2", "/src/libcairo.so.2", "BINARY"),
        ("libglib-2.0.so.0", "/src/libglib-2.0.so.0", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libusb-1.0.so.0", "/src/libusb-1.0.so.0", "BINARY"),
    ]
    kept = support.prune_binaries(binaries, support.drop_binary, lambda source: graph[source])
    assert [dest for dest, _source, _kind in kept] == [
        "libglib-2.0.so.0",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libQt6Gui.so.6",
        "libusb-1.0.so.0",
    ]


def test_qt_translations_keep_only_the_ui_languages() -> None:
    assert support.keep_data("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert support.keep_data("PySide6/Qt/translations/qtbase_en.qm")
    assert not support.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert support.keep_data("resources/translations/hallclient_en.qm")


def test_windows_version_resource_carries_the_package_version(tmp_path: Path) -> None:
    import ast

    from hallclient import __version__

    assert support.version_tuple("1.2.3") == (1, 2, 3, 0)
    assert support.version_tuple("0.4.0rc1+local") == (0, 4, 0, 0)
    path = Path(support.write_windows_version_file(tmp_path, __version__, "hallclient-console"))
    text = path.read_text(encoding="utf-8")
    ast.parse(text, mode="eval")  # PyInstaller evaluates the file as one expression
    assert f"filevers={support.version_tuple(__version__)}" in text
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    assert "StringStruct('OriginalFilename', 'hallclient-console.exe')" in text


def test_every_cli_module_is_found_by_the_bundled_discovery() -> None:
    """collect_submodules('hallclient') feeds the bundle; the CLI then lists modules with pkgutil (PyInstaller's
    pkgutil runtime hook makes that work frozen). This pins the set of command modules the build must carry."""
    from hallclient.cli import command_modules

    files = sorted(p.stem for p in (ROOT / "src" / "hallclient" / "cli").glob("*.py") if not p.stem.startswith("_"))
    assert command_modules() == files
    assert "selftest" in files
