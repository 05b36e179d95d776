"""考核发现: 巡查记录, 明察暗访 and 视频抽查 findings recorded by supervisors, and their appeals.

Every change writes the finding's row and appends its event (the finding's whole state, see
:func:`finding_state`) in one transaction. Rules:

* Only a supervisor records or decides (Permission.SUPERVISE); the staff member must be a known user;
  points are a number in [-100, 100] other than 0 (negative deducts, positive is a bonus); the day is not
  in the future and not in a quarter whose assessment is already published (a correction is a new version).
* An optional evidence file is copied into the data folder (``paths.evidence_dir``) under its SHA-256,
  which the finding keeps; a file that cannot be read is refused before anything is written.
* An appeal (申诉) is filed once, by the staff member concerned or by a supervisor for them.
* The decision is taken by a supervisor **other than the one who recorded the finding** (a second pair
  of eyes; nobody reviews their own finding) and never by the staff member concerned. ``uphold`` (申诉成立)
  overturns the finding — it no longer counts; ``reject`` (申诉驳回) keeps it in force.
"""

from __future__ import annotations

import hashlib
import math
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.domain.assessment import FINDING_KINDS, Finding
from hallclient.domain.events import EventType, new_id
from hallclient.domain.tally import Period
from hallclient.errors import HallError
from hallclient.paths import evidence_dir
from hallclient.services.context import Actor, Services, wall_time
from hallclient.services.roles import Permission, PermissionDenied, may, require
from hallclient.store import eventlog
from hallclient.store.assessment_models import AssessmentFinding, AssessmentSnapshot
from hallclient.store.models import Case, Department, User

STATUS_LABELS = {"in_force": "有效", "appealed": "申诉中", "overturned": "申诉成立，已撤销", "upheld": "申诉驳回，维持"}
COUNTING = ("in_force", "appealed", "upheld")  # an appeal pending does not suspend a finding
DECISIONS = {"upheld": "申诉成立", "rejected": "申诉驳回"}


def quarter_of(day: date) -> str:
    """The quarter key a published assessment is stored under: ``2026Q4``."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def finding_kind(text: str) -> str:
    """A kind key (``inspection``) from the key or its Chinese name (巡查记录)."""
    value = text.strip()
    if value in FINDING_KINDS:
        return value
    for key, label in FINDING_KINDS.items():
        if label == value:
            return key
    raise HallError(f"发现类型只能是 {'、'.join(FINDING_KINDS.values())}，实为 {text!r}")


@dataclass(frozen=True)
class FindingInput:
    staff: str  # username
    kind: str  # key or Chinese name
    points: float
    note: str
    day: date | None = None  # default: today
    window: str = ""
    department: str = ""  # default: the department of most of the staff member's cases
    evidence: Path | None = None


@dataclass(frozen=True)
class Recorded:
    finding_id: str
    department: str
    department_guessed: bool  # no department given: taken from the staff member's cases
    evidence_sha256: str


def _check_points(points: float) -> float:
    if isinstance(points, bool) or not isinstance(points, int | float) or not math.isfinite(points):
        raise HallError(f"分值应为数字，实为 {points!r}")
    if points == 0 or not -100 <= points <= 100:
        raise HallError(f"分值应在 -100 到 100 之间且不为 0，实为 {points:g}")
    return float(points)


def _read_evidence(path: Path) -> tuple[bytes, str]:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise HallError(f"证据文件不存在：{path}") from None
    except IsADirectoryError:
        raise HallError(f"证据文件是一个目录：{path}") from None
    except OSError as error:
        raise HallError(f"无法读取证据文件 {path}：{error.strerror or error}") from None
    return data, hashlib.sha256(data).hexdigest()


def _store_evidence(data: bytes, sha256: str, name: str) -> None:
    """Content-addressed, so storing the same file twice is harmless; written whole or not at all."""
    folder = evidence_dir()
    target = folder / f"{sha256}{Path(name).suffix.lower()}"
    if target.exists():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{target.name}.partial"
        partial.write_bytes(data)
        shutil.move(partial, target)
    except OSError as error:
        raise HallError(f"无法保存证据文件到 {folder}：{error.strerror or error}") from None


def published_versions(session: Session, quarter: str) -> int:
    return len(session.scalars(select(AssessmentSnapshot.id).where(AssessmentSnapshot.quarter == quarter)).all())


def _main_department(session: Session, staff_id: str) -> str:
    c = Case.__table__.c
    row = session.execute(
        select(c.department_code, func.count().label("n")).where(c.clerk_id == staff_id)
        .group_by(c.department_code).order_by(func.count().desc(), c.department_code).limit(1)
    ).first()  # fmt: skip
    return str(row[0]) if row else ""


def finding_state(row: AssessmentFinding, staff_name: str = "") -> dict[str, Any]:
    """The finding's whole state: the payload of every ``assessment.finding_*`` event."""
    appeal = None
    if row.appeal_filed_at is not None:
        appeal = {
            "reason": row.appeal_reason,
            "filed_at": row.appeal_filed_at.isoformat(timespec="seconds"),
            "decision": row.appeal_decision or None,
            "decided_by": row.decided_by or None,
            "decided_at": row.decided_at.isoformat(timespec="seconds") if row.decided_at else None,
            "decision_note": row.decision_note,
        }
    return {
        "finding_id": row.id,
        "kind": row.kind,
        "day": row.day.isoformat(),
        "window": row.window,
        "staff_id": row.staff_id,
        "staff_name": row.staff_name or staff_name,
        "department_code": row.department_code,
        "points": row.points,
        "note": row.note,
        "evidence_name": row.evidence_name,
        "evidence_sha256": row.evidence_sha256,
        "recorded_by": row.recorded_by,
        "recorded_by_name": row.recorded_by_name,
        "appeal": appeal,
        "status": row.status,
    }


