"""Typed settings stored as TOML in the platform config directory, with versioned upgrades.

Each setting is declared once (name, type, default, help) — the declarations drive loading,
validation, ``config show`` and the generated config reference. A file written by an older version
is upgraded step by step (``UPGRADES``) before validation, Picard-style.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NamedTuple, get_args, get_type_hints

from hallclient.errors import HallError
from hallclient.paths import config_dir

CONFIG_VERSION = 2
CONFIG_FILE_NAME = "config.toml"
MIN_METRICS_TOKEN = 16  # a guessable metrics token would publish the halls' queue and sync figures


class Key(NamedTuple):
    """Where a setting lives in the TOML file and what ``config show`` and the reference say about it."""

    section: str
    key: str
    help: str
    choices: tuple[Any, ...] = ()


class Settings(NamedTuple):
    """The whole configuration of one window PC (a NamedTuple: immutable, and cheap to define at start-up).

    Each field is the one declaration of its setting: type, default, and (``Key``) section, key, help, choices.
    """

    hall_code: Annotated[str, Key("hall", "code", "大厅区划/机构代码（用于办件编号）")] = "330106"
    hall_name: Annotated[str, Key("hall", "name", "大厅名称（打印在回执上）")] = "西湖区政务服务中心"
    hall_phone: Annotated[str, Key("hall", "phone", "咨询/监督电话（打印在回执上）")] = "0571-87000000"
    case_number_pattern: Annotated[
        str, Key("hall", "case_number_pattern", "办件编号模板：{hall} {date} {yymmdd} {window} {device} {seq:04}")
    ] = "{hall}{date}{device}{seq:04}"
    progress_url: Annotated[
        str, Key("hall", "progress_url", "回执二维码的进度查询地址前缀（宜短：回执的每个字节都按9600波特打印）")
    ] = "https://zwfw.example.gov.cn/p/"
    guide_base_url: Annotated[
        str,
        Key(
            "hall",
            "guide_base_url",
            "办事指南网站地址（catalog guide --site 发布处）；设置后回执和一次性告知书打印二维码指向"
            " {地址}/matters/{事项编码}.html；空为不打印",
        ),
    ] = ""
    opening_hours: Annotated[
        str, Key("hall", "opening_hours", "大厅开放时间（工作日），HH:MM-HH:MM，多个时段用逗号分隔；考勤按此计算")
    ] = "09:00-12:00,13:30-17:00"
    window: Annotated[str, Key("window", "window", "窗口号")] = "05"
    device_code: Annotated[str, Key("window", "device_code", "本机设备编码（办件编号中区分窗口机）")] = "W05"
    lock_minutes: Annotated[int, Key("window", "lock_minutes", "无操作多少分钟后锁屏（0 为不锁）")] = 10
    reader_port: Annotated[str, Key("reader", "port", "身份证阅读器串口，如 COM3 或 /dev/ttyUSB0；空为未配置")] = ""
    reader_baud: Annotated[
        int, Key("reader", "baud", "波特率；0 为自动探测（先 115200）", (0, 9600, 19200, 38400, 57600, 115200))
    ] = 0
    printer_uri: Annotated[
        str,
        Key(
            "printer",
            "uri",
            "打印机：serial:/dev/ttyS0?baudrate=9600、tcp://host:9100、usb:VID:PID、cups:NAME、win32:NAME、"
            "file:PATH、preview:PATH.png；空为未配置",
        ),
    ] = ""
    paper_width: Annotated[int, Key("printer", "paper_width", "纸宽（毫米）", (58, 80))] = 80
    server_url: Annotated[str, Key("server", "url", "中心服务器地址，如 https://hall.example:8443；空为单机")] = ""
    ca_file: Annotated[str, Key("server", "ca_file", "自签证书的 CA 文件路径")] = ""
    device_token: Annotated[str, Key("server", "device_token", "设备令牌（由 hallclient enroll 写入）")] = ""
    server_access_log: Annotated[
        str,
        Key(
            "server",
            "access_log",
            "服务器：访问日志（每个请求一行 JSON）；空为不记录，log 为写入服务器日志，其他为日志文件路径"
            "（相对路径在日志目录下）",
        ),
    ] = ""
    server_metrics_token: Annotated[
        str,
        Key("server", "metrics_token", "服务器：/metrics 的访问令牌（Bearer，至少 16 个字符）；空为不提供 /metrics"),
    ] = ""
    kiosk_hall: Annotated[str, Key("kiosk", "hall", "取号机所属大厅代码（服务器上只有一个大厅时可留空）")] = ""
    kiosk_exit_password: Annotated[
        str, Key("kiosk", "exit_password", "取号机退出密码的哈希（由 hallclient kiosk --set-exit-password 写入）")
    ] = ""
    language: Annotated[str, Key("ui", "language", "界面语言", ("zh_CN", "en"))] = "zh_CN"
    font: Annotated[str, Key("ui", "font", "界面字体文件；空为随附字体")] = ""
    complaint_sla_days: Annotated[
        int, Key("supervision", "complaint_sla_days", "差评/投诉整改时限（工作日）", (5, 7, 15))
    ] = 5
    complaint_meeting_threshold: Annotated[
        int,
        Key(
            "supervision",
            "complaint_meeting_threshold",
            "部门一个月内差评达到此数即提示召开专题会",
            tuple(range(2, 11)),
        ),
    ] = 3
    sms_reminder_days: Annotated[
        int, Key("sms", "reminder_days", "容缺受理：补交期限前几天发短信提醒", (1, 2, 3, 5, 7))
    ] = 3
    db_path: Annotated[str, Key("store", "db_path", "本地数据库文件；空为平台数据目录")] = ""
    certificates_provincial_url: Annotated[
        str, Key("certificates", "provincial_url", "服务器：省级电子证照服务地址（POST JSON）；空为只查本厅证照库")
    ] = ""
    certificates_provincial_key: Annotated[
        str, Key("certificates", "provincial_key", "服务器：省级电子证照服务的访问密钥（Bearer）")
    ] = ""
    certificates_timeout_ms: Annotated[
        int, Key("certificates", "timeout_ms", "服务器：等待省级证照服务的最长毫秒数，超时只答本厅证照库")
    ] = 800
    certificates_per_minute: Annotated[
        int, Key("certificates", "lookups_per_minute", "服务器：每台设备每分钟最多证照查询次数（超出答 429）")
    ] = 30


class Setting(NamedTuple):
    """One setting as loading, validation, ``config show`` and the reference use it (derived from ``Settings``)."""

    section: str
    key: str
    type: type
    default: Any
    help: str
    choices: tuple[Any, ...] = ()
    field: str = ""


def _declarations() -> tuple[Setting, ...]:
    hints = get_type_hints(Settings, include_extras=True)
    declared: list[Setting] = []
    for field in Settings._fields:
        base, key = get_args(hints[field])
        default = Settings._field_defaults[field]
        declared.append(Setting(key.section, key.key, base, default, key.help, key.choices, field))
    return tuple(declared)


SETTINGS: tuple[Setting, ...] = _declarations()
_FIELD_FOR = {(setting.section, setting.key): setting.field for setting in SETTINGS}


def _upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept the window number and printer at top level."""
    for old, section, key in (("window", "window", "window"), ("printer", "printer", "uri")):
        if old in data and not isinstance(data[old], dict):
            value = data.pop(old)
            data.setdefault(section, {})[key] = value
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _upgrade_1_to_2}


