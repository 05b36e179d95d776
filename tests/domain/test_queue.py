"""The queue rules: ticket numbers, the state machine, green channel, call-next order, appointment rules."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallclient.domain.appointments import (
    Slot,
    check_booking_day,
    check_in_allowed,
    check_room,
    find_slot,
    new_booking_code,
    normalise_booking_code,
    parse_slot,
    validate_slots,
)
from hallclient.domain.masking import mask_name_public
from hallclient.domain.queue import (
    Action,
    Category,
    GreenClaim,
    QueueError,
    QueueRules,
    TicketState,
    WaitingTicket,
    choose_next,
    green_channel_reason,
    open_category,
    ticket_number,
    transition,
    validate_category,
    window_priorities,
)

NOW = datetime(2026, 12, 2, 10, 0)
TODAY = NOW.date()


def test_ticket_numbers() -> None:
    assert ticket_number("A", 1) == "A001"
    assert ticket_number("GB", 42) == "GB042"
    assert ticket_number("A", 1234) == "A1234"
    with pytest.raises(ValueError):
        ticket_number("A", 0)


def test_the_happy_path_of_a_ticket() -> None:
    state = TicketState.WAITING
    for action in (Action.CALL, Action.RECALL, Action.START, Action.FINISH):
        state = transition(state, action, ticket="A001")
    assert state is TicketState.DONE


@pytest.mark.parametrize(
    ("state", "action", "message"),
    [
        (TicketState.WAITING, Action.FINISH, "A001 号当前状态为「等候中」，不能办结"),
        (TicketState.DONE, Action.CALL, "A001 号当前状态为「已办结」，不能叫号"),
        (TicketState.NO_SHOW, Action.RECALL, "A001 号当前状态为「过号」，不能重呼"),
        (TicketState.TRANSFERRED, Action.CALL, "A001 号已转移，不能再叫号"),
        (TicketState.TRANSFERRED, Action.CALL_BACK, "A001 号已转移，不能再回呼"),
        (TicketState.WAITING, Action.CALL_BACK, "A001 号当前状态为「等候中」，不能回呼"),
        (TicketState.SERVING, Action.NO_SHOW, "A001 号当前状态为「办理中」，不能过号"),
    ],
)
def test_illegal_transitions_are_refused_in_chinese(state: TicketState, action: Action, message: str) -> None:
    with pytest.raises(QueueError) as refused:
        transition(state, action, ticket="A001")
    assert str(refused.value) == message


def test_hold_and_call_back() -> None:
    held = transition(TicketState.SERVING, Action.HOLD, ticket="A001")
    assert held is TicketState.HELD
    assert transition(held, Action.CALL_BACK, ticket="A001") is TicketState.CALLED


def test_recall_is_limited() -> None:
    rules = QueueRules(max_recalls=2)
    assert transition(TicketState.CALLED, Action.RECALL, ticket="A001", recalls=1, rules=rules) is TicketState.CALLED
    with pytest.raises(QueueError, match="已重呼 2 次，达到上限 2 次"):
        transition(TicketState.CALLED, Action.RECALL, ticket="A001", recalls=2, rules=rules)


def test_categories_are_validated_and_closed_ones_refused() -> None:
    with pytest.raises(QueueError, match="业务类别代码「a1」无效"):
        validate_category(Category("a1", "企业开办"))
    with pytest.raises(QueueError, match="优先级 0 无效"):
        validate_category(Category("A", "企业开办", windows={"05": 0}))
    categories = {"A": Category("A", "企业开办"), "C": Category("C", "不动产", open=False)}
    assert open_category(categories, " a ").code == "A"
    with pytest.raises(QueueError, match="没有业务类别「Z」"):
        open_category(categories, "Z")
    with pytest.raises(QueueError, match="已暂停取号"):
        open_category(categories, "C")


def test_green_channel_rule() -> None:
    old = "11010519491231002X"  # born 1949-12-31
    young = "110105200001010016"
    assert green_channel_reason(GreenClaim(id_number=old), TODAY) == "60 周岁以上"
    assert green_channel_reason(GreenClaim(id_number=young), TODAY) is None
    assert green_channel_reason(GreenClaim(id_number=young, pregnant=True), TODAY) == "孕妇"
    assert green_channel_reason(GreenClaim(disabled=True), TODAY) == "残疾人"
    # configurable: the age limit and the flags
    assert green_channel_reason(GreenClaim(id_number=old), TODAY, QueueRules(green_age=0)) is None
    assert green_channel_reason(GreenClaim(disabled=True), TODAY, QueueRules(green_disabled=False)) is None
    with pytest.raises(QueueError, match="身份证号无效"):
        green_channel_reason(GreenClaim(id_number="110105194912310021"), TODAY)  # wrong check digit


def test_a_60th_birthday_counts_from_that_day() -> None:
    number = "110105196612020011"  # born 1966-12-02: 60 today
    assert green_channel_reason(GreenClaim(id_number=number), TODAY) == "60 周岁以上"
    assert green_channel_reason(GreenClaim(id_number=number), TODAY - timedelta(days=1)) is None


def _ticket(n: int, category: str = "A", minutes: int = 0, **extra: object) -> WaitingTicket:
    return WaitingTicket(id=f"t{n}", category=category, issued_at=NOW + timedelta(minutes=minutes), sequence=n,
                         **extra)  # type: ignore[arg-type]  # fmt: skip


def test_call_next_order_priority_green_appointment_fifo() -> None:
    priorities = {"A": 1, "B": 2}
    plain_b = _ticket(1, "B", minutes=-30)
    plain_a_late = _ticket(2, "A", minutes=-5)
    plain_a_early = _ticket(3, "A", minutes=-10)
    assert choose_next([plain_b, plain_a_late, plain_a_early], "05", priorities, NOW) == plain_a_early
    green_a = _ticket(4, "A", minutes=-1, green=True)
    assert choose_next([plain_b, plain_a_early, green_a], "05", priorities, NOW) == green_a
    due = _ticket(5, "A", minutes=-1, appointment_start=NOW + timedelta(minutes=10))
    not_due = _ticket(6, "A", minutes=-2, appointment_start=NOW + timedelta(minutes=60))
    assert choose_next([plain_a_early, due, not_due], "05", priorities, NOW) == due
    assert choose_next([plain_a_early, not_due], "05", priorities, NOW) == plain_a_early
    assert choose_next([green_a, due], "05", priorities, NOW) == green_a


def test_call_next_respects_window_bindings_and_transfers() -> None:
    categories = [Category("A", "企业开办", windows={"05": 1}), Category("B", "社保", windows={"06": 1}),
                  Category("C", "不动产", windows={"05": 2}, open=False)]  # fmt: skip
    priorities = window_priorities(categories, "05")
    assert priorities == {"A": 1}
    only_b = _ticket(1, "B")
    only_c = _ticket(2, "C")
    assert choose_next([only_b, only_c], "05", priorities, NOW) is None
    sent_here = _ticket(3, "B", minutes=5, target_window="05")
    sent_elsewhere = _ticket(4, "A", minutes=-5, target_window="07")
    assert choose_next([only_b, sent_here, sent_elsewhere, _ticket(5, "A")], "05", priorities, NOW) == sent_here
    assert choose_next([sent_elsewhere], "05", priorities, NOW) is None


tickets = st.lists(
    st.builds(
        WaitingTicket,
        id=st.uuids().map(str),
        category=st.sampled_from(["A", "B", "C"]),
        issued_at=st.integers(0, 600).map(lambda m: NOW - timedelta(minutes=m)),
        sequence=st.integers(1, 999),
        green=st.booleans(),
        appointment_start=st.none() | st.integers(-60, 120).map(lambda m: NOW + timedelta(minutes=m)),
        target_window=st.none() | st.sampled_from(["05", "06"]),
    ),
    max_size=30,
)
priority_maps = st.dictionaries(st.sampled_from(["A", "B", "C"]), st.integers(1, 9), max_size=3)


@settings(max_examples=300, deadline=None)
@given(tickets, priority_maps)
def test_call_next_never_skips_a_better_ticket(waiting: list[WaitingTicket], priorities: dict[str, int]) -> None:
    rules = QueueRules()
    chosen = choose_next(waiting, "05", priorities, NOW, rules)
    eligible = [
        t for t in waiting if (t.target_window == "05") or (t.target_window is None and t.category in priorities)
    ]
    if not eligible:
        assert chosen is None
        return
    assert chosen in eligible
    for other in eligible:
        # nobody eligible outranks the chosen one on the documented order
        if other.target_window == "05" and chosen.target_window != "05":
            pytest.fail("a ticket transferred to this window was passed over")
        if (other.target_window == "05") != (chosen.target_window == "05"):
            continue
        if priorities.get(other.category, 10) < priorities.get(chosen.category, 10):
            pytest.fail("a ticket of a higher-priority category was passed over")
        if priorities.get(other.category, 10) == priorities.get(chosen.category, 10):
            assert not (other.green and not chosen.green), "a green-channel ticket was passed over"


@settings(max_examples=200, deadline=None)
@given(tickets, priority_maps)
def test_calling_repeatedly_serves_everyone_eligible_once(
    waiting: list[WaitingTicket], priorities: dict[str, int]
) -> None:
    remaining = list(waiting)
    called: list[str] = []
    while (chosen := choose_next(remaining, "05", priorities, NOW)) is not None:
        called.append(chosen.id)
        remaining.remove(chosen)
    expected = [
        t.id for t in waiting if t.target_window == "05" or (t.target_window is None and t.category in priorities)
    ]
    assert sorted(called) == sorted(expected)
    # and within one category with no green, appointment or transfer, strictly first come first served
    plain = [
        t
        for t in waiting
        if t.category == "A" and not t.green and t.appointment_start is None and t.target_window is None
    ]
    order = [tid for tid in called if tid in {t.id for t in plain}]
    by_time = [t.id for t in sorted(plain, key=lambda t: (t.issued_at, t.sequence))]
    assert order == by_time or "A" not in priorities


def test_slots_parse_and_refuse() -> None:
    slot = parse_slot("09:00-10:00", 6)
    assert slot == Slot(time(9), time(10), 6)
    with pytest.raises(QueueError, match="应写作 09:00-10:00"):
        parse_slot("9-10", 6)
    with pytest.raises(QueueError, match="结束时间应晚于开始时间"):
        parse_slot("10:00-09:00", 6)
    with pytest.raises(QueueError, match="名额 0 无效"):
        parse_slot("09:00-10:00", 0)
    with pytest.raises(QueueError, match="重叠"):
        validate_slots([parse_slot("09:00-10:00", 1), parse_slot("09:30-11:00", 1)])
    with pytest.raises(QueueError, match="没有时段「11:00-12:00」"):
        find_slot([slot], "11:00-12:00")
    check_room(slot, 5)
    with pytest.raises(QueueError, match="已约满"):
        check_room(slot, 6)


def test_booking_days_and_check_in_times() -> None:
    check_booking_day(TODAY, TODAY, True)
    with pytest.raises(QueueError, match="已过去"):
        check_booking_day(TODAY - timedelta(days=1), TODAY, True)
    with pytest.raises(QueueError, match="最多可预约 3 天内"):
        check_booking_day(TODAY + timedelta(days=4), TODAY, True)
    with pytest.raises(QueueError, match="不是工作日"):
        check_booking_day(TODAY + timedelta(days=1), TODAY, False)
    slot = parse_slot("10:00-11:00", 3)
    day = date(2026, 12, 2)
    check_in_allowed(day, slot, datetime(2026, 12, 2, 9, 30))
    check_in_allowed(day, slot, datetime(2026, 12, 2, 11, 15))
    with pytest.raises(QueueError, match="请于 12-02 09:30 后签到"):
        check_in_allowed(day, slot, datetime(2026, 12, 2, 9, 29))
    with pytest.raises(QueueError, match="已过签到时间"):
        check_in_allowed(day, slot, datetime(2026, 12, 2, 11, 16))


def test_booking_codes() -> None:
    code = new_booking_code()
    assert len(code) == 8 and not set(code) & set("01ILOU")
    assert normalise_booking_code(" ab-cd ef23 ") == "ABCDEF23"


@pytest.mark.parametrize(
    ("name", "masked"), [("王小芳", "王*芳"), ("欧阳娜娜", "欧**娜"), ("张三", "张*"), ("李", "李")]
)
def test_public_name_mask(name: str, masked: str) -> None:
    assert mask_name_public(name) == masked
