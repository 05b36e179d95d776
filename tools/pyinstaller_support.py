"""Helpers for ``build.spec``: what to bundle, which Qt parts to leave out, the Windows version resource.

Kept out of the spec so the lists can be unit-tested without a (slow) PyInstaller build, and so the spec itself
reads as a short declaration. Everything here runs at build time only; nothing is imported by the app.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]

#: Qt modules the app never imports (QtCore, QtGui and QtWidgets are used, and QtPrintSupport for the 办事指南 print
#: dialog; a test checks this list against the source). Excluding them keeps their shared libraries, plugins and
#: translations out of the bundle.
QT_EXCLUDES = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtAxContainer",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvg",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtXml",
)

#: Python packages that are installed in a dev venv but must never reach the bundle (test tools, other Qt
#: bindings — PyInstaller refuses to freeze two — and GUI toolkits we do not use).
PY_EXCLUDES = (
    "tkinter",
    "_tkinter",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "IPython",
    "matplotlib",
    "numpy",
    "pandas",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "pypdf",
    "setuptools",
    "pip",
    "PyInstaller",
)

#: Qt's own translations to keep (the UI speaks Chinese and English); the other ~40 languages are dead weight.
QT_TRANSLATION_KEEP = re.compile(r"_(zh_CN|en)\.qm$")

#: Modules imported by name at run time, so static analysis cannot see them.
HIDDEN_IMPORTS_EXTRA = (
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    "alembic.runtime.environment",
    "alembic.runtime.migration",
    "_cffi_backend",
    "argon2._password_hasher",
    "escpos.printer",
    "uvicorn.logging",
    "uvicorn.loops.auto",
    "uvicorn.loops.asyncio",
    "uvicorn.protocols.http.auto",
    "uvicorn.protocols.http.h11_impl",
    "uvicorn.protocols.websockets.auto",
    "uvicorn.lifespan.on",
    "uvicorn.lifespan.off",
)


def translation_sources() -> list[Path]:
    """The ``.ts`` files kept in the repository (``resources/translations`` or ``translations/``)."""
    found: list[Path] = []
    for folder in (ROOT / "resources" / "translations", ROOT / "translations"):
        if folder.is_dir():
            found.extend(sorted(folder.glob("*.ts")))
    return found


def _lrelease() -> list[str]:
    """The lrelease command: the one next to the running Python (venv) first, then PATH."""
    here = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe", "lrelease"):
        candidate = here / name
        if candidate.exists():
            return [str(candidate)]
        found = shutil.which(name)
        if found:
            return [found]
    raise SystemExit("build.spec: pyside6-lrelease not found (install PySide6-Essentials in the build venv)")


def compile_translations(out_dir: Path) -> list[Path]:
    """Compile every ``.ts`` source to ``out_dir/<name>.qm``; the build fails when lrelease fails."""
    out_dir.mkdir(parents=True, exist_ok=True)
    compiled: list[Path] = []
    for source in translation_sources():
        target = out_dir / f"{source.stem}.qm"
        done = subprocess.run([*_lrelease(), str(source), "-qm", str(target)], capture_output=True, text=True)
        if done.returncode != 0 or not target.exists():
            raise SystemExit(f"build.spec: lrelease failed for {source}: {done.stderr.strip() or done.stdout.strip()}")
        compiled.append(target)
    return compiled


def _walk(folder: Path, dest_root: str, skip: Iterable[str] = ()) -> Iterator[tuple[str, str]]:
    skipped = set(skip)
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in (".pyc", ".ts"):
            continue
        relative = path.relative_to(folder)
        if relative.as_posix() in skipped:
            continue
        yield str(path), str(Path(dest_root, relative).parent)


def tree_datas(compiled_qm: Iterable[Path] = ()) -> list[tuple[str, str]]:
    """``(source, dest_dir)`` pairs for everything the app opens by path: resources/ and migrations/.

    ``.ts`` sources stay out; a freshly compiled ``.qm`` replaces a stale one of the same name.
    """
    compiled = list(compiled_qm)
    stale = {f"translations/{path.name}" for path in compiled}
    datas = list(_walk(ROOT / "resources", "resources", stale))
    datas += [(str(path), "resources/translations") for path in compiled]
    datas += list(_walk(ROOT / "migrations", "migrations"))
    return datas


def keep_data(dest_name: str) -> bool:
    """Filter for ``Analysis.datas``: drop Qt translations for languages the UI does not offer."""
    normalised = dest_name.replace("\\", "/")
    if "/translations/" in normalised and normalised.startswith("PySide6/"):
        return bool(QT_TRANSLATION_KEEP.search(normalised))
    return True


#: Qt platform plugins worth shipping: X11 and Wayland desktops (UOS, Kylin), Windows, and offscreen for CI.
QT_PLATFORMS_KEEP = ("qxcb", "qwayland", "qwindows", "qoffscreen")
#: Qt plugin folders for embedded/kiosk setups (EGLFS, linuxfb, evdev, TUIO) that a window PC never uses.
QT_PLUGIN_DIRS_DROP = ("egldeviceintegrations", "generic")

TocEntry = tuple[str, str, str]


def drop_binary(dest_name: str) -> bool:
    """True for Qt plugins the app never loads and that would drag in big libraries (GTK, QtSvg, QtNetwork)."""
    path = PurePosixPath(dest_name.replace("\\", "/"))
    parts = path.parts
    if "plugins" not in parts or parts[0] != "PySide6":
        return False
    folder = parts[parts.index("plugins") + 1] if len(parts) > parts.index("plugins") + 2 else ""
    stem = path.name.lower().removeprefix("lib").split(".")[0]
    if folder == "platforms":
        return stem not in QT_PLATFORMS_KEEP
    if folder == "platformthemes":
        return "gtk" in stem  # the GTK theme pulls the whole GTK/cairo/pango stack from the build machine
    if folder in ("imageformats", "iconengines"):
        return "svg" in stem  # no SVG anywhere in the UI; these need QtSvg
    if folder == "wayland-decoration-client":
        return stem == "adwaita"  # needs QtSvg; "bradient" stays as the decoration
    return folder in QT_PLUGIN_DIRS_DROP


def _name(entry: TocEntry) -> str:
    return PurePosixPath(entry[0].replace("\\", "/")).name.lower()


def prune_binaries(
    binaries: Iterable[TocEntry], drop: Callable[[str], bool], imports_of: Callable[[str], Iterable[str]]
) -> list[TocEntry]:
    """``binaries`` without the dropped entries and the shared libraries that only they needed.

    A library reached from a dropped plugin stays when anything kept still links to it; libraries collected for
    other reasons (ctypes, hooks) are kept untouched.
    """
    entries = list(binaries)
    dropped = [entry for entry in entries if drop(entry[0])]
    kept = [entry for entry in entries if not drop(entry[0])]
    files: dict[str, list[TocEntry]] = {}
    for entry in kept:
        if entry[2] != "SYMLINK":
            files.setdefault(_name(entry), []).append(entry)

    def closure(start: Iterable[TocEntry]) -> set[str]:
        seen: set[str] = set()
        queue = [entry for entry in start if entry[2] != "SYMLINK"]
        while queue:
            entry = queue.pop()
            for imported in imports_of(entry[1]):
                name = PurePosixPath(imported.replace("\\", "/")).name.lower()
                if name not in seen:
                    seen.add(name)
                    queue.extend(files.get(name, []))
        return seen

    only_for_dropped = closure(dropped)
    roots = [entry for entry in kept if _name(entry) not in only_for_dropped]
    needed = closure(roots) | {_name(entry) for entry in roots}
    return [entry for entry in kept if _name(entry) in needed]


def library_imports(filename: str) -> list[str]:
    """Link-time dependencies of one shared library, by name (PyInstaller's own resolver, every platform)."""
    from PyInstaller.depend.bindepend import get_imports

    return [name for name, _path in get_imports(filename)]


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``"1.2.3"`` → ``(1, 2, 3, 0)`` for the Windows version resource (non-numeric parts count as 0)."""
    numbers = [int(part) if part.isdigit() else 0 for part in re.split(r"[.+-]", version)[:4]]
    padded = [*numbers, 0, 0, 0, 0][:4]
    return padded[0], padded[1], padded[2], padded[3]


def windows_version_text(version: str, exe_name: str) -> str:
    """The Windows version resource (Explorer's Properties → Details) in PyInstaller's version-file syntax.

    Written as text rather than built from ``PyInstaller.utils.win32.versioninfo`` because that module needs
    ``pefile``, which only Windows build machines have; the text can be generated and checked anywhere.
    """
    numbers = version_tuple(version)
    strings = {
        "CompanyName": "hallclient",
        "FileDescription": "政务服务中心综合窗口客户端",
        "FileVersion": version,
        "InternalName": exe_name,
        "LegalCopyright": "Apache-2.0",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": "hallclient",
        "ProductVersion": version,
    }
    table = ",\n".join(f"          StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('080404B0', [
{table}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


def write_windows_version_file(folder: Path, version: str, exe_name: str) -> str:
    """Write the version file for one executable into ``folder`` (the build's workpath) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{exe_name}-version.txt"
    path.write_text(windows_version_text(version, exe_name), encoding="utf-8")
    return str(path)
