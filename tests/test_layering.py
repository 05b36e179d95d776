"""Package boundaries that hold by test: Qt only in ui/ and app.py, a server that loads no client code, no test
helpers in the product. The whole layer graph is import-linter's contracts (pyproject.toml, ``lint-imports``)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "hallclient"
QT_ALLOWED = {PACKAGE / "app.py"}


def _imports_any(path: Path, roots: set[str]) -> bool:
    """True when the module imports any top-level package in ``roots`` (anywhere in the file)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] in roots for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in roots:
            return True
    return False


def test_no_pyside6_import_outside_ui_and_app() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and path not in QT_ALLOWED
        and _imports_any(path, {"PySide6"})
    ]
    assert offenders == []


def test_core_packages_import_without_loading_qt() -> None:
    code = (
        "import sys, importlib, pkgutil, hallclient\n"
        "skip = ('hallclient.ui', 'hallclient.app', 'hallclient.__main__')\n"
        "for m in pkgutil.walk_packages(hallclient.__path__, 'hallclient.'):\n"
        "    if not m.name.startswith(skip):\n"
        "        importlib.import_module(m.name)\n"
        "assert 'PySide6' not in sys.modules, [k for k in sys.modules if k.startswith('PySide6')]\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# What the central server may load: itself, what it shares with the windows, and the base modules.
SERVER_MAY_LOAD = (
    "hallclient.server",
    "hallclient.protocol",
    "hallclient.domain",
    "hallclient.catalog",  # the catalog file format, for ``hallclient server catalog import``
    "hallclient.errors",
    "hallclient.paths",
    "hallclient.log",
    "hallclient.config",
)


def _loaded_by(code: str) -> list[str]:
    """The hallclient modules a fresh interpreter holds after running ``code``."""
    script = code + "\nimport sys\nprint('\\n'.join(sorted(m for m in sys.modules if m.startswith('hallclient'))))\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_serve_loads_no_client_code(tmp_path: Path) -> None:
    """``hallclient serve`` builds the app without the store, services, sync, reports, devices or UI."""
    loaded = _loaded_by(
        f"from hallclient.server.app import create_app\ncreate_app({'sqlite:///' + str(tmp_path / 'server.db')!r})\n"
    )
    assert "hallclient.server.app" in loaded
    client = [name for name in loaded if name != "hallclient" and not name.startswith(SERVER_MAY_LOAD)]
    assert client == []


def test_no_server_module_imports_client_code() -> None:
    loaded = _loaded_by(
        "import importlib, pkgutil, hallclient.server as server\n"
        "for m in pkgutil.walk_packages(server.__path__, 'hallclient.server.'):\n"
        "    importlib.import_module(m.name)\n"
    )
    assert "hallclient.server.tallies" in loaded and "hallclient.server.admin" in loaded
    client = [name for name in loaded if name != "hallclient" and not name.startswith(SERVER_MAY_LOAD)]
    assert client == []


def test_no_test_helpers_in_the_product_package() -> None:
    """Helpers such as the throwaway PostgreSQL cluster live in tests/: the bundle ships none of them."""
    helpers = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.stem != "selftest" and ("test" in path.stem or _imports_any(path, {"pytest", "hypothesis", "pytestqt"}))
    ]
    assert helpers == []


def test_import_contracts_hold() -> None:
    """The layer graph, the server's independence and acyclicity (pyproject.toml [tool.importlinter])."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    root = PACKAGE.parents[1]
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}  # this checkout, whatever the venv has installed
    result = subprocess.run([str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=root, env=env)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr


def test_the_serve_command_loads_no_client_code() -> None:
    """``hallclient serve``: the CLI with every command registered, then the server, and no client package."""
    loaded = _loaded_by(
        "import contextlib, io\n"
        "from hallclient.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['serve', '--help'])\n"
        "import hallclient.server.app\n"
    )
    assert "hallclient.cli.print_slip" in loaded  # every command module was imported for the parser
    client = [
        name for name in loaded if name != "hallclient" and not name.startswith((*SERVER_MAY_LOAD, "hallclient.cli"))
    ]
    assert client == []


_TYPED_NAMES = {"services", "session", "settings", "store"}


def test_services_sessions_and_settings_carry_their_real_types() -> None:
    """No ``services: object`` plus ``assert isinstance`` (a start-up trick that hides type errors): the real
    type is named, under ``TYPE_CHECKING`` where importing it at run time would cost start-up time."""
    offenders: list[str] = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(PACKAGE)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
                    annotation = arg.annotation
                    if arg.arg in _TYPED_NAMES and isinstance(annotation, ast.Name) and annotation.id == "object":
                        offenders.append(f"{where}:{node.lineno} {node.name}({arg.arg}: object)")
            if isinstance(node, ast.Assert) and isinstance(node.test, ast.Call):
                call = node.test
                if (
                    isinstance(call.func, ast.Name)
                    and call.func.id == "isinstance"
                    and isinstance(call.args[0], ast.Name)
                    and call.args[0].id in _TYPED_NAMES
                ):
                    offenders.append(f"{where}:{node.lineno} assert isinstance({call.args[0].id}, …)")
    assert offenders == []
