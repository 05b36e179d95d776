"""The centre's approved SMS texts: a TOML file it edits, validated all-or-nothing, and the Chinese length rules.

The file (a demo is ``resources/sms-templates.toml``)::

    signature = "【西湖区政务服务中心】"     # every text must carry it
    quiet_hours = "21:00-08:00"             # nothing is sent in between: held until the morning
    utc_offset = "+08:00"                   # the hall's time, for the quiet hours and the daily figures
    progress_url = "https://zwfw.example.gov.cn"   # rating links are {progress_url}/r/{code}

    [templates]
    accepted = "【西湖区政务服务中心】{name}您好，您申请的{matter}已受理……"

Every notice kind (:class:`hallclient.domain.notices.NoticeKind`) needs its text; a text may name only the
placeholders of its kind. Length: a text of up to 70 characters is one SMS; a longer one is sent in parts of
67 (UCS-2, the rest of each part is the concatenation header), as Chinese carriers count and bill them.
"""

from __future__ import annotations

import math
import re
import string
import tomllib
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from hallclient.domain.notices import KIND_LABELS, NoticeKind, allowed_params
from hallclient.errors import HallError

SINGLE_LIMIT = 70
PART_LIMIT = 67
MAX_PARTS = 6  # a longer notice is a template fault: carriers refuse or truncate beyond this
SIGNATURE = re.compile(r"【[^【】]{2,16}】")
SETTING_KEYS = ("signature", "quiet_hours", "utc_offset", "progress_url")


def units(text: str) -> int:
    """Length as an SMS counts it: UTF-16 code units (a character outside the BMP counts two)."""
    return len(text.encode("utf-16-be")) // 2


def part_count(text: str) -> int:
    length = units(text)
    return 1 if length <= SINGLE_LIMIT else math.ceil(length / PART_LIMIT)


def split_parts(text: str) -> list[str]:
    """The text cut into SMS parts (one when it fits 70 units, else parts of at most 67), never inside a
    surrogate pair."""
    if units(text) <= SINGLE_LIMIT:
        return [text]
    parts: list[str] = []
    current, used = "", 0
    for char in text:
        width = units(char)
        if used + width > PART_LIMIT:
            parts.append(current)
            current, used = "", 0
        current += char
        used += width
    parts.append(current)
    return parts


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time

    def active(self, local: datetime) -> bool:
        now = local.time()
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end

    def next_end(self, local: datetime) -> datetime:
        """The first moment at or after ``local`` outside the quiet hours."""
        if not self.active(local):
            return local
        candidate = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return candidate if candidate > local else candidate + timedelta(days=1)


def parse_quiet_hours(text: str) -> QuietHours:
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", text)
    if not match or int(match[1]) > 23 or int(match[3]) > 23 or int(match[2]) > 59 or int(match[4]) > 59:
        raise HallError(f"免打扰时段格式应为 HH:MM-HH:MM，实为 {text!r}")
    return QuietHours(time(int(match[1]), int(match[2])), time(int(match[3]), int(match[4])))


def parse_offset(text: str) -> timezone:
    match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", text.strip())
    if not match:
        raise HallError(f"时区偏移格式应为 +08:00，实为 {text!r}")
    minutes = int(match[2]) * 60 + int(match[3])
    return timezone(timedelta(minutes=minutes if match[1] == "+" else -minutes))


@dataclass(frozen=True)
class TemplateSet:
    texts: dict[str, str]
    signature: str
    quiet_hours: QuietHours
    offset: timezone
    progress_url: str

    def settings(self) -> dict[str, str]:
        q = self.quiet_hours
        offset = self.offset.utcoffset(None)
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        return {
            "signature": self.signature,
            "quiet_hours": f"{q.start:%H:%M}-{q.end:%H:%M}",
            "utc_offset": f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}",
            "progress_url": self.progress_url,
        }


