"""The client's SMS figures model: the server's ``sms`` rows summed per kind, unknown kinds kept under their key
with a note, malformed rows refused, and a tally that carries them survives its dict form."""

from __future__ import annotations

from datetime import date

import pytest

from hallclient.domain.sms_figures import NOT_PROVIDED, SmsFigures
from hallclient.domain.tally import SMS_COLUMNS, sms_rows

ROWS = [
    {"day": "2026-03-02", "kind": "ready", "sent": 2, "delivered": 1, "failed": 1, "suppressed": 0, "queued": 0,
     "parts": 4},
    {"day": "2026-03-02", "kind": "accepted", "sent": 3, "delivered": 3, "failed": 0, "suppressed": 1, "queued": 2,
     "parts": 6},
    {"day": "2026-03-03", "kind": "ready", "sent": 1, "delivered": 0, "failed": 0, "suppressed": 0, "queued": 1,
     "parts": 1},
    {"day": "2026-03-03", "kind": "voice_call", "sent": 1, "delivered": 1, "failed": 0, "suppressed": 0,
     "queued": 0, "parts": 1},
]  # fmt: skip


def test_rows_sum_per_kind_in_declaration_order_with_unknown_kinds_kept_and_noted() -> None:
    sms = SmsFigures.from_wire(ROWS)
    assert [(row.kind, row.label, row.sent, row.queued, row.parts) for row in sms.by_kind()] == [
        ("accepted", "受理通知", 3, 2, 6),
        ("ready", "办结/可取件", 3, 1, 5),
        ("voice_call", "voice_call（未知类型）", 1, 0, 1),
    ]
    total = sms.total
    assert (total.sent, total.delivered, total.failed, total.suppressed, total.queued, total.parts) == (
        7,
        5,
        1,
        1,
        3,
        12,
    )
    assert sms.notes == ["服务器报告了本机不认识的短信类型：voice_call（按原键名列出）"]
    assert sms_rows(sms)[-1] == ["短信发送条数", 7, 5, 1, 1, 3, 12]
    assert sms_rows(sms, by_day=True)[0][:2] == ["2026-03-02", "办结/可取件"]
    assert [column.key for column in SMS_COLUMNS] == [
        "sms_sent", "sms_delivered", "sms_failed", "sms_suppressed", "sms_queued", "sms_parts"]  # fmt: skip
    assert SmsFigures.from_dict(sms.to_dict()) == sms
    assert sms.rows[0].day == date(2026, 3, 2)


def test_an_answer_without_sms_is_not_provided_and_says_so() -> None:
    sms = SmsFigures.from_wire(None)
    assert not sms.provided and sms.notes == [NOT_PROVIDED] and "服务器未提供短信统计" in NOT_PROVIDED
    assert SmsFigures.from_wire([]).provided and SmsFigures.from_wire([]).total.sent == 0


@pytest.mark.parametrize(
    "raw",
    [
        {"kind": "ready"},
        [{"day": "2026-03-02", "sent": 1}],
        [{"day": "2026-03-02", "kind": "ready", "sent": -1}],
        [{"day": "2026-03-02", "kind": "ready", "sent": "3"}],
        [{"day": "2026-03-02", "kind": "ready", "sent": True}],
        [{"day": "2026-13-02", "kind": "ready"}],
        ["ready"],
    ],
)
def test_malformed_answers_are_refused(raw: object) -> None:
    with pytest.raises(ValueError):
        SmsFigures.from_wire(raw)
