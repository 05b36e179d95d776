"""SMPP submits pipelined (``SmppGateway.send_many``): several submit_sm in flight, each answer matched to its
message; a session that breaks mid-window leaves the answered messages sent and the unanswered ones uncertain
(never resent), and one refused number fails only its own message."""

from __future__ import annotations

from pathlib import Path

from sms_helpers import running_smsc

from hallclient.server.sms.gateway import GatewayError, Submitted
from hallclient.server.sms.smpp import SmppGateway

SHORT = "【西湖区政务服务中心】您的办件已办结。"  # one part


def test_submits_are_pipelined_and_each_answer_lands_on_its_message(tmp_path: Path) -> None:
    with running_smsc(tmp_path, delay_ms=5) as smsc:
        gateway = SmppGateway.from_uri(smsc.uri())
        try:
            items = [(f"1380000{n:04d}", SHORT, f"ref{n}") for n in range(12)]
            items[5] = ("13900000000", SHORT, "ref5")  # the test SMSC refuses 139… as an invalid destination
            outcomes = gateway.send_many(items)
            one = gateway.send("13800000099", SHORT, "alone")
        finally:
            gateway.close()
        submits = smsc.submits()
    assert len(outcomes) == 12
    refused = outcomes[5][0]
    assert isinstance(refused, GatewayError) and refused.permanent and "0x0B" in str(refused)
    sent = [outcome for outcome, _seconds in outcomes if isinstance(outcome, Submitted)]
    by_dest = {item["dest"]: item["message_id"] for item in submits}
    assert [s.message_id for s in sent] == [by_dest["86" + phone] for phone, _t, _r in items if phone != "13900000000"]
    assert any(item["next_waiting"] for item in submits[:12])  # the next submit was written before this answer
    assert one.message_id == by_dest["8613800000099"] and not submits[-1]["next_waiting"]


def test_a_session_broken_mid_window_leaves_the_unanswered_uncertain(tmp_path: Path) -> None:
    with running_smsc(tmp_path, hangup_after=4) as smsc:
        gateway = SmppGateway.from_uri(smsc.uri(timeout="5"))
        try:
            outcomes = gateway.send_many([(f"1380000{n:04d}", SHORT, f"ref{n}") for n in range(8)])
        finally:
            gateway.close()
    answered = [o for o, _s in outcomes if isinstance(o, Submitted)]
    uncertain = [o for o, _s in outcomes if isinstance(o, GatewayError)]
    assert len(answered) == 3 and all(isinstance(o, Submitted) for o, _s in outcomes[:3])
    assert len(outcomes) == 8 and len(uncertain) == 5 and all(e.uncertain for e in uncertain)