def placeholders(text: str) -> list[str]:
    """The placeholder names of a text; raises ValueError for an unbalanced brace or a format spec."""
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValueError(f"占位符 {{{name}}} 只能是名称，不能带格式")
        names.append(name)
    return names


def render(text: str, params: dict[str, Any]) -> str:
    """The template with its placeholders filled in (a missing fact renders empty, never as ``{name}``)."""
    values = {name: str(params.get(name, "")) for name in placeholders(text)}
    return text.format_map(values)


def _line_of(source: str, key: str, after: int = 0) -> int:
    lines = source.splitlines()
    for number, line in enumerate(lines[after:], start=after + 1):
        if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return 0


def load_template_file(path: Path) -> TemplateSet:
    """Read and validate a templates file; every problem at once, each with its line, or nothing."""
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HallError(f"文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise HallError(f"无法读取模板文件 {path}：{error}") from None
    return parse_templates(source, str(path))


def parse_templates(source: str, name: str = "模板文件") -> TemplateSet:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise HallError(f"{name}：TOML 格式错误：{error}") from None
    problems: list[str] = []

    def problem(line: int, message: str) -> None:
        problems.append(f"第 {line} 行：{message}" if line else message)

    unknown = sorted(set(data) - {*SETTING_KEYS, "templates"})
    for key in unknown:
        problem(_line_of(source, key), f"未知设置 {key}")
    signature = data.get("signature", "")
    if not isinstance(signature, str) or not SIGNATURE.fullmatch(signature):
        problem(_line_of(source, "signature"), "signature 须为【…】形式的短信签名，如【西湖区政务服务中心】")
        signature = ""
    quiet = QuietHours(time(0), time(0))
    try:
        quiet = parse_quiet_hours(str(data.get("quiet_hours", "21:00-08:00")))
    except HallError as error:
        problem(_line_of(source, "quiet_hours"), str(error))
    offset = timezone(timedelta(hours=8))
    try:
        offset = parse_offset(str(data.get("utc_offset", "+08:00")))
    except HallError as error:
        problem(_line_of(source, "utc_offset"), str(error))
    progress_url = str(data.get("progress_url", "")).rstrip("/")
    if not re.match(r"https?://", progress_url):
        problem(_line_of(source, "progress_url"), "progress_url 须为 http(s):// 开头的地址（评价链接用）")
    table = data.get("templates")
    texts: dict[str, str] = {}
    if not isinstance(table, dict):
        problem(0, "缺少 [templates] 表")
        table = {}
    section = next((i for i, line in enumerate(source.splitlines()) if line.strip() == "[templates]"), 0)
    for key, text in table.items():
        line = _line_of(source, key, section)
        try:
            kind = NoticeKind(key)
        except ValueError:
            problem(line, f"未知的通知类型 {key}（可用：{'、'.join(k.value for k in NoticeKind)}）")
            continue
        if not isinstance(text, str) or not text.strip():
            problem(line, f"{key} 的文本不能为空")
            continue
        if signature and signature not in text:
            problem(line, f"{key} 的文本须带短信签名 {signature}")
        elif not SIGNATURE.search(text):
            problem(line, f"{key} 的文本须带【…】短信签名")
        try:
            names = placeholders(text)
        except ValueError as error:
            problem(line, f"{key}：{error}")
            continue
        for placeholder in names:
            if placeholder not in allowed_params(kind):
                problem(line, f"{key} 不能使用占位符 {{{placeholder}}}（可用：{'、'.join(allowed_params(kind))}）")
        if part_count(render(text, {})) > MAX_PARTS:
            problem(line, f"{key} 过长：超过 {MAX_PARTS} 条短信")
        texts[kind.value] = text
    for kind in NoticeKind:
        if kind.value not in table:
            problem(0, f"缺少通知类型 {kind.value}（{KIND_LABELS[kind]}）的模板")
    if problems:
        raise HallError(f"{name} 有 {len(problems)} 处错误，未导入：" + "；".join(problems))
    return TemplateSet(texts, signature, quiet, offset, progress_url)
