"""The catalog ratios a tally carries (事项目录指标), from the catalog in force, one definition for every export:

* **事项总数**: matters in the catalog (the window's active catalog locally; the published one on the server).
* **网上可办率** = matters that can be done online (可网办, 全程网办 included) ÷ 事项总数.
* **全程网办率** = matters done wholly online, no visit (全程网办) ÷ 事项总数.
* **一窗式事项占比** = matters taken in at the integrated window (一窗式) ÷ 事项总数.
* **一证通办事项数**: matters done with the ID card alone (一证通办).

They describe the catalog, not the period: the same for every grouping and every day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from hallclient.domain.catalog import Catalog

#: Each figure's definition, by its column key (``CATALOG_COLUMNS`` in domain/tally.py): the XLSX 说明, the PDF notes.
DEFINITIONS: dict[str, str] = {
    "catalog_matters": "事项总数＝统计时在用事项目录中的事项数（本机为本机目录，全大厅为服务器发布的目录）",
    "catalog_online_rate": "网上可办率＝可网办事项数（含全程网办）÷事项总数",
    "catalog_fully_online_rate": "全程网办率＝全程网办（无需到现场）事项数÷事项总数",
    "catalog_one_window_share": "一窗式事项占比＝一窗式（综合窗口受理）事项数÷事项总数",
    "catalog_id_card_only": "一证通办事项数＝仅凭身份证即可办理的事项数",
}
SCOPE_NOTE = "事项目录指标描述统计时在用的事项目录，与统计期间和分组无关。"
MISSING_NOTE = "未读取到事项目录（服务器尚未发布事项目录），未计算事项目录指标。"


@dataclass(frozen=True)
class CatalogFigures:
    version: str = ""
    matters: int = 0
    online: int = 0
    fully_online: int = 0
    one_window: int = 0
    id_card_only: int = 0

    @property
    def online_rate(self) -> float | None:
        return self.online / self.matters if self.matters else None

    @property
    def fully_online_rate(self) -> float | None:
        return self.fully_online / self.matters if self.matters else None

    @property
    def one_window_share(self) -> float | None:
        return self.one_window / self.matters if self.matters else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CatalogFigures:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


def catalog_figures(catalog: Catalog) -> CatalogFigures:
    matters = catalog.matters
    return CatalogFigures(
        version=catalog.version,
        matters=len(matters),
        online=sum(1 for m in matters if m.online or m.fully_online),
        fully_online=sum(1 for m in matters if m.fully_online),
        one_window=sum(1 for m in matters if m.one_window),
        id_card_only=sum(1 for m in matters if m.id_card_only),
    )
