"""A 一件事 for the bundle tests: 新生儿出生一件事, four matters of four departments sharing the applicant's ID card
(which every matter accepts as an electronic 居民身份证, SFZ; the 户口簿 is accepted as HKB)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hallclient.domain.bundles import bundle_materials, paper_key
from hallclient.domain.catalog import (
    Bundle,
    Catalog,
    CertificateKind,
    Department,
    Material,
    MaterialForm,
    Matter,
    MatterKind,
    MatterType,
)
from hallclient.domain.certificates import Certificate
from hallclient.services.bundles import ReceivedPaper
from hallclient.services.catalog import import_catalog, load_catalog
from hallclient.store.db import Store

BUNDLE_CODE = "YJS001"
ID_CARD = "申请人身份证（原件）"
SFZ = ("SFZ",)


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
        Material("A1", ID_CARD, MaterialForm.ORIGINAL, 1, certificate_kinds=SFZ),
        Material("A2", "出生医学证明申请表", MaterialForm.ORIGINAL, 1),
    ),
    _matter(
        "BD02",
        "新生儿户口登记",
        "HJ",
        MatterKind.IMMEDIATE,
        0,
        Material("B1", "申请人 身份证(原件)", MaterialForm.COPY, 2, certificate_kinds=SFZ),
        Material("B2", "居民户口簿", MaterialForm.ORIGINAL, 1, certificate_kinds=("HKB",)),
    ),
    _matter(
        "BD03",
        "城乡居民医保参保登记",
        "YB",
        MatterKind.PROMISED,
        3,
        Material("C1", "申请人身份证（原件）", MaterialForm.ORIGINAL, 1, certificate_kinds=SFZ),
        Material("C2", "参保登记表", MaterialForm.ORIGINAL, 1, deficiency_allowed=True),
    ),
    _matter(
        "BD04",
        "社会保障卡申领",
        "SB",
        MatterKind.PROMISED,
        10,
        Material("D1", ID_CARD, MaterialForm.ORIGINAL, 1, certificate_kinds=SFZ),
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
    kinds = (CertificateKind("SFZ", "居民身份证"), CertificateKind("HKB", "居民户口簿"))
    known_kinds = {k.code for k in catalog.certificate_kinds}
    return replace(
        catalog,
        departments=catalog.departments + tuple(d for d in departments if d.code not in known),
        matters=tuple(
            m
            for m in (*catalog.matters, *(b for b in BUNDLE_MATTERS if catalog.matter(b.code) is None))
            if m.code not in without
        ),
        bundles=(BUNDLE,),
        certificate_kinds=catalog.certificate_kinds + tuple(k for k in kinds if k.code not in known_kinds),
    )


def install_bundle(store: Store, *, without: tuple[str, ...] = ()) -> None:
    """Add the bundle (and its matters, but ``without``) to the catalog already in ``store``."""
    import_catalog(store, with_bundle(load_catalog(store), without=without))


#: 张三's (the tests' applicant 11010519491231002X) electronic ID card, valid on the tests' day (2026-03-02).
ID_CERT = Certificate(
    "SFZ", "SFZ-1101-0042", "11010519491231002X", "张三", "北京市公安局西城分局", date(2016, 1, 1), date(2036, 1, 1)
)


def shared_id_card(certificate: Certificate, *, missing: str = "参保登记表") -> tuple[ReceivedPaper, ...]:
    """Every paper of the checklist but ``missing`` on paper (2 copies, 1 page), the ID card left to
    ``certificate`` (lookup L-7, no copies)."""
    return tuple(
        ReceivedPaper(entry.key, certificate=certificate, lookup_id="L-7", copies=0)
        if entry.key == paper_key(ID_CARD)
        else ReceivedPaper(entry.key, 2, 1)
        for entry in bundle_materials(BUNDLE_MATTERS)
        if entry.name != missing
    )
