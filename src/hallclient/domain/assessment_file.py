"""Reading an indicator set (考核指标) file: TOML, validated all-or-nothing, every problem with its line.

The format (docs/assessment-format.md; ``resources/assessment/indicators_demo.toml`` is a full example)::

    version = "2026.1"
    name = "某政务服务中心季度考核指标"

    [[grade]]                   # strictly descending min_score, the last at 0
    name = "优秀"
    min_score = 90
    consequence = "通报表扬"

    [[indicator]]
    id = "dept_on_time"         # unique
    name = "按时办结率"
    subject = "department"      # department (部门业务) | staff (人员服务)
    group = "办件效率"
    source = "on_time_rate"     # a figure id (assessment_figures.FIGURES), finding:<kind> or finding:*
    points = 15                 # the non-bonus points of each subject add up to 100
    rule = "target_rate"        # target_rate (target, floor[, lower_is_better]) | deduct | bonus (points_each, cap)
    target = 0.98
    floor = 0.90
    missing = "full"            # no data: skip (default; the total is rescaled) | full | zero

Like the catalog (``catalog/validation.py``), a file is read whole and every problem is collected, so the
person fixing it sees them all at once; :class:`IndicatorFileError` lists them and nothing is loaded.
tomllib gives no line per key, so :func:`scan_lines` finds each table's and each key's line in the text.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from hallclient.domain.assessment import (
    ANY_FINDING,
    FINDING_KINDS,
    FINDING_PREFIX,
    MISSING_POLICIES,
    SUBJECT_LABELS,
    Bonus,
    Grade,
    Indicator,
    IndicatorSet,
    PerOccurrence,
    Rule,
    Subject,
    TargetRate,
)
from hallclient.domain.assessment_figures import FIGURES
from hallclient.errors import FileProblemsError, HallError, ProblemCollector
from hallclient.paths import resource_path

DEMO_FILE = ("assessment", "indicators_demo.toml")
TOP_KEYS = ("version", "name", "grade", "indicator")
GRADE_KEYS = ("name", "min_score", "consequence")
INDICATOR_KEYS = ("id", "name", "subject", "group", "source", "points", "rule", "missing")
RULE_KEYS: dict[str, tuple[str, ...]] = {
    "target_rate": ("target", "floor", "lower_is_better"),
    "deduct": ("points_each", "cap"),
    "bonus": ("points_each", "cap"),
}
ALL_RULE_KEYS = tuple(dict.fromkeys(key for keys in RULE_KEYS.values() for key in keys))
RULE_LABELS = {"target_rate": "达标率（线性）", "deduct": "按次扣分", "bonus": "加分"}
TOTAL_POINTS = 100.0
FINDING_UNIT = "条"


class IndicatorFileError(FileProblemsError):
    """An indicator file that cannot be loaded; ``problems`` lists every problem, each ``<file>: 第 N 行：…``."""

    what = "考核指标文件"


class Problems(ProblemCollector):
    """Collects the problem lines of one file, in line order."""

    error = IndicatorFileError

    def add(self, line: int, message: str) -> None:
        self.note(f"第 {line} 行：{message}", line)

    def fail(self, line: int, message: str) -> NoReturn:
        """A problem that makes reading further pointless (not UTF-8, not TOML): raise with it."""
        self.stop(f"第 {line} 行：{message}", line)


# --- where things are in the text ------------------------------------------------------------------


@dataclass
class Lines:
    """The line of each table header and each key: top level, and per array-of-tables entry."""

    top: dict[str, int] = field(default_factory=dict)
    tables: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # [[name]] -> header lines
    keys: dict[str, list[dict[str, int]]] = field(default_factory=lambda: defaultdict(list))
    plain_tables: dict[str, int] = field(default_factory=dict)  # [name] (not an array of tables)

    def key(self, table: str, index: int, name: str) -> int:
        """The line of ``name`` in entry ``index`` of ``[[table]]``, else the entry's header line."""
        entries = self.keys.get(table, [])
        if index < len(entries) and name in entries[index]:
            return entries[index][name]
        return self.header(table, index)

    def header(self, table: str, index: int) -> int:
        headers = self.tables.get(table, [])
        return headers[index] if index < len(headers) else 1


