"""``hallclient selftest``: check one window PC end to end and name every problem on one line.

Each check returns :class:`CheckResult` rows instead of raising, so one broken part (an unreadable config, a
missing font) never hides the others: the whole table is always printed. Qt-free — translations are checked
by the ``.qm`` file's structure — so the check also runs where the GUI cannot start.
"""

from __future__ import annotations

import enum
import os
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from hallclient.config import SETTINGS, Settings
from hallclient.errors import HallError
from hallclient.paths import default_db_path, resource_path

#: The 16-byte header of every compiled Qt translation (QTranslator's ``magic``).
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
#: Block tags a ``.qm`` file may contain after the header (Qt's ``QTranslatorPrivate::Tag``).
QM_TAGS = frozenset({0x2F, 0x42, 0x69, 0x88, 0x96, 0xA7})
#: The language the UI is written in; it needs no translation file.
SOURCE_LANGUAGE = "zh_CN"
#: One character from each bundled font's reason to exist (common CJK; CJK Extension A for rare names).
FONT_PROBES = {"primary": "政", "fallback": "䶮", "rare": "𠮷"}
NETWORK_TIMEOUT = 5.0


class Status(enum.StrEnum):
    OK = "OK"
    WARN = "WARN"  # works, but someone must act (e.g. next year's working-day calendar is missing)
    FAIL = "FAIL"
    SKIP = "SKIP"


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    detail: str

    def __post_init__(self) -> None:
        # One problem, one line: a multi-line error text (a traceback-like message) is folded.
        object.__setattr__(self, "detail", " ".join(self.detail.split()))


def ok(name: str, detail: str) -> CheckResult:
    return CheckResult(name, Status.OK, detail)


def fail(name: str, detail: str) -> CheckResult:
    return CheckResult(name, Status.FAIL, detail)


def skip(name: str, detail: str) -> CheckResult:
    return CheckResult(name, Status.SKIP, detail)


def warn(name: str, detail: str) -> CheckResult:
    return CheckResult(name, Status.WARN, detail)


# --- config -------------------------------------------------------------------------------------------------


def check_config() -> tuple[Settings, list[CheckResult]]:
    """The settings to test the rest with; defaults (and a FAIL row) when the file cannot be used."""
    from hallclient import config

    path = config.config_path()
    try:
        settings = config.load()
    except HallError as error:
        return Settings(), [fail("config", f"{error}（其余检查按默认配置进行）")]
    where = str(path) if path.exists() else f"{path}（不存在，使用默认配置）"
    return settings, [ok("config", where)]


# --- logs ---------------------------------------------------------------------------------------------------


def check_logs() -> list[CheckResult]:
    from hallclient.log import log_file

    folder = log_file().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return [fail("logs", f"日志目录无法创建：{folder}（{error.strerror or error}）")]
    if not os.access(folder, os.W_OK):
        return [fail("logs", f"日志目录不可写：{folder}")]
    return [ok("logs", str(log_file()))]


# --- database -----------------------------------------------------------------------------------------------


def check_database(db_path: Path) -> list[CheckResult]:
    """Integrity (SQLite), schema revision (Alembic), and the event hash chain of every device."""
    if not db_path.exists():
        return [fail("database", f"数据库文件不存在：{db_path}（首次启动时创建，或用 --db 指定）")]
    from hallclient.store.db import read_only_uri
    from hallclient.store.faults import corrupt_error, describe

    rows: list[CheckResult] = []
    try:
        connection = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error as error:
        return [fail("database.integrity", str(describe(error, db_path) or corrupt_error(db_path, str(error))))]
    if result != "ok":
        return [fail("database.integrity", str(corrupt_error(db_path, f"完整性检查：{result}")))]
    rows.append(ok("database.integrity", str(db_path)))

    from hallclient.store import migrate

    try:
        revision = migrate.check_current(db_path)
    except HallError as error:
        rows.append(fail("database.schema", str(error)))
        rows.append(skip("database.events", "结构版本不符，未校验事件哈希链"))
        return rows
    rows.append(ok("database.schema", f"结构版本 {revision}（最新）"))
    rows.append(_check_chain(db_path))
    rows.extend(check_calendar(db_path, date.today()))
    return rows


def check_calendar(db_path: Path, today: date) -> list[CheckResult]:
    """The working-day calendar's years and sources, and the open cases whose deadlines are provisional."""
    from hallclient.domain.case import deadline_text
    from hallclient.services.calendar import provisional_cases
    from hallclient.store.bootstrap import calendar_in
    from hallclient.store.db import Store

    store = Store(db_path)
    try:
        with store.read() as session:
            calendar = calendar_in(session)
            provisional = [
                (row.case_no, row.promised_date or row.notice_deadline) for row in provisional_cases(session)
            ]
    finally:
        store.close()
    years = sorted(calendar.years)
    covered = f"覆盖 {years[0]}–{years[-1]} 年（版本 {calendar.version}）" if years else "未包含任何年份"
    unsourced = [str(year) for year in years if not calendar.source(year)]
    if unsourced:
        covered += f"；{'、'.join(unsourced)} 年未记录来源"
    warning = calendar.coverage_warning(today)
    rows = [warn("calendar", f"{warning}（{covered}）") if warning else ok("calendar", covered)]
    if provisional:
        listed = "、".join(f"{case_no}（{deadline_text(day, True)}）" for case_no, day in provisional[:20])
        more = f" 等 {len(provisional)} 件" if len(provisional) > 20 else f" 共 {len(provisional)} 件"
        rows.append(
            warn("calendar.provisional", f"期限为暂定的在办办件：{listed}{more}，收到覆盖其日期的日历后自动重算")
        )
    else:
        rows.append(ok("calendar.provisional", "没有暂定期限的在办办件"))
    return rows


