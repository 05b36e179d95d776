"""``hallclient assess …``: quarterly assessment (考核) of departments and staff.

``assess indicators check FILE`` validates an indicator set file (TOML; docs/assessment-format.md) and prints
its name, version and the indicators per subject with their points, or every problem with its line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hallclient.domain.assessment import SUBJECT_LABELS, IndicatorSet, Subject


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assess",
        help="考核：部门业务与人员服务的季度评分、排名",
        description="考核：按考核指标对部门业务和人员服务评分、排名、定等级。",
    )
    actions = parser.add_subparsers(dest="assess_command", metavar="ACTION", required=True)
    _register_indicators(actions)


def _register_indicators(actions: argparse._SubParsersAction) -> None:
    indicators = actions.add_parser(
        "indicators", help="考核指标文件：检查", description="考核指标文件（TOML）：检查文件并列出其中的指标。"
    )
    steps = indicators.add_subparsers(dest="indicators_command", metavar="ACTION", required=True)
    check = steps.add_parser(
        "check",
        help="检查考核指标文件并列出每个问题",
        description="检查考核指标文件。无误时输出名称、版本和各考核对象的指标及分值；"
        "否则在标准错误上每行一个问题（注明行号），退出码 2。",
    )
    check.add_argument("file", type=Path, help="考核指标文件（.toml）")
    check.set_defaults(func=_check_indicators)


def _check_indicators(args: argparse.Namespace) -> int:
    from hallclient.domain.assessment_file import IndicatorFileError, load_indicator_set

    try:
        indicator_set = load_indicator_set(args.file)
    except IndicatorFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"hallclient: 考核指标文件 {args.file}：{len(error.problems)} 个问题，未载入", file=sys.stderr)
        return 2
    print("\n".join(describe(indicator_set)))
    return 0


def _points(value: float) -> str:
    return f"{value:g}"


def describe(indicator_set: IndicatorSet) -> list[str]:
    """The set as ``indicators check`` prints it: name, version, each subject's indicators, the grades."""
    lines = [f"考核指标无误：{indicator_set.name}（版本 {indicator_set.version}）"]
    for subject in Subject:
        own = indicator_set.for_subject(subject)
        scored = [indicator for indicator in own if not indicator.is_bonus]
        bonus = [indicator for indicator in own if indicator.is_bonus]
        total = sum(indicator.points for indicator in scored)
        lines.append(f"{SUBJECT_LABELS[subject]}：{len(scored)} 项，合计 {_points(total)} 分；加分项 {len(bonus)} 项")
        for indicator in own:
            extra = "（加分，最多）" if indicator.is_bonus else ""
            lines.append(
                f"  {indicator.group}\t{indicator.id}\t{indicator.name}\t{_points(indicator.points)} 分{extra}"
            )
    grades = "；".join(f"{grade.name} ≥ {_points(grade.min_score)}" for grade in indicator_set.grades)
    lines.append(f"等级：{grades}")
    return lines