_ARRAY_HEADER = re.compile(r"\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
_TABLE_HEADER = re.compile(r"\[\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r"""(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[.=]""")


def scan_lines(text: str) -> Lines:
    """A small scan of the TOML text (valid, as tomllib already read it) mapping tables and keys to lines."""
    lines = Lines()
    current: dict[str, int] = lines.top
    in_string: str | None = None  # the delimiter of a multi-line string being skipped
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if in_string is not None:
            if stripped.count(in_string) % 2 == 1:
                in_string = None
            continue
        if array := _ARRAY_HEADER.match(stripped):
            name = array[1]
            lines.tables[name].append(number)
            current = {}
            lines.keys[name].append(current)
        elif table := _TABLE_HEADER.match(stripped):
            lines.plain_tables.setdefault(table[1].split(".")[0], number)
            current = {}
        elif key := _KEY.match(stripped):
            current.setdefault(key[1] or key[2] or key[3], number)
            for delimiter in ('"""', "'''"):
                if stripped.count(delimiter) % 2 == 1:
                    in_string = delimiter
    return lines


# --- reading values --------------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass
class Entry:
    """One ``[[table]]`` entry being read, reporting problems at its keys' lines."""

    table: str
    index: int
    values: Mapping[str, Any]
    lines: Lines
    problems: Problems

    def line(self, key: str) -> int:
        return self.lines.key(self.table, self.index, key)

    def problem(self, key: str, message: str) -> None:
        self.problems.add(self.line(key), message)

    def text(self, key: str, label: str, *, required: bool = True) -> str | None:
        value = self.values.get(key)
        if value is None:
            if required:
                self.problems.add(self.lines.header(self.table, self.index), f"缺少{label}（{key}）")
            return None
        if not isinstance(value, str):
            self.problem(key, f"{label}（{key}）应为文字，实为 {value!r}")
            return None
        if required and not value.strip():
            self.problem(key, f"{label}（{key}）为空")
            return None
        return value.strip()

    def number(self, key: str, label: str, *, positive: bool = False, required: bool = True) -> float | None:
        value = self.values.get(key)
        if value is None:
            if required:
                self.problems.add(self.lines.header(self.table, self.index), f"缺少{label}（{key}）")
            return None
        if not _is_number(value):
            self.problem(key, f"{label}（{key}）应为数字，实为 {value!r}")
            return None
        number = float(value)
        if number < 0 or (positive and number == 0):
            self.problem(key, f"{label}（{key}）应{'大于 0' if positive else '不小于 0'}，实为 {value}")
            return None
        return number

    def unknown_keys(self, allowed: Sequence[str]) -> None:
        for key in self.values:
            if key not in allowed:
                self.problem(key, f"未知的键“{key}”（可用：{'、'.join(allowed)}）")


# --- the file --------------------------------------------------------------------------------------


def load_indicator_set(path: Path) -> IndicatorSet:
    """Read and validate an indicator file; IndicatorFileError lists every problem, HallError a read failure."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise HallError(f"考核指标文件不存在：{path}") from None
    except IsADirectoryError:
        raise HallError(f"考核指标文件是一个文件夹：{path}") from None
    except OSError as error:
        raise HallError(f"考核指标文件无法读取：{path}（{error.strerror or error}）") from None
    return parse_indicator_set(data, path.name)


def load_demo_indicator_set() -> IndicatorSet:
    """The demo set shipped in resources/ (the report's themes, both subjects)."""
    return load_indicator_set(demo_indicator_set_path())


def demo_indicator_set_path() -> Path:
    return resource_path(*DEMO_FILE)


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def parse_indicator_set(data: bytes, source: str) -> IndicatorSet:
    """Validate the whole file (``source`` names it in messages) and build the set, or raise with every problem."""
    problems = Problems(source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.fail(data[: error.start].count(b"\n") + 1, "不是 UTF-8 编码的文本")
    text = text.removeprefix("\ufeff")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = _TOML_POSITION.search(str(error))
        line = int(position[1]) if position and position[1] else text.count("\n") + 1
        column = f"第 {position[2]} 列" if position and position[2] else "文件末尾"
        problems.fail(line, f"不是有效的 TOML（{column}；请检查引号、等号、方括号和重复的键）")
    lines = scan_lines(text)
    for key in document:
        if key not in TOP_KEYS:
            line = lines.top.get(key) or lines.tables.get(key, [0])[0] or lines.plain_tables.get(key, 1)
            problems.add(line, f"未知的键“{key}”（可用：{'、'.join(TOP_KEYS)}）")
    version = _top_text(document, "version", "版本", lines, problems)
    name = _top_text(document, "name", "名称", lines, problems)
    grades = _grades(_entries(document, "grade", lines, problems), lines, problems)
    indicators, weights = _indicators(_entries(document, "indicator", lines, problems), lines, problems)
    _check_weights(weights, problems)
    _check_finding_overlap(indicators, problems)
    problems.raise_if_any()
    assert version is not None and name is not None
    return IndicatorSet(
        version=version,
        name=name,
        indicators=tuple(indicators),
        grades=tuple(grades),
        digest=hashlib.sha256(data).hexdigest(),
    )


def _top_text(document: Mapping[str, Any], key: str, label: str, lines: Lines, problems: Problems) -> str | None:
    value = document.get(key)
    line = lines.top.get(key, 1)
    if value is None:
        problems.add(1, f'文件开头缺少{label}（{key} = "…"）')
    elif not isinstance(value, str) or not value.strip():
        problems.add(line, f"{label}（{key}）应为非空文字，实为 {value!r}")
    else:
        return value.strip()
    return None


def _entries(document: Mapping[str, Any], table: str, lines: Lines, problems: Problems) -> list[Mapping[str, Any]]:
    value = document.get(table)
    if value is None:
        problems.add(1, f"没有 [[{table}]]（{'考核等级' if table == 'grade' else '考核指标'}）")
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        line = lines.plain_tables.get(table) or lines.top.get(table, 1)
        problems.add(line, f"{table} 应写作 [[{table}]] 表，每项一个")
        return []
    return value


def _grades(raw: list[Mapping[str, Any]], lines: Lines, problems: Problems) -> list[Grade]:
    grades: list[Grade] = []
    seen: dict[str, int] = {}
    previous: float | None = None
    complete = True
    for index, values in enumerate(raw):
        entry = Entry("grade", index, values, lines, problems)
        entry.unknown_keys(GRADE_KEYS)
        name = entry.text("name", "等级名称")
        minimum = entry.number("min_score", "最低分")
        consequence = entry.text("consequence", "奖惩措施", required=False)
        if name is not None and name in seen:
            entry.problem("name", f"等级“{name}”重复（第 {seen[name]} 行已有）")
        elif name is not None:
            seen[name] = entry.line("name")
        if minimum is not None and previous is not None and minimum >= previous:
            entry.problem("min_score", f"等级应按最低分从高到低排列：{minimum:g} 不低于上一等级的 {previous:g}")
        previous = minimum if minimum is not None else previous
        if name is None or minimum is None:
            complete = False
            continue
        grades.append(Grade(name, minimum, consequence or ""))
    if complete and grades and grades[-1].min_score != 0:
        last = len(raw) - 1
        problems.add(
            lines.key("grade", last, "min_score"),
            f"最后一个等级的最低分应为 0（覆盖所有得分），实为 {grades[-1].min_score:g}",
        )
    return grades


def _source_problem(source: str, subject: Subject | None) -> str | None:
    if source.startswith(FINDING_PREFIX):
        kind = source.removeprefix(FINDING_PREFIX)
        if source == ANY_FINDING or kind in FINDING_KINDS:
            return None
        kinds = "、".join(f"{FINDING_PREFIX}{key}（{label}）" for key, label in FINDING_KINDS.items())
        return f"未知的发现类别“{kind}”（可用：{kinds}、{ANY_FINDING}）"
    figure = FIGURES.get(source)
    if figure is None:
        return f"未知的数据项“{source}”（数据项见 docs/assessment-format.md）"
    if subject is not None and subject not in figure.subjects:
        return f"数据项“{source}”（{figure.label}）不适用于{SUBJECT_LABELS[subject]}"
    return None


@dataclass(frozen=True)
class Weight:
    """What the weight check needs of an entry, even one with problems elsewhere (None: unreadable)."""

    subject: Subject | None
    points: float | None
    bonus: bool | None
    line: int


def _indicators(raw: list[Mapping[str, Any]], lines: Lines, problems: Problems) -> tuple[list[Indicator], list[Weight]]:
    indicators: list[Indicator] = []
    weights: list[Weight] = []
    seen: dict[str, int] = {}
    for index, values in enumerate(raw):
        entry = Entry("indicator", index, values, lines, problems)
        before = len(problems)
        rule_name = values.get("rule")
        known_rule = isinstance(rule_name, str) and rule_name in RULE_KEYS
        # an unknown rule is reported once, not again as every one of its parameters
        params = RULE_KEYS[str(rule_name)] if known_rule else ALL_RULE_KEYS
        entry.unknown_keys((*INDICATOR_KEYS, *params))
        ident = entry.text("id", "指标编号")
        if ident is not None and ident in seen:
            entry.problem("id", f"指标编号“{ident}”重复（第 {seen[ident]} 行已有）")
        elif ident is not None:
            seen[ident] = entry.line("id")
        name = entry.text("name", "指标名称")
        group = entry.text("group", "指标分组")
        subject = _subject(entry)
        source = entry.text("source", "数据来源")
        if source is not None and (message := _source_problem(source, subject)) is not None:
            entry.problem("source", message)
        points = entry.number("points", "分值", positive=True)
        missing = entry.text("missing", "无数据时的计分", required=False) or "skip"
        if missing not in MISSING_POLICIES:
            options = "、".join(f"{key}（{label}）" for key, label in MISSING_POLICIES.items())
            entry.problem("missing", f"无数据时的计分（missing）应为 {options}，实为 {missing!r}")
        rule = _rule(entry, source, points)
        weights.append(
            Weight(subject, points, rule_name == "bonus" if known_rule else None, lines.header("indicator", index))
        )
        if len(problems) > before:
            continue
        assert ident and name and group and subject and source and points is not None and rule is not None
        line = lines.header("indicator", index)
        unit = FINDING_UNIT if source.startswith(FINDING_PREFIX) else FIGURES[source].unit
        indicators.append(Indicator(ident, name, subject, group, source, points, rule, line, missing, unit))
    return indicators, weights


def _subject(entry: Entry) -> Subject | None:
    value = entry.text("subject", "考核对象")
    if value is None:
        return None
    try:
        return Subject(value)
    except ValueError:
        options = "、".join(f"{subject.value}（{label}）" for subject, label in SUBJECT_LABELS.items())
        entry.problem("subject", f"考核对象（subject）应为 {options}，实为 {value!r}")
        return None


def _rule(entry: Entry, source: str | None, points: float | None) -> Rule | None:
    name = entry.text("rule", "计分规则")
    if name is None:
        return None
    if name not in RULE_KEYS:
        options = "、".join(f"{key}（{label}）" for key, label in RULE_LABELS.items())
        entry.problem("rule", f"未知的计分规则“{name}”（可用：{options}）")
        return None
    finding = source is not None and source.startswith(FINDING_PREFIX)
    if name == "target_rate":
        return _target_rate(entry, source, finding)
    if finding and "points_each" in entry.values:
        entry.problem("points_each", "发现按各自登记的分值计，不设每次分值（points_each）")
        each: float | None = 0.0
    elif finding:
        each = 0.0
    else:
        each = entry.number("points_each", "每次分值", positive=True)
    cap = entry.number("cap", "封顶分值", positive=True)
    if cap is not None and points is not None and cap > points:
        entry.problem("cap", f"封顶分值 {cap:g} 超过本项分值 {points:g}")
    if each is None or cap is None:
        return None
    return PerOccurrence(each, cap) if name == "deduct" else Bonus(each, cap)


def _target_rate(entry: Entry, source: str | None, finding: bool) -> TargetRate | None:
    if finding:
        entry.problem("rule", "发现类指标只能按次扣分（deduct）或加分（bonus）")
        return None
    target = entry.number("target", "目标值")
    floor = entry.number("floor", "下限")
    lower = entry.values.get("lower_is_better", False)
    if not isinstance(lower, bool):
        entry.problem("lower_is_better", f"越低越好（lower_is_better）应为 true 或 false，实为 {lower!r}")
        return None
    if target is None or floor is None:
        return None
    figure = FIGURES.get(source or "")
    if figure is not None and figure.is_rate:
        for key, value in (("target", target), ("floor", floor)):
            if value > 1:
                entry.problem(key, f"“{figure.label}”是比率，{key} 应在 0 到 1 之间（如 0.95），实为 {value:g}")
                return None
    if not lower and floor >= target:
        entry.problem("floor", f"下限 floor（{floor:g}）应低于目标 target（{target:g}）")
        return None
    if lower and floor <= target:
        entry.problem("floor", f"越低越好时下限 floor（{floor:g}）应高于目标 target（{target:g}）")
        return None
    return TargetRate(target, floor, lower)


def _check_weights(weights: Sequence[Weight], problems: Problems) -> None:
    """Each subject's non-bonus points add up to 100; both subjects are present.

    A sum that an unreadable subject, points or rule leaves unknown is not checked: that entry's own
    problem is already reported, and a second, consequential one would only mislead.
    """
    if not weights or any(weight.subject is None for weight in weights):
        return
    for subject, label in SUBJECT_LABELS.items():
        own = [weight for weight in weights if weight.subject == subject]
        if not own:
            problems.add(1, f'没有{label}（subject = "{subject.value}"）的指标')
            continue
        if any(weight.points is None or weight.bonus is None for weight in own):
            continue
        total = sum(weight.points or 0.0 for weight in own if not weight.bonus)
        if not math.isclose(total, TOTAL_POINTS, abs_tol=1e-6):
            problems.add(
                own[0].line,
                f"{label}指标（不含加分项）分值合计 {total:g}，应为 {TOTAL_POINTS:g}（自本行的第一项起）",
            )


def _check_finding_overlap(indicators: Sequence[Indicator], problems: Problems) -> None:
    """A finding is scored at most once: no two deduction (or two bonus) indicators of a subject share a kind."""
    seen: dict[tuple[Subject, bool, str], Indicator] = {}
    for indicator in indicators:
        kind = indicator.finding_kind
        if kind is None:
            continue
        kinds = list(FINDING_KINDS) if kind == "*" else [kind]
        for one in kinds:
            earlier = seen.get((indicator.subject, indicator.is_bonus, one))
            if earlier is not None:
                problems.add(
                    indicator.line,
                    f"指标“{indicator.name}”与第 {earlier.line} 行的“{earlier.name}”都计{FINDING_KINDS[one]}发现的"
                    f"{'加分' if indicator.is_bonus else '扣分'}，同一发现会计两次",
                )
                break
            seen[(indicator.subject, indicator.is_bonus, one)] = indicator