def _append(session: Session, services: Services, actor: Actor, type: EventType, row: AssessmentFinding) -> None:
    eventlog.append(session, device_id=services.device_id, case_id=None, type=type, payload=finding_state(row),
                    actor=actor.username, at=services.now())  # fmt: skip


def record_finding(services: Services, actor: Actor, finding: FindingInput) -> Recorded:
    """Record one finding; every check runs before anything (the evidence copy included) is written."""
    require(actor, Permission.SUPERVISE)
    kind = finding_kind(finding.kind)
    points = _check_points(finding.points)
    note = finding.note.strip()
    if not note:
        raise HallError("请填写发现的情况说明")
    now = services.now()
    day = finding.day or now.date()
    if day > now.date():
        raise HallError(f"发现日期 {day.isoformat()} 在未来（今天是 {now.date().isoformat()}）")
    evidence: tuple[bytes, str] | None = _read_evidence(finding.evidence) if finding.evidence else None
    with services.store.read() as session:
        staff = session.scalar(select(User).where(User.username == finding.staff.strip()))
        if staff is None:
            raise HallError(f"没有用户 {finding.staff!r}：只能登记本厅已有的工作人员")
        if published_versions(session, quarter_of(day)):
            raise HallError("该季度已发布考核结果，不能再登记；如需更正请发布新版本")
        department = finding.department.strip()
        if department and session.get(Department, department) is None:
            raise HallError(f"没有部门 {department!r}")
        guessed = not department
        if guessed:
            department = _main_department(session, staff.id)
    if evidence is not None and finding.evidence is not None:
        _store_evidence(evidence[0], evidence[1], finding.evidence.name)
    finding_id = new_id()
    with services.store.write() as session:
        if published_versions(session, quarter_of(day)):  # published in the meantime
            raise HallError("该季度已发布考核结果，不能再登记；如需更正请发布新版本")
        row = AssessmentFinding(
            id=finding_id, kind=kind, day=day, window=finding.window.strip(), staff_id=staff.id,
            staff_name=staff.display_name, department_code=department, points=points, note=note,
            evidence_name=finding.evidence.name if finding.evidence else "",
            evidence_sha256=evidence[1] if evidence else "", recorded_by=actor.user_id,
            recorded_by_name=actor.display_name, recorded_at=wall_time(now), status="in_force", appeal_reason="",
            appeal_filed_at=None, appeal_decision="", decided_by="", decided_at=None, decision_note="",
        )  # fmt: skip
        session.add(row)
        session.flush()
        _append(session, services, actor, EventType.FINDING_RECORDED, row)
    return Recorded(finding_id, department, guessed, evidence[1] if evidence else "")


