"""A small hand-built catalog with service guides (one full, one empty), shared by the guide tests."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from hallclient.domain.catalog import (
    Bundle,
    Catalog,
    CertificateKind,
    Department,
    Guide,
    Material,
    MaterialForm,
    Matter,
    MatterKind,
    MatterType,
    SampleForm,
)

FORM_BYTES = b"%PDF-1.4 sample application form\n"
FORM_FILE = "forms/XK001-apply.pdf"


def guide_catalog(form_sha256: str = hashlib.sha256(FORM_BYTES).hexdigest()) -> Catalog:
    full = Matter(
        code="XK001",
        name="食品经营许可<新办>",
        department_code="SJ",
        kind=MatterKind.PROMISED,
        statutory_days=20,
        promised_days=5,
        fee="不收费",
        province_wide=True,
        online=True,
        fully_online=True,
        one_window=True,
        legal_basis="《中华人民共和国食品安全法》第三十五条",
        matter_type=MatterType.LICENCE,
        pinyin_initials="spjyxk",
        materials=(
            Material("M1", "营业执照", MaterialForm.COPY, 1, certificate_kinds=("YYZZ", "SFZ")),
            Material("M2", "经营场所平面图", MaterialForm.ORIGINAL, 2, deficiency_allowed=True),
            Material("M3", "健康证明", MaterialForm.COPY, 1, required=False),
        ),
        guide=Guide(
            conditions=("已取得营业执照", "有与经营相适应的场所 & 设施"),
            steps=("窗口受理", "现场核查", "审批发证"),
            address="政务服务中心二楼 B 区 12 号窗口",
            hours="工作日 9:00-17:00",
            phone="0571-87001234",
            online_url="https://zwfw.example.gov.cn/spjy",
            sample_forms=(SampleForm("食品经营许可申请书（示范文本）", FORM_FILE, form_sha256),),
        ),
    )
    bare = Matter(
        code="QT002",
        name="户籍证明开具",
        department_code="GA",
        kind=MatterKind.IMMEDIATE,
        statutory_days=1,
        promised_days=0,
        id_card_only=True,
        matter_type=MatterType.PUBLIC_SERVICE,
        pinyin_initials="hjzmkj",
        materials=(Material("M1", "居民身份证", MaterialForm.ORIGINAL, 1),),
    )
    third = Matter(
        code="XK003",
        name="公共场所卫生许可",
        department_code="WJ",
        kind=MatterKind.PROMISED,
        statutory_days=20,
        promised_days=10,
        online=True,
        matter_type=MatterType.LICENCE,
        pinyin_initials="ggcswsxk",
        materials=(Material("M1", "卫生许可申请书", MaterialForm.ORIGINAL, 1),),
    )
    fourth = Matter(
        code="GF004",
        name="临时救助",
        department_code="MZ",
        kind=MatterKind.PROMISED,
        statutory_days=15,
        promised_days=7,
        one_window=True,
        matter_type=MatterType.PAYMENT,
        pinyin_initials="lsjz",
        materials=(Material("M1", "救助申请书", MaterialForm.ORIGINAL, 1),),
    )
    return Catalog(
        departments=(
            Department("SJ", "市场监督管理局"),
            Department("GA", "公安局"),
            Department("WJ", "卫生健康局"),
            Department("MZ", "民政局"),
        ),
        matters=(full, bare, third, fourth),
        version="2026.12-测试",
        bundles=(Bundle("YJS01", "开饭店一件事", ("XK001", "XK003"), "食品经营与卫生许可一次办"),),
        certificate_kinds=(CertificateKind("YYZZ", "营业执照"), CertificateKind("SFZ", "居民身份证")),
    )


def write_form(folder: Path, data: bytes = FORM_BYTES) -> Path:
    path = folder / FORM_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext extracts it (what a reader copies or searches)."""
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
