"""A 一件事 for the bundle tests: 新生儿出生一件事, four matters of four departments sharing the applicant's ID card."""

from __future__ import annotations

from dataclasses import replace

from hallclient.domain.catalog import (
    Bundle,
    Catalog,
    Department,
    Material,
    MaterialForm,
    Matter,
    MatterKind,
    MatterType,
)
from hallclient.services.catalog import import_catalog, load_catalog
from hallclient.store.db import Store

BUNDLE_CODE = "YJS001"
ID_CARD = "申请人身份证（原件）"


def _matter(code: str, name: str, dept: str, kind: MatterKind, days: int, *materials: Material) -> Matter:
    return Matter(
        code=code,
        name=name,
        department_code=dept,
        kind=kind,
        matter_type=MatterType.PUBLIC_SERVICE,
        statutory_days=days * 2,
        promised_days=days,
        pinyin_initials="",
        materials=materials,
    )


BUNDLE_MATTERS = (
    _matter(
        "BD01",
        "出生医学证明办理",
        "WJ",
        MatterKind.PROMISED,
        5,
        Material("A1", ID_CARD, MaterialForm.ORIGINAL, 1),
        Material("A2", "出生医学证明申请表", MaterialForm.ORIGINAL, 1),
    ),
    _matter(
        "BD02",
        "新生儿户口登记",
        "HJ",
        MatterKind.IMMEDIATE,
        0,
        Material("B1", "申请人 身份证(原件)", MaterialForm.COPY, 2),
        Material("B2", "居民户口簿", MaterialForm.ORIGINAL, 1),
    ),
    _matter(
        "BD03",
        "城乡居民医保参保登记",
        "YB",
        MatterKind.PROMISED,
        3,
        Material("C1", "申请人身份证（原件）", MaterialForm.ORIGINAL, 1),
        Material("C2", "参保登记表", MaterialForm.ORIGINAL, 1, deficiency_allowed=True),
    ),
    _matter(
        "BD04",
        "社会保障卡申领",
        "SB",
        MatterKind.PROMISED,
        10,
        Material("D1", ID_CARD, MaterialForm.ORIGINAL, 1),
        Material("D2", "近期免冠照片", MaterialForm.ORIGINAL, 2, required=False),
    ),
)

BUNDLE = Bundle(
    BUNDLE_CODE, "新生儿出生一件事", tuple(m.code for m in BUNDLE_MATTERS), "出生证、落户、医保、社保卡一次办"
)


def with_bundle(catalog: Catalog, *, without: tuple[str, ...] = ()) -> Catalog:
    """``catalog`` plus the bundle's departments, matters and the bundle; ``without``: matter codes left out (so a
    bundle names a matter no longer in force)."""
    departments = (
        Department("WJ", "卫生健康局"),
        Department("YB", "医疗保障局"),
        Department("SB", "人力社保局"),
        Department("HJ", "公安户籍"),
    )
    known = {d.code for d in catalog.departments}
    return replace(
        catalog,
        departments=catalog.departments + tuple(d for d in departments if d.code not in known),
        matters=tuple(
            m
            for m in (*catalog.matters, *(b for b in BUNDLE_MATTERS if catalog.matter(b.code) is None))
            if m.code not in without
        ),
        bundles=(BUNDLE,),
    )


def install_bundle(store: Store, *, without: tuple[str, ...] = ()) -> None:
    """Add the bundle (and its matters, but ``without``) to the catalog already in ``store``."""
    import_catalog(store, with_bundle(load_catalog(store), without=without))