def _check_chain(db_path: Path) -> CheckResult:
    from hallclient.domain.events import ChainBreak
    from hallclient.errors import message_for
    from hallclient.store.db import Store
    from hallclient.store.eventlog import verify_chain

    store = Store(db_path, read_only=True)
    try:
        with store.read() as session:
            report = verify_chain(session)
    except ChainBreak as error:
        return fail("database.events", f"事件哈希链校验失败：{error}")
    except Exception as error:
        return fail("database.events", f"事件日志无法读取：{message_for(error)}")
    finally:
        store.close()
    return ok("database.events", f"事件哈希链完整（{report.devices} 台设备，{report.events} 条事件）")


# --- fonts --------------------------------------------------------------------------------------------------


def font_draws(path: Path, index: int, ch: str) -> bool:
    """Whether the font file maps ``ch`` to a non-empty glyph; the file is closed again whatever happens.

    Not :func:`hallclient.fonts.covers`: that caches open fonts for the renderers' lifetime, while a check must
    leave nothing open behind it (and must survive a damaged file).
    """
    from fontTools.ttLib import TTFont

    with path.open("rb") as handle:
        font = TTFont(handle, fontNumber=index, lazy=True)
        name = (font.getBestCmap() or {}).get(ord(ch))
        if name is None:
            return False
        return "glyf" not in font or font["glyf"][name].numberOfContours != 0


def check_fonts(settings: Settings) -> list[CheckResult]:
    from hallclient import fonts

    rows: list[CheckResult] = []
    for role, font in zip(FONT_PROBES, fonts.font_chain(), strict=True):
        name = f"font.{role}"
        if not font.path.is_file():
            rows.append(fail(name, f"随附字体缺失：{font.path}"))
            continue
        probe = FONT_PROBES[role]
        try:
            drawn = font_draws(font.path, font.face_index, probe)
        except Exception as error:  # fontTools raises many types for a damaged file
            rows.append(fail(name, f"字体文件无法读取：{font.path}（{type(error).__name__}: {error}）"))
            continue
        if not drawn:
            rows.append(fail(name, f"字体 {font.path.name} 缺少字形“{probe}”，可能不是随附的字体文件"))
            continue
        rows.append(ok(name, f"{font.family}（{font.path}）"))
    if settings.font:
        configured = Path(settings.font)
        if configured.is_file():
            rows.append(ok("font.configured", str(configured)))
        else:
            rows.append(fail("font.configured", f"配置的界面字体不存在：{configured}（ui.font）"))
    return rows


# --- translations -------------------------------------------------------------------------------------------


def translation_languages() -> list[str]:
    """Every UI language but the source one (from the typed settings' choices for ``ui.language``)."""
    for setting in SETTINGS:
        if (setting.section, setting.key) == ("ui", "language"):
            return [str(choice) for choice in setting.choices if choice != SOURCE_LANGUAGE]
    return []


def qm_problem(data: bytes) -> str | None:
    """Why ``data`` is not a loadable ``.qm`` file, or None: header, then tag + 32-bit length blocks to EOF."""
    if not data.startswith(QM_MAGIC):
        return "文件头不是 Qt 翻译文件（.qm）"
    offset = len(QM_MAGIC)
    if offset == len(data):
        return "翻译文件为空（没有任何译文）"
    while offset < len(data):
        if offset + 5 > len(data):
            return "翻译文件被截断"
        tag = data[offset]
        length = int.from_bytes(data[offset + 1 : offset + 5], "big")
        if tag not in QM_TAGS:
            return f"翻译文件结构错误（未知数据块 0x{tag:02X}）"
        offset += 5 + length
        if offset > len(data):
            return "翻译文件被截断"
    return None


def check_translations() -> list[CheckResult]:
    rows: list[CheckResult] = []
    for language in translation_languages():
        name = f"translation.{language}"
        path = resource_path("translations", f"hallclient_{language}.qm")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            rows.append(fail(name, f"翻译文件缺失：{path}（界面将只能显示中文）"))
            continue
        except OSError as error:
            rows.append(fail(name, f"翻译文件无法读取：{path}（{error.strerror or error}）"))
            continue
        problem = qm_problem(data)
        rows.append(fail(name, f"{problem}：{path}") if problem else ok(name, str(path)))
    return rows


# --- devices ------------------------------------------------------------------------------------------------


