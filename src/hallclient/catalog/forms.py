"""Sample form files (示范文本) travel with the catalog file: their paths are relative to its folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from hallclient.catalog.atomic import replacing
from hallclient.catalog.validation import file_sha256
from hallclient.domain.catalog import Catalog
from hallclient.errors import HallError


def missing_sample_forms(catalog: Catalog, folder: Path) -> list[str]:
    """The catalog's sample form files that are absent from ``folder`` or differ from their hash there."""
    forms = {form.file: form.sha256 for matter in catalog.matters for form in matter.guide.sample_forms}
    return sorted(
        file for file, sha256 in forms.items() if not (folder / file).is_file() or file_sha256(folder / file) != sha256
    )


def copy_sample_forms(catalog: Catalog, source: Path, target: Path) -> int:
    """Copy the catalog's sample form files from folder ``source`` to folder ``target`` (same relative paths), so a
    catalog file written into ``target`` loads there; returns how many were copied.

    A file already in ``target`` with the same hash is kept; one with another content is never overwritten.
    """
    if source.resolve() == target.resolve():
        return 0
    forms = {form.file: form.sha256 for matter in catalog.matters for form in matter.guide.sample_forms}
    clashing = [
        file for file, sha256 in forms.items() if (target / file).exists() and file_sha256(target / file) != sha256
    ]
    if clashing:
        raise HallError(f"{target} 中已有内容不同的示范文本，不会覆盖：{'、'.join(sorted(clashing))}")
    copied = 0
    for file in sorted(forms):
        destination = target / file
        if destination.exists():
            continue
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            with replacing(destination) as temp:
                shutil.copyfile(source / file, temp)
        except OSError as error:
            raise HallError(f"无法把示范文本 {file} 复制到 {target}：{error.strerror or error}") from None
        copied += 1
    return copied
