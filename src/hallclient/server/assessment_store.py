"""The assessment's stored state on the server: the indicator set in force, published snapshots, the signing key.

* **Indicator sets**: each import is a new numbered row with the file's text and digest; the newest is in force.
  With none imported, the demo set applies and the assessment's notes say so.
* **Publishing** freezes a quarter of one subject: the server computes it, stores the body (canonical JSON), its
  digest and an HMAC-SHA256 signature with the server's secret, who published it, when and why. A second publish
  of the same quarter and subject needs a reason and makes version n+1; no row is ever updated. Two racing
  publishes cannot both take a version: the primary key refuses the second, which is told to retry.
* **The secret** (``server_secrets``) is created on first use and never leaves the server, so a device cannot
  forge a signature.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hallclient.domain.assessment import Assessment, IndicatorSet, sign_snapshot, snapshot_digest, verify_snapshot
from hallclient.domain.events import canonical_json
from hallclient.errors import HallError
from hallclient.server.assessment_models import AssessmentIndicatorSet, AssessmentSnapshot, ServerSecret

SIGNING_SECRET = "assessment_hmac"
MAX_REASON = 500
DEMO_NOTE = "服务器尚未导入考核指标集，按示例指标集计分（hallclient server assess indicators import）"


class PublishConflict(HallError):
    """Another publish of the same quarter and subject took the version first."""


def signing_key(session: Session, now: datetime) -> bytes:
    """The server's snapshot signing key, created on first use (a racing creator's key wins, once)."""
    row = session.get(ServerSecret, SIGNING_SECRET)
    if row is None:
        try:
            with session.begin_nested():
                session.add(ServerSecret(name=SIGNING_SECRET, value=secrets.token_hex(32), created_at=now))
        except IntegrityError:
            pass
        row = session.get(ServerSecret, SIGNING_SECRET, populate_existing=True)
        assert row is not None
    return bytes.fromhex(row.value)


def store_indicator_set(session: Session, indicator_set: IndicatorSet, body: str, file_name: str, now: datetime) -> int:
    """Store an already validated indicator file as the set in force; returns its number."""
    number = (session.scalar(select(func.max(AssessmentIndicatorSet.number))) or 0) + 1
    session.add(AssessmentIndicatorSet(number=number, version=indicator_set.version, name=indicator_set.name,
                                       digest=indicator_set.digest, file_name=file_name[:255], body=body,
                                       imported_at=now))  # fmt: skip
    session.flush()
    return number


def indicator_set_in_force(
    session: Session, parse: Callable[[bytes, str], IndicatorSet], demo: Callable[[], IndicatorSet]
) -> tuple[IndicatorSet, list[str]]:
    """The newest imported set (parsed again from its stored text), or the demo set and a note saying so."""
    row = session.scalars(select(AssessmentIndicatorSet).order_by(AssessmentIndicatorSet.number.desc())).first()
    if row is None:
        return demo(), [DEMO_NOTE]
    return parse(row.body.encode("utf-8"), f"{row.file_name}（服务器第 {row.number} 次导入）"), []


@dataclass(frozen=True)
class Snapshot:
    quarter: str
    subject: str
    version: int
    body: dict[str, Any]
    digest: str
    signature: str
    published_at: datetime
    published_by: str
    published_by_name: str
    reason: str
    verified: bool  # the stored body still has its digest, and the signature is the server's

    def to_dict(self) -> dict[str, Any]:
        return {
            "quarter": self.quarter, "subject": self.subject, "version": self.version, "assessment": self.body,
            "digest": self.digest, "signature": self.signature, "published_at": self.published_at.isoformat(),
            "published_by": self.published_by, "published_by_name": self.published_by_name, "reason": self.reason,
            "verified": self.verified,
        }  # fmt: skip


def _snapshot(row: AssessmentSnapshot, key: bytes) -> Snapshot:
    body = json.loads(row.body)
    return Snapshot(row.quarter, row.subject, row.version, body, row.digest, row.signature, row.published_at,
                    row.published_by, row.published_by_name, row.reason,
                    verify_snapshot(body, row.digest, row.signature, key))  # fmt: skip


def publish(
    session: Session, quarter: str, assessment: Assessment, *, user_id: str, user_name: str, reason: str,
    now: datetime,
) -> Snapshot:  # fmt: skip
    """Freeze ``assessment`` as the next version of ``quarter`` for its subject."""
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise HallError(f"发布原因不能超过 {MAX_REASON} 个字")
    subject = assessment.subject.value
    s = AssessmentSnapshot
    latest = session.scalar(select(func.max(s.version)).where(s.quarter == quarter, s.subject == subject)) or 0
    if latest and not reason:
        raise HallError(f"{assessment.period_label}的考核结果已发布（第 {latest} 版）；再次发布须写明更正原因")
    body = assessment.to_dict()
    digest = snapshot_digest(body)
    key = signing_key(session, now)
    row = AssessmentSnapshot(quarter=quarter, subject=subject, version=latest + 1, body=canonical_json(body),
                             digest=digest, signature=sign_snapshot(digest, key), published_at=now,
                             published_by=user_id, published_by_name=user_name, reason=reason)  # fmt: skip
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise PublishConflict(f"{assessment.period_label}的考核结果刚被另一次发布更新，请刷新后重试") from None
    return _snapshot(row, key)


def published(session: Session, quarter: str, subject: str, version: int | None, now: datetime) -> Snapshot:
    """One published version (the newest when ``version`` is None), with whether its signature still verifies."""
    s = AssessmentSnapshot
    query = select(s).where(s.quarter == quarter, s.subject == subject)
    query = query.where(s.version == version) if version is not None else query.order_by(s.version.desc())
    row = session.scalars(query).first()
    if row is None:
        which = f"第 {version} 版" if version is not None else "任何版本"
        raise LookupError(f"{quarter} 的{'部门' if subject == 'department' else '人员'}考核没有已发布的{which}")
    return _snapshot(row, signing_key(session, now))
