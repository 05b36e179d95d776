"""A small valid catalog document that each test breaks in its own way."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

_DOC: dict[str, Any] = {
    "format": "hallclient-catalog",
    "version": "test-1",
    "departments": [
        {"code": "BDC", "name": "区不动产登记中心"},
        {"code": "GJJ", "name": "住房公积金管理中心"},
    ],
    "matters": [
        {
            "code": "QR00106002",
            "name": "国有建设用地使用权及房屋所有权转移登记",
            "department": "BDC",
            "kind": "promised",
            "matter_type": "confirmation",
            "statutory_days": 30,
            "promised_days": 5,
            "fee": "住宅80元/件",
            "id_card_only": False,
            "province_wide": True,
            "cross_province": False,
            "online": True,
            "legal_basis": "《不动产登记暂行条例》第二十条",
            "materials": [
                {
                    "code": "M01",
                    "name": "不动产登记申请书",
                    "form": "original",
                    "copies": 1,
                    "required": True,
                    "tolerable": False,
                    "note": "申请人签字",
                },
                {
                    "code": "M02",
                    "name": "申请人居民身份证",
                    "form": "original_and_copy",
                    "copies": 1,
                    "required": True,
                    "tolerable": False,
                    "note": "",
                },
                {
                    "code": "M03",
                    "name": "不动产买卖合同",
                    "form": "original",
                    "copies": 2,
                    "required": True,
                    "tolerable": False,
                    "note": "已网签备案",
                },
                {
                    "code": "M04",
                    "name": "契税完税凭证",
                    "form": "electronic",
                    "copies": 1,
                    "required": True,
                    "tolerable": True,
                    "note": "信息共享获取",
                },
            ],
        },
        {
            "code": "JF00501002",
            "name": "住房公积金提取（租房）",
            "department": "GJJ",
            "kind": "immediate",
            "matter_type": "公共服务",
            "statutory_days": 3,
            "promised_days": 0,
            "materials": [
                {"code": "M01", "name": "申请人居民身份证", "form": "original"},
                {"code": "M02", "name": "无房产承诺书"},
                {"code": "M03", "name": "授权委托书", "form": "copy", "required": False, "note": "委托办理时"},
            ],
        },
    ],
}


@pytest.fixture
def doc() -> dict[str, Any]:
    """A fresh deep copy of a valid catalog document (2 departments, 2 matters, 7 materials)."""
    return copy.deepcopy(_DOC)


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[[object], Path]:
    def write(document: object, name: str = "cat.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return path

    return write
