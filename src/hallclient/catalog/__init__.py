"""Service-matter catalog files: load and write JSON or XLSX, validate all-or-nothing, pinyin initials.

Public API: :func:`load_catalog`, :func:`write_catalog`, :class:`CatalogError`, :func:`pinyin_initials`, and
:func:`catalog_from_json` / :func:`catalog_to_json` for the same JSON document in memory.
"""

from __future__ import annotations

from pathlib import Path

from hallclient.catalog.jsonio import catalog_from_json, catalog_to_json
from hallclient.catalog.pinyin import pinyin_initials
from hallclient.catalog.records import CatalogError, Problems
from hallclient.domain.catalog import Catalog

__all__ = [
    "SUFFIXES",
    "CatalogError",
    "catalog_from_json",
    "catalog_to_json",
    "load_catalog",
    "pinyin_initials",
    "write_catalog",
]

SUFFIXES = (".json", ".xlsx")


def _suffix(path: Path, problems: Problems) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        problems.fail(f'不支持的文件类型 "{path.suffix or "(无扩展名)"}"（应为 .json 或 .xlsx）')
    return suffix


def load_catalog(path: Path) -> Catalog:
    """Read a catalog file (format by suffix) and fill pinyin initials; CatalogError lists every problem."""
    path = Path(path)
    problems = Problems(path.name)
    suffix = _suffix(path, problems)
    if not path.is_file():
        problems.fail("文件不存在" if not path.exists() else "不是普通文件")
    if suffix == ".json":
        from hallclient.catalog.jsonio import read_json_catalog

        return read_json_catalog(path)
    from hallclient.catalog.xlsxio import read_xlsx_catalog

    return read_xlsx_catalog(path)


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Write a catalog (format by suffix) atomically; a catalog that would not load back is refused."""
    path = Path(path)
    problems = Problems(path.name)
    suffix = _suffix(path, problems)
    catalog_from_json(catalog_to_json(catalog), path.name)  # same rules as loading: never write a bad file
    if not path.parent.is_dir():
        problems.fail(f"目录不存在：{path.parent}")
    if suffix == ".json":
        from hallclient.catalog.jsonio import write_json_catalog

        write_json_catalog(catalog, path)
    else:
        from hallclient.catalog.xlsxio import write_xlsx_catalog

        write_xlsx_catalog(catalog, path)
