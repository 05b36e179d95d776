"""一件事一次办 through the real services and store: one case per matter in one transaction, or nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from bundle_helpers import BUNDLE, BUNDLE_CODE, BUNDLE_MATTERS, ID_CARD, ID_CERT, install_bundle, shared_id_card
from hallclient.domain.bundles import bundle_materials, paper_key
from hallclient.domain.case import Outcome
from hallclient.domain.certificates import Certificate
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.services.bundles import (
    BundleIntakeRequest,
    MatterDecision,
    ReceivedPaper,
    record_bundle_intake,
)
from hallclient.services.cases import Applicant, FieldError
from hallclient.services.certificates import match_bundle
from hallclient.services.context import Actor, Services
from hallclient.store.models import Case, Event

PERSON = Applicant(name="张三", id_number="11010519491231002X", phone="13800000000")


@pytest.fixture
def bundled(services: Services) -> Services:
    install_bundle(services.store)
    return services


def papers_except(*names: str) -> tuple[ReceivedPaper, ...]:
    return tuple(
        ReceivedPaper(entry.key, 2, 1) for entry in bundle_materials(BUNDLE_MATTERS) if entry.name not in names
    )


def request(
    *decisions: MatterDecision, missing: tuple[str, ...] = ("参保登记表",), papers: tuple[ReceivedPaper, ...] = ()
) -> BundleIntakeRequest:
    return BundleIntakeRequest(BUNDLE_CODE, PERSON, papers or papers_except(*missing), decisions)


DECIDED = (
    MatterDecision("BD01", Outcome.ACCEPT),
    MatterDecision("BD02", Outcome.COMPLETE_IMMEDIATELY),
    MatterDecision("BD03", Outcome.ACCEPT_WITH_DEFICIENCY),
    MatterDecision("BD04", Outcome.ACCEPT),
)


def count(services: Services, model: type) -> int:
    with services.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_one_case_per_matter_each_with_its_own_outcome_linked_by_one_bundle_id(
    bundled: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    result = record_bundle_intake(bundled, clerk, request(*DECIDED), calendar)
    assert len(result.cases) == 4
    with bundled.store.read() as session:
        rows = {row.matter_code: row for row in session.scalars(select(Case))}
        assert {row.bundle_id for row in rows.values()} == {result.bundle_id}
        assert {row.bundle_code for row in rows.values()} == {BUNDLE_CODE}
        assert [rows[c].department_code for c in BUNDLE.matters] == ["WJ", "HJ", "YB", "SB"]
        assert [rows[c].status for c in BUNDLE.matters] == ["accepted", "completed", "accepted", "accepted"]
        assert [(m.material_code, m.received, m.deficient) for m in rows["BD03"].materials] == [
            ("C1", True, False),
            ("C2", False, True),
        ]
        assert rows["BD02"].materials[0].received and rows["BD02"].materials[0].copies == 2
        assert rows["BD01"].promised_date != rows["BD04"].promised_date  # each matter its own clock
        intakes = session.scalars(select(Event).where(Event.case_id.is_not(None), Event.type.like("case.%")))
        payloads = [json.loads(event.payload) for event in intakes]
    assert len(payloads) == 4
    assert {json.dumps(p["intake"]["bundle"], sort_keys=True) for p in payloads} == {
        json.dumps({"code": BUNDLE_CODE, "id": result.bundle_id, "name": BUNDLE.name}, sort_keys=True)
    }


def test_a_failure_in_the_third_matter_leaves_no_case_and_no_event(
    bundled: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    wrong = (*DECIDED[:2], MatterDecision("BD03", Outcome.ACCEPT), DECIDED[3])  # 参保登记表 is missing
    with pytest.raises(HallError, match="城乡居民医保参保登记") as error:
        record_bundle_intake(bundled, clerk, request(*wrong), calendar)
    assert "材料不齐全" in str(error.value)
    with bundled.store.read() as session:
        assert session.scalars(select(Event.type)).all() == ["user.added"]  # the clerk's account only
    assert count(bundled, Case) == 0


def test_every_matter_needs_an_outcome_and_every_paper_a_count(
    bundled: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    with pytest.raises(HallError, match="尚未选择办理结果：社会保障卡申领"):
        record_bundle_intake(bundled, clerk, request(*DECIDED[:3]), calendar)
    zero = replace(request(*DECIDED), papers=(ReceivedPaper(papers_except()[0].key, 0),))
    with pytest.raises(HallError, match="份数须大于 0"):
        record_bundle_intake(bundled, clerk, zero, calendar)
    assert count(bundled, Case) == 0


def test_a_bundle_whose_matter_is_no_longer_in_force_is_refused_by_name(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    install_bundle(services.store, without=("BD03",))
    with pytest.raises(HallError, match="一件事“新生儿出生一件事”中的事项 BD03 不存在或已停用"):
        record_bundle_intake(services, clerk, request(*DECIDED), calendar)
    with pytest.raises(HallError, match="一件事不存在或已停用：NOPE"):
        record_bundle_intake(services, clerk, replace(request(*DECIDED), bundle_code="NOPE"), calendar)
    assert count(services, Case) == 0


HOLDER = PERSON.id_number


def test_a_shared_paper_reaches_every_bundled_case_with_its_certificate_and_lookup(
    bundled: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    record_bundle_intake(bundled, clerk, request(*DECIDED, papers=shared_id_card(ID_CERT)), calendar)
    with bundled.store.read() as session:
        kept = {
            (m.material_code, m.received, m.copies, m.certificate_no, m.lookup_id)
            for row in session.scalars(select(Case))
            for m in row.materials
            if m.material_code in ("A1", "B1", "C1", "D1")
        }
        intakes = [json.loads(event.payload).get("intake") for event in session.scalars(select(Event))]
    assert kept == {(code, True, 0, "SFZ-1101-0042", "L-7") for code in ("A1", "B1", "C1", "D1")}
    shared = [intake["materials"][0]["certificate"]["number"] for intake in intakes if intake]
    assert shared == ["SFZ-1101-0042"] * 4  # each case's intake event cites it, for the server's shares


def test_an_expired_certificate_refuses_the_whole_bundle_and_writes_nothing(
    bundled: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    expired = request(*DECIDED, papers=shared_id_card(replace(ID_CERT, valid_to=date(2026, 3, 1))))
    with pytest.raises(FieldError, match=r"事项“出生医学证明办理”：.*证照 SFZ-1101-0042 已于 2026-03-01 过期"):
        record_bundle_intake(bundled, clerk, expired, calendar)
    assert count(bundled, Case) == 0 and count(bundled, Event) == 1  # the clerk's account only


def test_a_paper_is_left_to_a_certificate_only_when_every_matter_it_stands_for_accepts_it() -> None:
    hukou = Certificate("HKB", "HKB-9", HOLDER, "张三", "派出所", date(2015, 1, 1), None)
    on = date(2026, 3, 2)
    matching = match_bundle(BUNDLE_MATTERS, bundle_materials(BUNDLE_MATTERS), (ID_CERT, hukou), HOLDER, on)
    assert [(key, c.number) for key, c in matching.uses] == [
        (paper_key(ID_CARD), "SFZ-1101-0042"),
        ("居民户口簿", "HKB-9"),
    ]
    # 社会保障卡申领 takes the ID card on paper only: the paper is asked for, and the matter named
    disagree = tuple(replace(m, materials=(replace(m.materials[0], certificate_kinds=()), *m.materials[1:]))
                     if m.code == "BD04" else m for m in BUNDLE_MATTERS)  # fmt: skip
    matching = match_bundle(disagree, bundle_materials(disagree), (ID_CERT,), HOLDER, on)
    assert matching.uses == ()
    assert matching.reasons == (f"证照 SFZ-1101-0042 不能代替“{ID_CARD}”：事项“社会保障卡申领”须收纸质材料",)
