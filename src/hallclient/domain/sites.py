"""The service network (四级政务服务体系, here three levels on one server): the district hall, street/town centres
and village/community stations.

The levels nest strictly as the real hierarchy does: the district hall is the one root, a street (乡镇/街道) centre
sits under the district, a village (村/社区) station under a street. A village directly under the district is
refused: every station reports through its street. These rules are shared by ``hallclient server site`` and the
per-site tallies, whose rolled-up figure of a site is its own plus all of its subtree's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hallclient.errors import HallError

ROOT_SITE = "HALL"
DEFAULT_ROOT_NAME = "区政务服务中心"
LEVELS: dict[str, str] = {"district": "区（县）政务服务中心", "street": "街道（乡镇）便民服务中心",
                          "village": "村（社区）便民服务站"}  # fmt: skip
LEVEL_BY_LABEL = {"区": "district", "县": "district", "街道": "street", "乡镇": "street", "村": "village",
                  "社区": "village"}  # fmt: skip
PARENT_LEVEL: dict[str, str] = {"street": "district", "village": "street"}
MAX_CODE = 32


class SiteError(HallError):
    """A site that breaks the tree rules (one Chinese line)."""


@dataclass(frozen=True)
class Site:
    code: str
    name: str
    level: str
    parent: str | None
    active: bool = True


def level_of(text: str) -> str:
    """``district``/``street``/``village`` or a Chinese label (区、街道、乡镇、村、社区) as the level's key."""
    value = text.strip()
    level = value if value in LEVELS else LEVEL_BY_LABEL.get(value, "")
    if not level:
        raise SiteError(f"级别应为 district、street 或 village（区、街道、村），实为“{value}”")
    return level


def check_code(code: str) -> str:
    code = code.strip()
    if not code:
        raise SiteError("站点编码不能为空")
    if len(code) > MAX_CODE or not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in code):
        raise SiteError(f"站点编码只能用字母、数字、- 和 _，最多 {MAX_CODE} 个字符：{code}")
    return code


def nesting_problem(level: str, parent: Site | None) -> str | None:
    """Why a site of ``level`` may not sit under ``parent`` (None: it may)."""
    if level == "district":
        return f"区级站点只有一个（{ROOT_SITE}），不能再新增"
    if parent is None:
        return "须指定上级站点"
    if not parent.active:
        return f"上级站点 {parent.code} 已撤销"
    wanted = PARENT_LEVEL[level]
    if parent.level != wanted:
        return (f"{LEVELS[level]}的上级应为{LEVELS[wanted]}，{parent.code} 是{LEVELS[parent.level]}"
                f"（村/社区须挂在街道/乡镇下）")  # fmt: skip
    return None


def children_of(sites: Iterable[Site]) -> dict[str | None, list[Site]]:
    found: dict[str | None, list[Site]] = {}
    for site in sorted(sites, key=lambda item: item.code):
        found.setdefault(site.parent, []).append(site)
    return found


def subtree(sites: Iterable[Site], code: str) -> list[str]:
    """``code`` and every site under it (retired ones too: their history still counts), depth first."""
    children = children_of(sites)
    found: list[str] = []
    stack = [code]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(reversed([child.code for child in children.get(current, [])]))
    return found


def tree_order(sites: Iterable[Site]) -> list[tuple[Site, int]]:
    """Every site with its depth (root 0), parents before children, siblings by code."""
    listed = list(sites)
    children = children_of(listed)
    by_code = {site.code: site for site in listed}
    roots = [site for site in listed if site.parent is None or site.parent not in by_code]
    found: list[tuple[Site, int]] = []
    stack = [(site, 0) for site in reversed(sorted(roots, key=lambda item: item.code))]
    while stack:
        site, depth = stack.pop()
        found.append((site, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(site.code, [])))
    return found


@dataclass
class SiteFigures:
    """One row of the tally by site: the site's own figures and the rolled-up ones (itself and its subtree)."""

    code: str
    name: str
    level: str
    depth: int
    own_cases: int = 0
    cases: int = 0
    own_completed: int = 0
    completed: int = 0
    own_assistance: int = 0
    assistance: int = 0


def site_figures(
    sites: Iterable[Site],
    cases: Mapping[str, int],
    completed: Mapping[str, int],
    assistance: Mapping[str, int],
    root: str | None = None,
) -> list[SiteFigures]:
    """Rows in tree order (only ``root``'s subtree when given); each rolled-up figure is the site's own plus the
    rolled-up figures of its children."""
    listed = list(sites)
    wanted = set(subtree(listed, root)) if root else {site.code for site in listed}
    ordered = [(site, depth) for site, depth in tree_order(listed) if site.code in wanted]
    rows = {
        site.code: SiteFigures(site.code, site.name, site.level, depth, cases.get(site.code, 0), 0,
                               completed.get(site.code, 0), 0, assistance.get(site.code, 0), 0)
        for site, depth in ordered
    }  # fmt: skip
    for site, _depth in reversed(ordered):  # children come after their parent: fold upwards
        row = rows[site.code]
        row.cases += row.own_cases
        row.completed += row.own_completed
        row.assistance += row.own_assistance
        parent = rows.get(site.parent or "")
        if parent is not None and site.code != root:
            parent.cases += row.cases
            parent.completed += row.completed
            parent.assistance += row.assistance
    return [rows[site.code] for site, _depth in ordered]


SITE_HEADER = ["站点编码", "站点", "级别", "本级办件", "办件（含下级）", "本级办结", "办结（含下级）", "本级帮办代办",
               "帮办代办（含下级）"]  # fmt: skip


def site_rows(rows: Iterable[SiteFigures]) -> list[list[object]]:
    """The tally by site in tree order, each name indented by its depth (XLSX sheet 站点)."""
    return [[row.code, "　" * row.depth + row.name, LEVELS.get(row.level, row.level), row.own_cases, row.cases,
             row.own_completed, row.completed, row.own_assistance, row.assistance] for row in rows]  # fmt: skip
