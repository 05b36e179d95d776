"""Helpers of the certificate library tests: a published catalog whose materials accept certificates, a library
of kinds and records, the provincial simulator's data (a uniquely named module: test folders are not packages)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from hallclient.domain.certificates import Certificate
from hallclient.server import feed
from hallclient.server.certificates import import_certificates, import_kinds
from hallclient.server.certificates_file import KindInput
from hallclient.server.clock import utcnow

HOLDER = "110101199001011237"  # 张三 of resources/cards/resident.json
NAME = "张三"

KINDS = [
    KindInput("SFZ", "居民身份证", "HJ", True),
    KindInput("HKB", "户口簿", "HJ", True),
    KindInput("BDCQZ", "不动产权证书", "BDC", True),
    KindInput("JHZ", "结婚证", "MZ", True),
]

LIBRARY = [
    Certificate("SFZ", "SFZ-1", HOLDER, NAME, "北京市公安局东城分局", date(2020, 1, 1), date(2040, 1, 1)),
    Certificate("BDCQZ", "BDC-OLD", HOLDER, NAME, "不动产登记中心", date(2010, 1, 1), date(2019, 12, 31)),
    Certificate("BDCQZ", "BDC-1", HOLDER, NAME, "不动产登记中心", date(2021, 5, 1), None),
    Certificate("JHZ", "JHZ-1", HOLDER, NAME, "民政局", date(2018, 8, 8), None),  # no matter below asks for it
    Certificate("HKB", "HKB-L", HOLDER, "李四", "派出所", date(2015, 1, 1), None),  # the number under another name
]

PROVINCE = [
    Certificate("HKB", "HKB-P", HOLDER, NAME, "省公安厅", date(2016, 3, 1), None),
]


def catalog_document() -> dict[str, Any]:
    """XK0001 (不动产, BDC) takes 身份证明 as SFZ and the deed as BDCQZ; XK0002 (户籍, HJ) takes SFZ or HKB."""

    def material(code: str, name: str, kinds: list[str]) -> dict[str, Any]:
        return {"code": code, "name": name, "form": "original", "copies": 1, "required": True,
                "certificate_kinds": kinds}  # fmt: skip

    def matter(code: str, name: str, department: str, materials: list[dict[str, Any]]) -> dict[str, Any]:
        return {"code": code, "name": name, "department": department, "kind": "promised",
                "matter_type": "confirmation", "statutory_days": 20, "promised_days": 5,
                "materials": materials}  # fmt: skip

    return {  # a catalog that reads (the server's tallies compute the catalog ratios from it)
        "format": "hallclient-catalog",
        "version": "certs-1",
        "departments": [{"code": "BDC", "name": "不动产登记中心"}, {"code": "HJ", "name": "公安户籍"}],
        "certificate_kinds": [{"code": "SFZ", "name": "居民身份证"}, {"code": "HKB", "name": "居民户口簿"},
                              {"code": "BDCQZ", "name": "不动产权证书"}],
        "matters": [
            matter("XK0001", "不动产转移登记", "BDC", [material("M1", "申请书", []),
                                                   material("M2", "身份证明", ["SFZ"]),
                                                   material("M3", "不动产权属证书", ["BDCQZ"])]),
            matter("XK0002", "居民户口簿补领", "HJ", [material("H1", "居民身份证或户口簿", ["SFZ", "HKB"])]),
        ],
    }  # fmt: skip


def stock_library(app: FastAPI) -> None:
    db = app.state.db
    with db.session() as session:
        feed.publish(session, "catalog", "catalog", catalog_document())
    import_kinds(db, KINDS)
    import_certificates(db, LIBRARY, utcnow())


def write_certificates(path: Path, certificates: list[Certificate]) -> Path:
    items = [{"kind": c.kind, "number": c.number, "holder_id_number": c.holder_id_number,
              "holder_name": c.holder_name, "issuer": c.issuer, "valid_from": c.valid_from.isoformat(),
              "valid_to": c.valid_to.isoformat() if c.valid_to else None}
             for c in certificates]  # fmt: skip
    path.write_text(json.dumps({"certificates": items}, ensure_ascii=False), encoding="utf-8")
    return path


def ask(matters: list[str], name: str = NAME, holder: str = HOLDER) -> dict[str, Any]:
    return {"holder_id_number": holder, "holder_name": name, "matter_codes": matters, "purpose": "intake",
            "clerk_id": "clerk-1"}  # fmt: skip
