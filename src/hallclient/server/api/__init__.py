"""HTTP routers of the server, one module per concern; every module exposing ``router`` is mounted.

Auto-discovered like the CLI commands, so a new concern (e.g. ``tallies.py``) is one new file.
"""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    import hallclient.server.api as package

    found: list[APIRouter] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda item: item.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        router = getattr(module, "router", None)
        if isinstance(router, APIRouter):
            found.append(router)
    return found