def config_path() -> Path:
    override = os.environ.get("HALLCLIENT_CONFIG")
    return Path(override) if override else config_dir() / CONFIG_FILE_NAME


def _upgrade(data: dict[str, Any], source: Path) -> dict[str, Any]:
    version = data.pop("config_version", 1)
    if not isinstance(version, int) or version < 1:
        raise HallError(f"配置文件 {source}: config_version 应为正整数，实为 {version!r}")
    if version > CONFIG_VERSION:
        raise HallError(f"配置文件 {source}: 版本 {version} 比本程序支持的 {CONFIG_VERSION} 新，请升级 hallclient")
    while version < CONFIG_VERSION:
        data = UPGRADES[version](data)
        version += 1
    return data


def parse(data: dict[str, Any], source: Path) -> Settings:
    data = _upgrade(dict(data), source)
    values: dict[str, Any] = {}
    by_section: dict[str, dict[str, Setting]] = {}
    for setting in SETTINGS:
        by_section.setdefault(setting.section, {})[setting.key] = setting
    for section, table in data.items():
        if section not in by_section:
            raise HallError(f"配置文件 {source}: 未知的配置节 [{section}]")
        if not isinstance(table, dict):
            raise HallError(f"配置文件 {source}: [{section}] 应为一个配置节")
        for key, value in table.items():
            found = by_section[section].get(key)
            name = f"{section}.{key}"
            if found is None:
                raise HallError(f"配置文件 {source}: 未知的配置项 {name}")
            setting = found
            if setting.type is int and (isinstance(value, bool) or not isinstance(value, int)):
                raise HallError(f"配置文件 {source}: {name} 应为整数，实为 {value!r}")
            if setting.type is str and not isinstance(value, str):
                raise HallError(f"配置文件 {source}: {name} 应为字符串，实为 {value!r}")
            if setting.choices and value not in setting.choices:
                allowed = "、".join(str(choice) for choice in setting.choices)
                raise HallError(f"配置文件 {source}: {name} 只能是 {allowed}，实为 {value!r}")
            values[_FIELD_FOR[(section, key)]] = value
    settings = Settings(**values)
    _validate_pattern(settings, source)
    _validate_opening_hours(settings, source)
    _validate_guide_base_url(settings, source)
    if settings.server_metrics_token and len(settings.server_metrics_token.strip()) < MIN_METRICS_TOKEN:
        raise HallError(f"配置文件 {source}: server.metrics_token 至少 {MIN_METRICS_TOKEN} 个字符")
    for name, value in (("certificates.timeout_ms", settings.certificates_timeout_ms),
                        ("certificates.lookups_per_minute", settings.certificates_per_minute)):  # fmt: skip
        if value < 1:
            raise HallError(f"配置文件 {source}: {name} 应为正整数，实为 {value}")
    return settings


