"""Deadlines counted over a year the calendar lacks are provisional, and are recounted when the year arrives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hallclient.domain import case as lc
from hallclient.domain.case import Decision, Outcome
from hallclient.domain.catalog import Material, Matter, MatterKind
from hallclient.domain.workdays import WorkCalendar

CAL = WorkCalendar.load_default()  # 2020-2026
# Not the official 2027 schedule (published around November 2026): a stand-in built by the test.
SIMULATED_2027 = WorkCalendar.from_dict(
    {
        "version": "test-2027",
        "years": {
            "2027": {
                "source": "测试用日历（非官方）",
                "holidays": ["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"],
                "adjusted_workdays": ["2027-01-02"],
            }
        },
    }
)
WITH_2027 = CAL.merged(SIMULATED_2027)
MATTER = Matter(
    code="X1",
    name="测试承诺件",
    department_code="D",
    kind=MatterKind.PROMISED,
    statutory_days=20,
    promised_days=10,
    materials=(Material("A", "申请表"), Material("B", "附件", deficiency_allowed=True)),
)
LATE_DECEMBER = date(2026, 12, 18)  # a Friday


def test_a_late_december_case_is_provisional_until_2027_arrives_then_recounted() -> None:
    before = lc.intake(Outcome.ACCEPT, MATTER, LATE_DECEMBER, CAL)
    # Monday-Friday: Dec 21-25 (5), Dec 28-31 (9), Jan 1 (10) ... Jan 11-15 (20).
    assert (before.state.promised_date, before.state.statutory_date) == (date(2027, 1, 1), date(2027, 1, 15))
    assert before.state.provisional == {"promised_date", "statutory_date"}
    assert lc.provisional_payload(before.state) == {"deadlines_provisional": ["promised_date", "statutory_date"]}

    recount = lc.recompute_deadlines(before.state, CAL, WITH_2027)
    assert recount is not None and recount.event_type == lc.RECOMPUTED_EVENT
    # Jan 1 is a holiday, Sat Jan 2 a working day: Dec 21-31 (9), Jan 2 (10); Jan 4-8 (15), Jan 11-15 (20).
    assert (recount.state.promised_date, recount.state.statutory_date) == (date(2027, 1, 2), date(2027, 1, 15))
    assert recount.state.provisional == frozenset()
    assert recount.payload == {
        "previous": {"promised_date": "2027-01-01", "statutory_date": "2027-01-15"},
        "promised_date": "2027-01-02",
        "statutory_date": "2027-01-15",
    }
    # Accepted after the calendar arrived: the same dates, final from the start.
    after = lc.intake(Outcome.ACCEPT, MATTER, LATE_DECEMBER, WITH_2027).state
    assert (after.promised_date, after.statutory_date, after.provisional) == (
        recount.state.promised_date,
        recount.state.statutory_date,
        frozenset(),
    )


def test_a_recount_that_still_reaches_an_uncovered_year_stays_provisional() -> None:
    state = lc.intake(Outcome.ACCEPT, replace(MATTER, statutory_days=60), date(2026, 12, 18), CAL).state
    only_2026_fix = WorkCalendar.from_dict({"version": "v", "years": {"2026": CAL.to_dict()["years"]["2026"]}})
    assert lc.recompute_deadlines(state, CAL, CAL.merged(only_2026_fix)) is None  # nothing settled, no event
    late = lc.intake(Outcome.ACCEPT, replace(MATTER, statutory_days=300), date(2026, 12, 18), CAL).state
    recount = lc.recompute_deadlines(late, CAL, WITH_2027)
    assert recount is not None
    assert recount.state.provisional == {"statutory_date"}  # runs into 2028
    assert recount.state.statutory_date is not None and recount.state.statutory_date.year == 2028


def test_notice_deadline_extension_and_resumption_carry_the_flag() -> None:
    notice = lc.intake(Outcome.NOTIFY_MISSING, MATTER, date(2026, 12, 28), CAL, missing=("A",)).state
    assert (notice.notice_deadline, notice.provisional) == (date(2027, 1, 4), {"notice_deadline"})
    recount = lc.recompute_deadlines(notice, CAL, WITH_2027)
    assert recount is not None and recount.state.notice_deadline == date(2027, 1, 4)  # 29, 30, 31, Jan 2, Jan 4
    supplied = lc.supplement(notice, replace(MATTER, promised_days=1, statutory_days=2), date(2026, 12, 29), CAL)
    assert supplied.state.provisional == frozenset()  # Dec 30, 31: the notice deadline no longer matters

    early = lc.intake(Outcome.ACCEPT, MATTER, date(2026, 12, 1), CAL).state
    assert early.provisional == frozenset()
    assert lc.recompute_deadlines(early, CAL, WITH_2027) is None
    extended = lc.extend(early, 15, "需现场核查", CAL).state
    assert extended.provisional == {"promised_date"}
    suspended = lc.suspend(early, date(2026, 12, 10), "等待鉴定")
    resumed = lc.resume(suspended.state, date(2027, 1, 6), CAL).state
    assert resumed.provisional == {"promised_date", "statutory_date"}


def test_closed_cases_and_clerk_chosen_dates_are_never_recounted() -> None:
    done = lc.complete(lc.intake(Outcome.ACCEPT, MATTER, LATE_DECEMBER, CAL).state, Decision.APPROVED, LATE_DECEMBER)
    assert done.state.provisional and lc.recompute_deadlines(done.state, CAL, WITH_2027) is None
    chosen = lc.intake(
        Outcome.ACCEPT_WITH_DEFICIENCY,
        MATTER,
        LATE_DECEMBER,
        CAL,
        deficient=("B",),
        supply_deadline=date(2026, 12, 30),
    ).state
    assert chosen.provisional == {"promised_date", "statutory_date"}
    default = lc.intake(Outcome.ACCEPT_WITH_DEFICIENCY, MATTER, LATE_DECEMBER, CAL, deficient=("B",)).state
    assert default.provisional == {"promised_date", "statutory_date", "supply_deadline"}
    proposed = lc.intake(  # the intake screen proposes the promised date and the clerk keeps it
        Outcome.ACCEPT_WITH_DEFICIENCY, MATTER, LATE_DECEMBER, CAL, deficient=("B",), supply_deadline=date(2027, 1, 1)
    ).state
    assert proposed == default
    recount = lc.recompute_deadlines(default, CAL, WITH_2027)
    assert recount is not None
    assert recount.state.supply_deadline == recount.state.promised_date == date(2027, 1, 2)


def test_days_spent_suspended_over_an_uncovered_year_are_counted_again() -> None:
    only_new_year = CAL.merged(
        WorkCalendar.from_dict({"version": "t", "years": {"2027": {"source": "测试", "holidays": ["2027-01-01"]}}})
    )
    received, suspended_on, resumed_on = date(2026, 12, 1), date(2026, 12, 10), date(2027, 1, 5)

    def lived(calendar: WorkCalendar) -> lc.CaseState:
        state = lc.intake(Outcome.ACCEPT, MATTER, received, calendar).state
        state = lc.suspend(state, suspended_on, "等待鉴定").state
        return lc.resume(state, resumed_on, calendar).state

    before = lived(CAL)
    # Promised Dec 15 was final; 18 Monday-Friday days paused (Jan 1 among them) moved it, provisionally.
    assert (before.promised_date, before.provisional) == (date(2027, 1, 8), {"promised_date", "statutory_date"})
    recount = lc.recompute_deadlines(before, CAL, only_new_year, [(suspended_on, resumed_on)])
    assert recount is not None
    truth = lived(only_new_year)  # as if the 2027 schedule had been there all along
    assert (recount.state.promised_date, recount.state.statutory_date) == (truth.promised_date, truth.statutory_date)
    assert recount.state.promised_date == date(2027, 1, 8) and recount.state.provisional == frozenset()
    without_pauses = lc.recompute_deadlines(before, CAL, only_new_year)
    # Counting Jan 1 out once more without taking it out of the paused days would be a day late.
    assert without_pauses is not None and without_pauses.state.promised_date == date(2027, 1, 11)
