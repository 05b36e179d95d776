"""``hallclient assess …``: quarterly assessment (考核) of departments and staff.

``assess --quarter Q|--month M --out FILE`` scores and ranks (local store, or hall-wide with ``--server``);
``assess finding add|list|appeal|decide`` the manual findings; ``assess publish|published|verify`` the frozen,
signed quarters. ``assess indicators check FILE`` validates an indicator set file (TOML;
docs/assessment-format.md) and prints its name, version and the indicators per subject with their points, or
every problem with its line.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hallclient.cli._common import add_db_argument, iso_date, password_from_env_or_prompt
from hallclient.domain.assessment import SUBJECT_LABELS, IndicatorSet, Subject
from hallclient.errors import HallError

if TYPE_CHECKING:
    from hallclient.services.context import Actor, Services

FORMATS = ("csv", "xlsx", "pdf")
SUBJECTS = {"department": Subject.DEPARTMENT, "staff": Subject.STAFF}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assess",
        help="考核：部门业务与人员服务的季度评分、排名",
        description="考核：按考核指标对部门业务和人员服务评分、排名、定等级。",
    )
    _add_compute_arguments(parser)
    actions = parser.add_subparsers(dest="assess_command", metavar="ACTION")
    _register_indicators(actions)
    _register_findings(actions)
    _register_publishing(actions)


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


# --- assess --quarter|--month: compute and export ----------------------------------------------------------


def _add_compute_arguments(parser: argparse.ArgumentParser) -> None:
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--quarter", metavar="Q", help="考核季度，如 2026Q4")
    when.add_argument("--month", metavar="M", help="考核月份，如 2026-10")
    parser.add_argument(
        "--by",
        choices=sorted(SUBJECTS),
        default="department",
        help="考核对象：department 部门业务（默认）或 staff 人员服务",
    )
    parser.add_argument("--indicators", type=Path, metavar="FILE", help="考核指标文件（默认随附的示例指标）")
    parser.add_argument("--format", choices=FORMATS, help="输出格式（默认按 --out 的扩展名）")
    parser.add_argument("--out", type=Path, metavar="FILE", help="输出文件")
    add_db_argument(parser)
    parser.add_argument("--server", metavar="URL", help="从中心服务器取全大厅考核（需值班长登录令牌）")
    parser.add_argument("--user-token", metavar="TOKEN", help="值班长登录令牌（默认取环境变量 HALLCLIENT_USER_TOKEN）")
    parser.set_defaults(func=_assess)


def _indicator_set(path: Path | None) -> IndicatorSet:
    from hallclient.domain.assessment_file import IndicatorFileError, load_demo_indicator_set, load_indicator_set

    if path is None:
        return load_demo_indicator_set()
    try:
        return load_indicator_set(path)
    except IndicatorFileError as error:
        first = error.problems[0] if error.problems else ""
        count = len(error.problems)
        raise HallError(f"考核指标文件 {path} 有 {count} 个问题（assess indicators check 列出全部）：{first}") from None


def _assess(args: argparse.Namespace) -> int:
    from hallclient.domain.assessment import quarter_period

    period_text = args.quarter or args.month
    if not period_text:
        raise HallError("请用 --quarter（如 2026Q4）或 --month（如 2026-10）指定考核期间，或给出子命令")
    if args.out is None:
        raise HallError("请用 --out 指定输出文件")
    if args.db and args.server:
        raise HallError("--db 与 --server 只能选一个")
    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise HallError(f"无法从文件名判断格式，请用 --format {'|'.join(FORMATS)}")
    period, label = quarter_period(period_text)
    subject = SUBJECTS[args.by]
    from hallclient import config

    settings = config.load()
    if args.server:
        from hallclient.reports.server import fetch_assessment

        if args.indicators is not None:
            raise HallError("--indicators 只用于本机考核；服务器按其发布的指标计算")
        token = str(args.user_token or os.environ.get("HALLCLIENT_USER_TOKEN", ""))
        if not token:
            raise HallError("未提供值班长登录令牌（--user-token 或 HALLCLIENT_USER_TOKEN）")
        assessment = fetch_assessment(
            args.server, settings.device_token, token, period_text, args.by, ca_file=settings.ca_file
        )
    else:
        from hallclient.cli._common import local_services
        from hallclient.services.assessment import compute_assessment

        indicator_set = _indicator_set(args.indicators)
        with local_services(args, writes=False) as services:
            assessment = compute_assessment(services, indicator_set, period, label, subject)
    if fmt == "pdf":
        from hallclient.reports.assessment_pdf import write_assessment_pdf

        write_assessment_pdf(assessment, args.out, hall_name=settings.hall_name)
    elif fmt == "xlsx":
        from hallclient.reports.assessment_xlsx import write_assessment_xlsx

        write_assessment_xlsx(assessment, args.out)
    else:
        from hallclient.reports.assessment_csv import write_assessment_csv

        write_assessment_csv(assessment, args.out)
    print(
        f"{assessment.period_label}{SUBJECT_LABELS[subject]}考核：{len(assessment.rows)} 个对象"
        f"（{'全大厅' if args.server else '本机数据'}，未发布）→ {args.out}"
    )
    for row in assessment.rows[:3]:
        print(f"  第 {row.rank} 名 {row.label} {row.total:g} 分 {row.grade}")
    for note in assessment.notes:
        print(f"说明：{note}")
    return 0


# --- assess finding add|list|appeal|decide ------------------------------------------------------------


def _signed_in(services: Services, username: str) -> Actor:
    """The acting user, signed in with the password (HALLCLIENT_PASSWORD or a prompt)."""
    from hallclient.services.users import authenticate

    return authenticate(services, username, password_from_env_or_prompt(f"{username} 的密码："))


def _register_findings(actions: argparse._SubParsersAction) -> None:
    from hallclient.domain.assessment import FINDING_KINDS

    finding = actions.add_parser(
        "finding",
        help="考核发现：登记、列表、申诉、复核",
        description="巡查记录、明察暗访、视频抽查等考核发现：由值班长登记，被扣分人可申诉一次，"
        "由登记人以外的值班长复核。",
    )
    steps = finding.add_subparsers(dest="finding_command", metavar="ACTION", required=True)
    add = steps.add_parser(
        "add",
        help="登记一条发现（值班长）",
        description="登记一条考核发现；登记人用 --user 指定，密码从 HALLCLIENT_PASSWORD 或交互输入读取。",
    )
    add.add_argument("--user", required=True, help="登记人（值班长）用户名")
    add.add_argument("--staff", required=True, help="被考核的工作人员用户名")
    add.add_argument("--points", required=True, type=_points_arg, help="分值：负数扣分、正数加分，-100 到 100，不为 0")
    add.add_argument("--kind", required=True, choices=list(FINDING_KINDS.values()), help="发现类型")
    add.add_argument("--note", required=True, help="情况说明")
    add.add_argument("--day", type=iso_date, metavar="D", help="发现日期（默认今天）")
    add.add_argument("--window", default="", metavar="W", help="窗口号")
    add.add_argument("--department", default="", metavar="CODE", help="所属部门代码（默认按其办件最多的部门认定）")
    add.add_argument("--evidence", type=Path, metavar="FILE", help="证据文件（照片、录像截图等），按 SHA-256 保存")
    add_db_argument(add)
    add.set_defaults(func=_finding_add)
    listing = steps.add_parser("list", help="列出发现", description="列出考核发现及申诉状态。")
    when = listing.add_mutually_exclusive_group()
    when.add_argument("--quarter", metavar="Q", help="只列某季度，如 2026Q4")
    when.add_argument("--month", metavar="M", help="只列某月，如 2026-10")
    add_db_argument(listing)
    listing.set_defaults(func=_finding_list)
    appeal = steps.add_parser(
        "appeal",
        help="申诉（每条发现一次）",
        description="对一条发现提出申诉（被扣分人本人或值班长代为登记）；每条只能申诉一次。",
    )
    appeal.add_argument("id", help="发现编号（可用 finding list 显示的前 8 位以上）")
    appeal.add_argument("--user", required=True, help="申诉人用户名")
    appeal.add_argument("--reason", required=True, help="申诉理由")
    add_db_argument(appeal)
    appeal.set_defaults(func=_finding_appeal)
    decide = steps.add_parser(
        "decide",
        help="复核申诉（登记人以外的值班长）",
        description="复核申诉：--uphold 申诉成立（发现撤销、不再扣分），--reject 申诉驳回（维持）。",
    )
    decide.add_argument("id", help="发现编号")
    decide.add_argument("--user", required=True, help="复核人（值班长）用户名")
    verdict = decide.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--uphold", action="store_true", help="申诉成立")
    verdict.add_argument("--reject", action="store_true", help="申诉驳回")
    decide.add_argument("--note", required=True, help="复核意见")
    add_db_argument(decide)
    decide.set_defaults(func=_finding_decide)


def _points_arg(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"分值应为数字：{text!r}") from None


def _finding_add(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.services.findings import FindingInput, record_finding

    with local_services(args) as services:
        actor = _signed_in(services, args.user)
        recorded = record_finding(
            services,
            actor,
            FindingInput(
                staff=args.staff,
                kind=args.kind,
                points=args.points,
                note=args.note,
                day=args.day,
                window=args.window,
                department=args.department,
                evidence=args.evidence,
            ),
        )
    print(f"已登记考核发现 {recorded.finding_id}：{args.staff} {args.kind} {args.points:+g} 分")
    if recorded.department_guessed:
        print(
            f"说明：所属部门按其办件最多的部门认定为 {recorded.department or '（无办件，未定）'}；"
            "如不对请用 --department"
        )
    if recorded.evidence_sha256:
        print(f"证据文件已保存，SHA-256 {recorded.evidence_sha256}")
    return 0


def _finding_list(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.domain.assessment import FINDING_KINDS, quarter_period
    from hallclient.services.findings import STATUS_LABELS, list_findings

    period = quarter_period(args.quarter or args.month)[0] if (args.quarter or args.month) else None
    with local_services(args, writes=False) as services:
        rows = list_findings(services, period)
    if not rows:
        print("没有考核发现")
    for row in rows:
        print(
            "\t".join(
                [
                    row.id,
                    row.day.isoformat(),
                    FINDING_KINDS.get(row.kind, row.kind),
                    row.staff_name,
                    row.department_code or "-",
                    f"{row.points:+g}",
                    STATUS_LABELS.get(row.status, row.status),
                    row.note,
                ]
            )
        )
    return 0


def _finding_appeal(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.services.findings import appeal_finding

    with local_services(args) as services:
        finding_id = appeal_finding(services, _signed_in(services, args.user), args.id, args.reason)
    print(f"已登记申诉：{finding_id}（待登记人以外的值班长复核）")
    return 0


def _finding_decide(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.services.findings import DECISIONS, decide_appeal

    with local_services(args) as services:
        finding_id = decide_appeal(
            services, _signed_in(services, args.user), args.id, uphold=args.uphold, note=args.note
        )
    decision = DECISIONS["upheld" if args.uphold else "rejected"]
    print(f"已复核 {finding_id}：{decision}（{'发现撤销，不再计分' if args.uphold else '维持原发现'}）")
    return 0


# --- assess publish|published|verify ------------------------------------------------------------------


def _register_publishing(actions: argparse._SubParsersAction) -> None:
    publish = actions.add_parser(
        "publish",
        help="发布季度考核结果（冻结并签名）",
        description="发布一个已结束季度的考核结果：保存不可更改的快照，由值班长输入密码签署；"
        "再次发布同一季度须用 --reason 说明理由，生成新版本，旧版本不变。",
    )
    publish.add_argument("--quarter", required=True, metavar="Q", help="季度，如 2026Q4")
    publish.add_argument("--by", choices=sorted(SUBJECTS), default="department", help="考核对象（默认 department）")
    publish.add_argument("--user", required=True, help="发布人（值班长）用户名")
    publish.add_argument("--reason", default="", help="再次发布（更正）的理由")
    publish.add_argument("--indicators", type=Path, metavar="FILE", help="考核指标文件（默认随附的示例指标）")
    add_db_argument(publish)
    publish.set_defaults(func=_publish)
    shown = actions.add_parser(
        "published",
        help="读取已发布的考核结果",
        description="读取已发布的考核结果（默认最新版本），可导出为 csv/xlsx/pdf。",
    )
    shown.add_argument("--quarter", required=True, metavar="Q", help="季度，如 2026Q4")
    shown.add_argument("--by", choices=sorted(SUBJECTS), default="department", help="考核对象（默认 department）")
    shown.add_argument("--version", type=int, metavar="N", help="版本号（默认最新）")
    shown.add_argument("--format", choices=FORMATS, help="输出格式（默认按 --out 的扩展名）")
    shown.add_argument("--out", type=Path, metavar="FILE", help="导出到文件")
    add_db_argument(shown)
    shown.set_defaults(func=_published)
    verify = actions.add_parser(
        "verify",
        help="校验已发布的考核结果",
        description="校验某季度每个已发布版本：快照内容、签名与事件日志中的发布记录是否一致。",
    )
    verify.add_argument("--quarter", required=True, metavar="Q", help="季度，如 2026Q4")
    add_db_argument(verify)
    verify.set_defaults(func=_verify)


def _publish(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.services.assessment import publish
    from hallclient.services.users import active_user

    indicator_set = _indicator_set(args.indicators)
    with local_services(args) as services:
        actor = active_user(services, args.user)
        result = publish(
            services,
            actor,
            password_from_env_or_prompt(f"{args.user} 的密码（签署）："),
            args.quarter,
            SUBJECTS[args.by],
            indicator_set,
            args.reason,
        )
    print(
        f"已发布 {result.assessment.period_label}{SUBJECT_LABELS[result.subject]}考核第 {result.version} 版："
        f"{len(result.assessment.rows)} 个对象，校验值 {result.digest[:16]}…，签名 {result.signature[:16]}…"
    )
    return 0


def _published(args: argparse.Namespace) -> int:
    from hallclient import config
    from hallclient.cli._common import local_services
    from hallclient.services.assessment import published

    with local_services(args, writes=False) as services:
        result = published(services, args.quarter, SUBJECTS[args.by], args.version)
    assessment = result.assessment
    print(
        f"{assessment.period_label}{SUBJECT_LABELS[result.subject]}考核第 {result.version} 版："
        f"{result.published_at:%Y-%m-%d %H:%M} 由 {result.published_by} 发布"
        f"{f'，理由：{result.reason}' if result.reason else ''}；校验值 {result.digest[:16]}…"
    )
    for row in assessment.rows:
        print(f"  第 {row.rank} 名\t{row.label}\t{row.total:g} 分\t{row.grade}")
    if args.out is not None:
        fmt = args.format or args.out.suffix.lower().lstrip(".")
        if fmt == "pdf":
            from hallclient.reports.assessment_pdf import write_assessment_pdf

            write_assessment_pdf(assessment, args.out, hall_name=config.load().hall_name, version=result.version)
        elif fmt == "xlsx":
            from hallclient.reports.assessment_xlsx import write_assessment_xlsx

            write_assessment_xlsx(assessment, args.out, version=result.version)
        elif fmt == "csv":
            from hallclient.reports.assessment_csv import write_assessment_csv

            write_assessment_csv(assessment, args.out)
        else:
            raise HallError(f"无法从文件名判断格式，请用 --format {'|'.join(FORMATS)}")
        print(f"→ {args.out}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.services.assessment import verify

    with local_services(args, writes=False) as services:
        results = verify(services, args.quarter)
    for item in results:
        state = "完好" if item.ok else f"不符：{item.problem}"
        print(f"{item.quarter} {SUBJECT_LABELS[Subject(item.subject)]} 第 {item.version} 版：{state}")
    bad = [item for item in results if not item.ok]
    if bad:
        print(f"hallclient: assess verify：{len(bad)} 个已发布版本校验不通过", file=sys.stderr)
        return 2
    return 0