def _validate_pattern(settings: Settings, source: Path) -> None:
    from hallclient.domain.caseno import CaseNumberTemplate

    try:
        CaseNumberTemplate(settings.case_number_pattern).validate()
    except HallError as error:
        raise HallError(f"配置文件 {source}: hall.case_number_pattern: {error}") from error


def _validate_opening_hours(settings: Settings, source: Path) -> None:
    from hallclient.domain.attendance import parse_opening_hours

    try:
        parse_opening_hours(settings.opening_hours)
    except HallError as error:
        raise HallError(f"配置文件 {source}: hall.opening_hours: {error}") from error


def _validate_guide_base_url(settings: Settings, source: Path) -> None:
    from hallclient.domain.guide_links import check_guide_base_url

    try:
        check_guide_base_url(settings.guide_base_url)
    except HallError as error:
        raise HallError(f"配置文件 {source}: hall.guide_base_url: {error}") from error


def load(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default: the platform config file); defaults when there is none."""
    path = path or config_path()
    if not path.exists():
        return Settings()
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise HallError(f"配置文件 {path}: TOML 语法错误：{error}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise HallError(f"配置文件 {path}: 无法读取：{error}") from error
    return parse(data, path)


def to_toml_dict(settings: Settings) -> dict[str, Any]:
    data: dict[str, Any] = {"config_version": CONFIG_VERSION}
    for setting in SETTINGS:
        value = getattr(settings, _FIELD_FOR[(setting.section, setting.key)])
        data.setdefault(setting.section, {})[setting.key] = value
    return data


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write atomically (temp file + rename) with owner-only permissions: the file holds a device token."""
    import tomli_w

    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(tomli_w.dumps(to_toml_dict(settings)).encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half-written file behind; the old one stands
        raise
    return path


def update(settings: Settings, **changes: Any) -> Settings:
    unknown = set(changes) - set(Settings._fields)
    if unknown:
        raise HallError(f"未知的配置项：{', '.join(sorted(unknown))}")
    return settings._replace(**changes)


def reference_markdown() -> str:
    """The config reference for docs/install.md, generated from the declarations."""
    lines = ["| 配置项 | 类型 | 默认值 | 说明 |", "|---|---|---|---|"]
    for setting in SETTINGS:
        default = repr(setting.default) if setting.default != "" else '""'
        choices = f"（可选：{'、'.join(map(str, setting.choices))}）" if setting.choices else ""
        name = f"`{setting.section}.{setting.key}`"
        lines.append(f"| {name} | {setting.type.__name__} | `{default}` | {setting.help}{choices} |")
    return "\n".join(lines)
