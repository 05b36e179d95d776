"""Case numbers (受理编号 / 办件编号) from a per-province template, unique without the server.

There is no national format, so the hall configures a pattern such as ``{hall}{date}{device}{seq:04}``.
A number is issued offline, printed at once and never changed, so the template is checked up front: it
must name the day, the issuing device or window and the daily sequence, and a sequence that outgrows
its width is an error rather than a silently truncated (and therefore duplicate) number.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from hallclient.errors import HallError

DEFAULT_CASE_NUMBER_PATTERN = "{hall}{date}{device}{seq:04}"
PLACEHOLDERS = ("hall", "date", "yymmdd", "window", "device", "seq")
_WIDTH_ALLOWED = frozenset({"window", "device", "seq"})
_CODE_CHARS = re.compile(r"[0-9A-Za-z]+")
_PLACEHOLDER = re.compile(r"([A-Za-z_]\w*)(?::(.*))?", re.DOTALL)
_WIDTH_SPEC = re.compile(r"0([1-9])")
_MMDD = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ALL_NAMES = " ".join("{" + name + "}" for name in PLACEHOLDERS)


@dataclass(frozen=True)
class _Field:
    name: str
    width: int | None

    @property
    def fixed_width(self) -> bool:
        return self.name in ("date", "yymmdd") or self.width is not None

    def spelled(self) -> str:
        return "{" + self.name + (f":0{self.width}" if self.width is not None else "") + "}"


_Token = str | _Field


@dataclass(frozen=True)
class CaseNumberParts:
    """What a case number says; fields the template does not use are ``None``."""

    hall: str | None
    day: date | None
    window: int | None
    device: str | None
    seq: int


def _tokenize(pattern: str) -> list[_Token]:
    tokens: list[_Token] = []
    literal: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "}":
            raise HallError(f"编号模板语法错误：第 {index + 1} 个字符“}}”没有对应的“{{”")
        if char != "{":
            if char.isspace():
                raise HallError(f"编号模板不能含空白字符（第 {index + 1} 个字符）")
            literal.append(char)
            index += 1
            continue
        close = pattern.find("}", index + 1)
        inner = pattern[index + 1 : close] if close != -1 else ""
        if close == -1 or "{" in inner:
            raise HallError(f"编号模板语法错误：第 {index + 1} 个字符“{{”没有对应的“}}”")
        if literal:
            tokens.append("".join(literal))
            literal = []
        tokens.append(_parse_placeholder(inner))
        index = close + 1
    if literal:
        tokens.append("".join(literal))
    return tokens


def _parse_placeholder(inner: str) -> _Field:
    match = _PLACEHOLDER.fullmatch(inner)
    if match is None or match.group(1) not in PLACEHOLDERS:
        raise HallError(f"编号模板含未知占位符 {{{inner}}}，可用的有：{_ALL_NAMES}")
    name, spec = match.group(1), match.group(2)
    if spec is None:
        return _Field(name, None)
    if name not in _WIDTH_ALLOWED:
        raise HallError(f"编号模板中 {{{name}}} 不能指定位数")
    width = _WIDTH_SPEC.fullmatch(spec)
    if width is None:
        raise HallError(f"编号模板中 {{{inner}}} 的位数写法错误，应写作如 {{{name}:04}}（0 加 1–9 的位数）")
    return _Field(name, int(width.group(1)))


def _checked_tokens(pattern: str) -> list[_Token]:
    if not pattern:
        raise HallError("编号模板不能为空")
    tokens = _tokenize(pattern)
    fields = [token for token in tokens if isinstance(token, _Field)]
    names = [item.name for item in fields]
    for name in PLACEHOLDERS:
        if names.count(name) > 1:
            raise HallError(f"编号模板中 {{{name}}} 出现了不止一次")
    if "date" in names and "yymmdd" in names:
        raise HallError("编号模板中 {date} 与 {yymmdd} 只能用一个")
    if "date" not in names and "yymmdd" not in names:
        raise HallError("编号模板必须含日期 {date} 或 {yymmdd}，否则离线编号会跨日重复")
    if "seq" not in names:
        raise HallError("编号模板必须含当日流水号 {seq}（如 {seq:04}）")
    if "device" not in names and "window" not in names:
        raise HallError("编号模板必须含 {device} 或 {window}，否则不同终端离线编号会重复")
    for before, after in itertools.pairwise(tokens):
        if (
            isinstance(before, _Field)
            and isinstance(after, _Field)
            and not before.fixed_width
            and not after.fixed_width
        ):
            raise HallError(
                f"编号模板中 {before.spelled()} 与 {after.spelled()} 紧邻且都不定长，编号可能重复；"
                "请给其中之一指定位数或用分隔符隔开"
            )
    return tokens


@dataclass(frozen=True)
class CaseNumberTemplate:
    """A validated case-number pattern; construction refuses a pattern that cannot work offline."""

    pattern: str = DEFAULT_CASE_NUMBER_PATTERN
    _tokens: tuple[_Token, ...] = field(init=False, repr=False, compare=False)
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tokens = _checked_tokens(self.pattern)
        object.__setattr__(self, "_tokens", tuple(tokens))
        object.__setattr__(self, "_regex", re.compile(_regex_for(tokens)))

    def validate(self) -> None:
        """Check syntax, placeholder names and offline uniqueness; raise :class:`HallError` on a fault."""
        _checked_tokens(self.pattern)

    def render(
        self,
        hall: str,
        day: date,
        window: int | None = None,
        device: str | None = None,
        seq: int = 1,
    ) -> str:
        """The case number for these values; every value the pattern uses must be given and must fit."""
        out: list[str] = []
        for token in self._tokens:
            if isinstance(token, str):
                out.append(token)
            elif token.name == "hall":
                out.append(_code("大厅编码", hall))
            elif token.name == "date":
                out.append(day.strftime("%Y%m%d"))
            elif token.name == "yymmdd":
                out.append(day.strftime("%y%m%d"))
            elif token.name == "device":
                if device is None:
                    raise HallError("编号模板含 {device}，但没有提供终端编码")
                out.append(_fit(token, _code("终端编码", device)))
            elif token.name == "window":
                if window is None:
                    raise HallError("编号模板含 {window}，但没有提供窗口号")
                out.append(_fit(token, _number("窗口号", window)))
            else:
                if seq < 1:
                    raise HallError(f"流水号从 1 开始，收到 {seq}")
                out.append(_fit(token, str(seq)))
        return "".join(out)

    def parse(self, text: str) -> CaseNumberParts | None:
        """Read a number written by this template; ``None`` when ``text`` is not one."""
        match = self._regex.fullmatch(text.strip())
        if match is None:
            return None
        groups = match.groupdict()
        day: date | None = None
        try:
            if groups.get("date") is not None:
                raw = groups["date"]
                day = date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
            elif groups.get("yymmdd") is not None:
                raw = groups["yymmdd"]
                day = date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:6]))
        except ValueError:
            return None
        window = groups.get("window")
        return CaseNumberParts(
            hall=groups.get("hall"),
            day=day,
            window=int(window) if window is not None else None,
            device=groups.get("device"),
            seq=int(groups["seq"]),
        )

    def matches(self, text: str) -> bool:
        """True when ``text`` is a number this template could have issued."""
        return self.parse(text) is not None


def _regex_for(tokens: list[_Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if isinstance(token, str):
            parts.append(re.escape(token))
            continue
        width = "+?" if token.width is None else f"{{{token.width}}}"
        if token.name == "date":
            body = r"(?:19|20)\d\d" + _MMDD
        elif token.name == "yymmdd":
            body = r"\d\d" + _MMDD
        elif token.name in ("hall", "device"):
            body = "[0-9A-Za-z]" + width
        else:
            body = r"\d" + width
        parts.append(f"(?P<{token.name}>{body})")
    return "".join(parts)


def _code(label: str, value: str) -> str:
    if not _CODE_CHARS.fullmatch(value):
        raise HallError(f"{label}“{value}”只能由字母和数字组成")
    return value


def _number(label: str, value: int) -> str:
    if value < 0:
        raise HallError(f"{label}不能为负数：{value}")
    return str(value)


def _fit(token: _Field, text: str) -> str:
    if token.width is None:
        return text
    if len(text) > token.width:
        raise HallError(f"{text} 超出编号模板 {token.spelled()} 的 {token.width} 位，不能截断（会产生重复编号）")
    return text.rjust(token.width, "0")