def check_reader(settings: Settings) -> list[CheckResult]:
    if not settings.reader_port:
        return [skip("reader", "未配置身份证阅读器（reader.port）")]
    from hallclient.devices.idcard import sam_info

    try:
        info = sam_info(settings.reader_port, settings.reader_baud or None)
    except HallError as error:
        return [fail("reader", f"身份证阅读器 {settings.reader_port}：{error}")]
    if not info.status_ok:
        return [fail("reader", f"身份证阅读器 {settings.reader_port}：SAM 自检失败（{info.message}）")]
    return [ok("reader", f"{settings.reader_port} @ {info.baud}：SAM 正常，编号 {info.sam_id}")]


def check_printer(settings: Settings) -> list[CheckResult]:
    if not settings.printer_uri:
        return [skip("printer", "未配置打印机（printer.uri）")]
    from hallclient.devices.printer.printing import printer_status

    try:
        status = printer_status(settings.printer_uri, timeout=NETWORK_TIMEOUT)
    except HallError as error:
        return [fail("printer", f"打印机 {settings.printer_uri}：{error}")]
    if status.checked and not status.ready:
        return [fail("printer", f"打印机 {settings.printer_uri}：{status.describe()}")]
    return [ok("printer", f"{settings.printer_uri}：{status.describe()}")]


# --- server -------------------------------------------------------------------------------------------------


def check_server(settings: Settings) -> list[CheckResult]:
    """Reachable, and the device token accepted (``GET /v1/ping`` needs a valid token)."""
    if not settings.server_url:
        return [skip("server", "未配置中心服务器（server.url），单机运行")]
    if not settings.device_token:
        return [fail("server", f"{settings.server_url}：本机尚未登记（无设备令牌），运行 hallclient enroll")]
    import httpx

    from hallclient.protocol.wire import API_PREFIX
    from hallclient.sync.transport import make_http

    try:
        client = make_http(settings.server_url, settings.ca_file, settings.device_token)
    except HallError as error:
        return [fail("server", str(error))]
    client.timeout = httpx.Timeout(NETWORK_TIMEOUT)
    try:
        response = client.get(f"{API_PREFIX}/ping")
    except httpx.HTTPError as error:
        return [fail("server", f"无法连接服务器 {settings.server_url}：{type(error).__name__}: {error}")]
    finally:
        client.close()
    if response.status_code in (401, 403):
        return [fail("server", f"服务器拒绝本机令牌（HTTP {response.status_code}），请重新登记：hallclient enroll")]
    if response.status_code != 200:
        return [fail("server", f"服务器异常应答 HTTP {response.status_code}：{settings.server_url}")]
    try:
        body = response.json()
        server_time = datetime.fromisoformat(str(body["server_time"]).replace("Z", "+00:00"))
    except (ValueError, KeyError, TypeError):
        return [fail("server", f"服务器应答无法识别（不是 hallclient 服务器？）：{settings.server_url}")]
    skew = (datetime.now(UTC) - server_time).total_seconds()
    window = body.get("window", "?")
    return [ok("server", f"{settings.server_url}：令牌有效，窗口 {window}，本机时钟偏差 {skew:+.0f} 秒")]


# --- running and printing -----------------------------------------------------------------------------------


def run_checks(db_path: Path | None = None) -> list[CheckResult]:
    """Every check, in the order an installer fixes things; never raises for a broken part."""
    settings, rows = check_config()
    path = db_path or (Path(settings.db_path) if settings.db_path else default_db_path())
    steps: Iterable[Callable[[], list[CheckResult]]] = (
        check_logs,
        lambda: check_database(path),
        lambda: check_fonts(settings),
        check_translations,
        lambda: check_reader(settings),
        lambda: check_printer(settings),
        lambda: check_server(settings),
    )
    for step in steps:
        try:
            rows.extend(step())
        except Exception as error:  # a check's own bug must not hide the other results
            name = getattr(step, "__name__", "check").removeprefix("check_")
            rows.append(fail(name, f"检查本身出错：{type(error).__name__}: {error}"))
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(rows: list[CheckResult]) -> str:
    name_width = max([_width("检查项"), *(_width(row.name) for row in rows)])
    status_width = max(_width("结果"), 4)
    lines = [f"{_pad('检查项', name_width)}  {_pad('结果', status_width)}  说明"]
    lines.append(f"{'-' * name_width}  {'-' * status_width}  {'-' * 4}")
    lines += [f"{_pad(row.name, name_width)}  {_pad(row.status.value, status_width)}  {row.detail}" for row in rows]
    return "\n".join(lines)


def summary(rows: list[CheckResult]) -> str:
    failed = [row.name for row in rows if row.status is Status.FAIL]
    warned = [row.name for row in rows if row.status is Status.WARN]
    if not failed:
        passed = sum(row.status is Status.OK for row in rows)
        if warned:
            return f"selftest: 全部通过（{passed} 项通过，{len(warned)} 项警告：{', '.join(warned)}）"
        return f"selftest: 全部通过（{passed} 项通过）"
    return f"selftest: {len(failed)} 项失败：{', '.join(failed)}"