def _load(session: Session, finding_id: str) -> AssessmentFinding:
    row = session.get(AssessmentFinding, finding_id)
    if row is None:
        matches = session.scalars(select(AssessmentFinding).where(AssessmentFinding.id.like(f"{finding_id}%"))).all()
        if len(matches) == 1 and len(finding_id) >= 8:
            return matches[0]
        raise HallError(f"没有编号为 {finding_id} 的考核发现")
    return row


def appeal_finding(services: Services, actor: Actor, finding_id: str, reason: str) -> str:
    """申诉: once per finding, by the staff member concerned or a supervisor on their behalf."""
    reason = reason.strip()
    if not reason:
        raise HallError("请填写申诉理由")
    now = services.now()
    with services.store.write() as session:
        row = _load(session, finding_id)
        if row.staff_id != actor.user_id and not may(actor, Permission.SUPERVISE):
            raise PermissionDenied("只有被扣分的本人或值班长（督办）可以申诉")
        if row.appeal_filed_at is not None:
            raise HallError("该扣分已申诉")
        row.appeal_reason, row.appeal_filed_at, row.status = reason, wall_time(now), "appealed"
        _append(session, services, actor, EventType.FINDING_APPEALED, row)
        return row.id


def decide_appeal(services: Services, actor: Actor, finding_id: str, *, uphold: bool, note: str) -> str:
    """申诉复核: ``uphold`` overturns the finding, otherwise it stays in force."""
    require(actor, Permission.SUPERVISE)
    note = note.strip()
    if not note:
        raise HallError("请填写复核意见")
    now = services.now()
    with services.store.write() as session:
        row = _load(session, finding_id)
        if row.appeal_filed_at is None:
            raise HallError("该扣分没有申诉，无需复核")
        if row.appeal_decision:
            raise HallError(f"该申诉已复核：{DECISIONS[row.appeal_decision]}")
        if actor.user_id == row.recorded_by:
            raise PermissionDenied("登记人不能复核自己登记的发现，须由其他值班长复核")
        if actor.user_id == row.staff_id:
            raise PermissionDenied("不能复核针对本人的发现，须由其他值班长复核")
        row.appeal_decision = "upheld" if uphold else "rejected"
        row.status = "overturned" if uphold else "upheld"
        row.decided_by, row.decided_at, row.decision_note = actor.user_id, wall_time(now), note
        _append(session, services, actor, EventType.FINDING_APPEAL_DECIDED, row)
        return row.id


def list_findings(services: Services, period: Period | None = None) -> list[AssessmentFinding]:
    """Findings (all states) by day, optionally of one period; detached rows for display."""
    query = select(AssessmentFinding).order_by(AssessmentFinding.day, AssessmentFinding.id)
    if period is not None:
        query = query.where(AssessmentFinding.day >= period.start, AssessmentFinding.day <= period.end)
    with services.store.read() as session:
        rows = list(session.scalars(query))
        session.expunge_all()
    return rows


def findings_in_force(services: Services, period: Period) -> list[Finding]:
    """The findings of ``period`` that count (not overturned on appeal), as the engine sees them."""
    return [
        Finding(row.id, row.kind, row.day, row.points, row.note, row.window, row.staff_id, row.department_code)
        for row in list_findings(services, period)
        if row.status in COUNTING
    ]
