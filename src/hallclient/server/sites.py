"""Sites on the server (``hallclient server site``): add, list as a tree, retire, import a file; a device's site
(``server device add --site`` / ``device move``) and how the device learns it (the enrol result and the feed,
kind ``site``, one entry per device). The tree rules are ``domain/sites.py``.

An import checks every row first and writes all of them or none.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from hallclient.domain.sites import ROOT_SITE, Site, SiteError, check_code, level_of, nesting_problem, subtree
from hallclient.server import feed
from hallclient.server.db import Database
from hallclient.server.models import Device, ServerUser
from hallclient.server.site_models import ServerSite

FEED_KIND = "site"
FILE_COLUMNS = {"code": ("code", "编码", "站点编码"), "name": ("name", "名称", "站点名称"),
                "level": ("level", "级别"), "parent": ("parent", "上级", "上级编码")}  # fmt: skip


@dataclass(frozen=True)
class SiteInput:
    code: str
    name: str
    level: str
    parent: str
    row: int = 0  # the file's row number (header = 1); 0 for a site given on the command line


def _site(row: ServerSite) -> Site:
    return Site(row.code, row.name, row.level, row.parent_code, row.active)


def all_sites(session: Session | Connection) -> list[Site]:
    rows = session.execute(select(ServerSite.code, ServerSite.name, ServerSite.level, ServerSite.parent_code,
                                  ServerSite.active))  # fmt: skip
    return [Site(code, name, level, parent, active) for code, name, level, parent, active in rows]


def site_codes(session: Session, code: str) -> list[str]:
    """``code`` and every site under it; :class:`SiteError` when there is no such site."""
    sites = all_sites(session)
    if code not in {site.code for site in sites}:
        raise SiteError(f"没有这个站点：{code}")
    return subtree(sites, code)


def active_site(session: Session, code: str) -> ServerSite:
    """The site a device may be placed at: it exists and is not retired."""
    row = session.get(ServerSite, code.strip())
    if row is None:
        raise SiteError(f"没有这个站点：{code.strip()}（hallclient server site list 列出全部站点）")
    if not row.active:
        raise SiteError(f"站点 {row.code}（{row.name}）已撤销，不能再登记设备")
    return row


def add_sites(db: Database, entries: Sequence[SiteInput]) -> int:
    """Record sites, all or none (every problem listed by row); parents may come later in the same list."""
    with db.session() as session:
        known = {site.code: site for site in all_sites(session)}
        planned: dict[str, Site] = {}
        problems: list[str] = []
        checked: list[tuple[int, Site]] = []
        for index, entry in enumerate(entries, 1):
            number = entry.row or index
            try:
                code = check_code(entry.code)
                level = level_of(entry.level)
                name = entry.name.strip()
                if not name:
                    raise SiteError("站点名称不能为空")
                if code in known or code in planned:
                    raise SiteError(f"站点编码已存在：{code}")
                site = Site(code, name, level, entry.parent.strip() or None)
                planned[code] = site
                checked.append((number, site))
            except SiteError as error:
                problems.append(f"第 {number} 行：{error}")
        for number, site in checked:
            parent = known.get(site.parent or "") or planned.get(site.parent or "")
            if site.parent and parent is None:
                problems.append(f"第 {number} 行：上级站点不存在：{site.parent}")
                continue
            problem = nesting_problem(site.level, parent)
            if problem:
                problems.append(f"第 {number} 行：{problem}")
        if problems:
            if len(entries) == 1:
                raise SiteError(problems[0].split("：", 1)[1])
            raise SiteError(f"站点文件有 {len(problems)} 处问题，什么也没有导入：{'；'.join(problems)}")
        for _number, site in checked:
            session.add(ServerSite(code=site.code, name=site.name, level=site.level, parent_code=site.parent,
                                   active=True))  # fmt: skip
        return len(checked)


def retire_site(db: Database, code: str) -> Site:
    """Retire a site with no active devices and no active child sites; its history keeps counting."""
    with db.session() as session:
        row = session.get(ServerSite, code.strip())
        if row is None:
            raise SiteError(f"没有这个站点：{code.strip()}")
        if row.parent_code is None:
            raise SiteError(f"根站点 {row.code} 不能撤销")
        if not row.active:
            raise SiteError(f"站点 {row.code} 已撤销")
        children = session.scalars(select(ServerSite.code).where(ServerSite.parent_code == row.code,
                                                                  ServerSite.active.is_(True))).all()  # fmt: skip
        devices = session.scalars(select(Device.window).where(Device.site_code == row.code,
                                                               Device.revoked_at.is_(None))).all()  # fmt: skip
        if children:
            raise SiteError(f"站点 {row.code} 下还有未撤销的站点：{'、'.join(sorted(children))}，请先撤销或迁移")
        if devices:
            windows = "、".join(sorted(set(devices)))
            raise SiteError(f"站点 {row.code} 还有 {len(devices)} 台未吊销的设备（窗口 {windows}），请先迁移或吊销")
        row.active = False
        return _site(row)


def site_feed(row: ServerSite) -> dict[str, Any]:
    return {"code": row.code, "name": row.name, "level": row.level}


def publish_device_site(session: Session, device: Device) -> None:
    """Tell an enrolled device its site (one feed entry per device, superseded when it moves)."""
    if device.client_device_id:
        row = session.get(ServerSite, device.site_code)
        assert row is not None, "device placed at an unknown site"
        feed.publish(session, FEED_KIND, device.client_device_id, site_feed(row), device_id=device.client_device_id)


def device_site(connection: Connection | Session, client_device_id: str) -> str:
    """The site of the enrolled device behind ``client_device_id`` (what its uploads count for)."""
    code = connection.execute(
        select(Device.site_code)
        .where(Device.client_device_id == client_device_id, Device.revoked_at.is_(None))
        .order_by(Device.enrolled_at.desc().nulls_last())
    ).scalar()
    return str(code or ROOT_SITE)


def account_site(session: Session, user_id: str) -> str | None:
    """The site a server user is bound to (``server user add --site``), None for every site."""
    return session.scalar(select(ServerUser.site_code).where(ServerUser.id == user_id))


class SiteForbidden(SiteError):
    """A user bound to a site asked for a site outside its subtree (the API answers 403)."""


def permitted_site(session: Session, user_id: str, site: str | None) -> str | None:
    """The site a user's request covers: a user bound to a site (``users.site_code``) sees that site's subtree only
    (their own site when none is asked; :class:`SiteForbidden` for a site outside it); others see any site, or all
    (None). An unknown site is a :class:`SiteError` whoever asks."""
    own = account_site(session, user_id)
    if site is not None:
        site_codes(session, site)  # an unknown site is a 400, whoever asks
    if own is None:
        return site
    if site is None:
        return own
    if site not in site_codes(session, own):
        raise SiteForbidden(f"本账号只能查看站点 {own} 及其下级站点的数据，无权查看站点 {site}")
    return site


def read_site_file(path: Path) -> list[SiteInput]:
    """A CSV (UTF-8, with a header row) or XLSX (first sheet) with columns 编码, 名称, 级别, 上级."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = [list(row) for row in csv.reader(handle)]
        elif suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            rows = [["" if cell is None else str(cell) for cell in row] for row in book.worksheets[0].iter_rows(
                values_only=True)]  # fmt: skip
            book.close()
        else:
            raise SiteError(f"站点文件应为 .csv 或 .xlsx：{path}")
    except OSError as error:
        raise SiteError(f"无法读取 {path}：{error.strerror}") from None
    except UnicodeDecodeError:
        raise SiteError(f"{path} 不是 UTF-8 编码的 CSV") from None
    except SiteError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise SiteError(f"{path} 不是有效的 XLSX 文件：{type(error).__name__}") from None
    if not rows:
        raise SiteError(f"{path} 是空的：第一行应为表头 编码,名称,级别,上级")
    heading = [cell.strip().lower() for cell in rows[0]]
    where: dict[str, int] = {}
    for key, names in FILE_COLUMNS.items():
        found = [index for index, cell in enumerate(heading) if cell in names]
        if not found:
            raise SiteError(f"{path} 缺少“{names[1]}”列（表头应为 编码,名称,级别,上级）")
        where[key] = found[0]
    entries = []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        padded = row + [""] * (len(heading) - len(row))
        code, name, level, parent = (padded[where[key]] for key in ("code", "name", "level", "parent"))
        entries.append(SiteInput(code, name, level, parent, row=number))
    if not entries:
        raise SiteError(f"{path} 没有站点行")
    return entries
