"""A deterministic, realistic demo store, built through the same services the app uses.

``hallclient demo seed`` and ``hallclient --demo`` call :func:`seed`; the same seed always gives the
same cases (ids and hashes differ because they are time-ordered UUIDs, the content does not).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from hallclient.config import Settings
from hallclient.domain.case import CaseAction, CaseStatus, Channel, Decision, Outcome
from hallclient.domain.catalog import Catalog, Matter, MatterKind
from hallclient.domain.idnumber import check_digit
from hallclient.domain.waybill import Carrier, s10_check_digit
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.paths import resource_path
from hallclient.services import cases, enquiries, forwarding, ratings, users
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Actor, Services
from hallclient.services.partners import apply_partner
from hallclient.store.bootstrap import device_id, load_calendar, open_store

DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("wangfang", "demo1234", "王芳", "clerk"),
    ("lijun", "demo1234", "李军", "clerk"),
    ("chenjing", "demo1234", "陈静", "clerk"),
    ("zhaomin", "demo1234", "赵敏", "supervisor"),
    ("admin", "admin1234", "系统管理员", "admin"),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海燕宇浩晨欣怡子涵梓轩思雨佳琪俊杰雅婷"
REGIONS = ("330106", "330102", "330105", "330108", "330110", "330122", "510104", "520102", "350102", "110105")
STREETS = ("文三路", "天目山路", "教工路", "莫干山路", "西溪路", "古墩路", "学院路", "保俶路")
COMPANIES = ("杭州云栖科技有限公司", "西湖区小河餐饮店", "浙江明德建设工程有限公司", "杭州青禾农业合作社")
PARTNERS = ("四川省成都市", "贵州省贵阳市", "云南省昆明市", "重庆市渝中区", "福建省福州市")
PARTNER_PROVINCES = ("四川省", "贵州省", "云南省", "重庆市", "福建省")
REFUSALS = (
    ("申请事项不属于本机关职权范围", "区市场监督管理局"),
    ("申请人不具备申请资格（非本辖区户籍）", "户籍所在地政务服务中心"),
    ("依法不需要取得行政许可", ""),
)


def demo_catalog() -> Catalog:
    from hallclient.catalog import load_catalog

    return load_catalog(resource_path("catalog", "demo_catalog.json"))


def _id_number(rng: random.Random, birth: date, female: bool) -> str:
    order = rng.randrange(0, 50) * 2 + (0 if female else 1)
    first17 = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{rng.randrange(0, 10)}{order:02d}"
    return first17 + check_digit(first17)


def random_person(rng: random.Random, on: date) -> cases.Applicant:
    age = rng.choice([rng.randint(19, 59)] * 4 + [rng.randint(60, 88)])
    birth = date(on.year - age, rng.randint(1, 12), rng.randint(1, 28))
    female = rng.random() < 0.5
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return cases.Applicant(
        kind="person",
        name=name,
        id_type="id_card",
        id_number=_id_number(rng, birth, female),
        phone=f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
        address=f"浙江省杭州市西湖区{rng.choice(STREETS)}{rng.randint(1, 400)}号",
    )


def _organisation(rng: random.Random, on: date) -> cases.Applicant:
    from hallclient.domain.uscc import uscc_check_char

    body = f"9133010{rng.randrange(6)}MA2{''.join(rng.choice('ABCDEFGHJKLMNPQRTUWXY0123456789') for _ in range(6))}"
    representative = random_person(rng, on)
    return cases.Applicant(
        kind="organisation",
        name=rng.choice(COMPANIES),
        id_type="uscc",
        id_number=body + uscc_check_char(body),
        phone=representative.phone,
        representative_name=representative.name,
        representative_id_number=representative.id_number,
    )


def _materials(rng: random.Random, matter: Matter, complete: bool) -> tuple[cases.ReceivedMaterial, ...]:
    items = []
    for material in matter.materials:
        received = complete or not material.required or rng.random() < 0.6
        items.append(
            cases.ReceivedMaterial(
                code=material.code,
                received=received,
                copies=material.copies if received else 0,
                pages=rng.randint(1, 6) if received else 0,
            )
        )
    return tuple(items)


def _fixed_clock(moment: datetime) -> Callable[[], datetime]:
    """A clock stopped at ``moment``: seeding replays the past through the real services."""
    aware = moment.astimezone()
    return lambda: aware


def _intake_request(rng: random.Random, matter: Matter, on: date) -> cases.IntakeRequest:
    applicant = _organisation(rng, on) if rng.random() < 0.12 else random_person(rng, on)
    agent = random_person(rng, on) if rng.random() < 0.1 else None
    channel = Channel.ON_SITE
    details: dict[str, str] = {}
    roll = rng.random()
    if matter.cross_province and roll < 0.25:
        channel = Channel.CROSS_PROVINCE
        forwarding = rng.choice(("network", "post"))
        details = {"partner_region": rng.choice(PARTNERS), "identity_check": "人证比对通过", "forwarding": forwarding}
        if forwarding == "post":  # the originals are posted right after intake (see seed)
            details["demo_waybill"] = demo_waybill(rng.randrange(10**9, 10**10))
    elif matter.province_wide and roll < 0.4:
        channel = Channel.PROVINCE_WIDE
    elif matter.id_card_only and roll < 0.6:
        channel = Channel.ID_CARD_ONLY
    may_be_deficient = [m for m in matter.materials if m.deficiency_allowed]
    outcome_roll = rng.random()
    refusal_reason, body = "", ""
    if matter.kind is MatterKind.IMMEDIATE and outcome_roll < 0.8:
        outcome, materials = Outcome.COMPLETE_IMMEDIATELY, _materials(rng, matter, True)
    elif outcome_roll < 0.12:
        outcome, materials = Outcome.NOTIFY_MISSING, _materials(rng, matter, False)
        if all(item.received for item in materials):
            outcome = Outcome.ACCEPT
    elif outcome_roll < 0.16:
        outcome, materials = Outcome.REFUSE, _materials(rng, matter, True)
        refusal_reason, body = rng.choice(REFUSALS)
    elif outcome_roll < 0.24 and may_be_deficient:
        outcome = Outcome.ACCEPT_WITH_DEFICIENCY
        chosen = rng.choice(may_be_deficient)
        materials = tuple(
            replace(item, received=False, copies=0, pages=0, deficient=True) if item.code == chosen.code else item
            for item in _materials(rng, matter, True)
        )
    else:
        outcome, materials = Outcome.ACCEPT, _materials(rng, matter, True)
    applicant_is_elder = cases.suggest_green_channel(applicant, on)
    return cases.IntakeRequest(
        matter_code=matter.code,
        applicant=applicant,
        agent=agent,
        outcome=outcome,
        materials=materials,
        channel=channel,
        channel_details=details,
        green_channel=applicant_is_elder,
        refusal_reason=refusal_reason,
        competent_body=body,
    )


def seed(services: Services, *, days: int, cases_per_day: int, seed: int, today: date | None = None) -> int:
    """Record ``days`` working days of activity ending ``today``; returns the number of cases."""
    rng = random.Random(seed)
    today = today or date.today()
    calendar = load_calendar(services.store)
    catalog = demo_catalog()
    import_catalog(services.store, catalog)
    _seed_partners(services, catalog)
    actors = _ensure_users(services)
    clerks = [actor for actor in actors if actor.role == "clerk"]
    matters = list(catalog.matters)
    weights = [rng.choice((1, 1, 2, 3, 8)) for _ in matters]  # a few matters dominate, as in real halls
    workdays = _past_workdays(calendar, today, days)
    total = 0
    open_cases: list[tuple[str, date]] = []
    for day in workdays:
        moments = sorted(
            datetime.combine(day, time(9, 0)) + timedelta(minutes=rng.randint(0, 8 * 60 - 1))
            for _ in range(cases_per_day)
        )
        for moment in moments:
            services.clock = _fixed_clock(moment)
            clerk = rng.choice(clerks)
            matter = rng.choices(matters, weights)[0]
            request = _intake_request(rng, matter, day)
            waybill = request.channel_details.pop("demo_waybill", "")
            result = cases.record_intake(services, clerk, request, calendar)
            if waybill and result.state.status is CaseStatus.ACCEPTED:
                forwarding.record_step(services, clerk, result.case_id, CaseAction.FORWARD_POST,
                                       carrier=Carrier.EMS, waybill=waybill)  # fmt: skip
            total += 1
            if result.state.status in (CaseStatus.ACCEPTED, CaseStatus.AWAITING_SUPPLEMENT):
                open_cases.append((result.case_id, day))
            if result.state.status is not CaseStatus.AWAITING_SUPPLEMENT and rng.random() < 0.75:
                level = rng.choices((5, 4, 3, 2, 1), (70, 18, 7, 3, 2))[0]
                reason = "等候时间较长" if level <= 2 else ""
                ratings.record_rating(
                    services, clerk, level=level, case_id=result.case_id, reason=reason, on_behalf=rng.random() < 0.05
                )
        for _ in range(max(1, cases_per_day // 6)):
            moment = datetime.combine(day, time(9, 0)) + timedelta(minutes=rng.randint(0, 8 * 60 - 1))
            services.clock = _fixed_clock(moment)
            handed = rng.random() < 0.3
            enquiries.record_enquiry(
                services,
                rng.choice(clerks),
                enquiries.EnquiryInput(
                    subject=f"咨询{rng.choice(matters).name}所需材料",
                    handling="handed_over" if handed else "answered",
                    visitor_name=random_person(rng, day).name,
                    phone=f"13{rng.randrange(10**8, 10**9)}" if handed else "",
                    handed_to="不动产登记窗口" if handed else "",
                ),
            )
        _advance_open_cases(services, rng, clerks, calendar, open_cases, day)
    services.clock = _real_clock
    return total


def _real_clock() -> datetime:
    return datetime.now().astimezone()


def _advance_open_cases(
    services: Services,
    rng: random.Random,
    clerks: list[Actor],
    calendar: WorkCalendar,
    open_cases: list[tuple[str, date]],
    day: date,
) -> None:
    """Move older cases along: supplements, completions and collections, as a hall's back office would."""
    still_open: list[tuple[str, date]] = []
    evening = datetime.combine(day, time(17, 30))
    services.clock = _fixed_clock(evening)
    for case_id, received in open_cases:
        if received == day or rng.random() < 0.75:
            still_open.append((case_id, received))
            continue
        with services.store.read() as session:
            row = cases.get_case(session, case_id)
            assert row is not None
            status, deficiency = CaseStatus(row.status), row.deficiency_open
        clerk = rng.choice(clerks)
        if status is CaseStatus.AWAITING_SUPPLEMENT:
            cases.supplement(services, clerk, case_id, calendar)
            still_open.append((case_id, day))
        elif status is CaseStatus.ACCEPTED:
            if deficiency:
                cases.supply_deficiency(services, clerk, case_id)
            _partner_returns(services, clerk, case_id)
            decision = Decision.APPROVED if rng.random() < 0.95 else Decision.DENIED
            cases.complete(services, clerk, case_id, decision)
            if rng.random() < 0.7:
                method = rng.choice(("window", "post"))
                carrier, waybill = (
                    (Carrier.EMS, demo_waybill(int(case_id[-8:], 16))) if method == "post" else (None, "")
                )
                cases.collect(services, clerk, case_id, method, waybill, carrier)
    open_cases[:] = still_open


def demo_waybill(number: int) -> str:
    """A made-up EMS number with a valid S10 check digit."""
    serial = f"{number % 10**8:08d}"
    return f"EA{serial}{s10_check_digit(serial)}CN"


def _seed_partners(services: Services, catalog: Catalog) -> None:
    """The demo's 协议地区, as the server would publish them: each covers every 跨省通办 matter."""
    matters = [matter.code for matter in catalog.matters if matter.cross_province]
    with services.store.write() as session:
        for number, (name, province) in enumerate(zip(PARTNERS, PARTNER_PROVINCES, strict=True), start=1):
            contact = {"name": f"{name[-3:-1]}窗口", "phone": f"0{number}0-8888000{number}"}
            data = {"name": name, "province": province, "matters": matters, "contacts": [contact], "active": True}
            apply_partner(session, f"demo-partner-{number}", data)


def _partner_returns(services: Services, clerk: Actor, case_id: str) -> None:
    """A posted case's partner signs for the originals and sends the result back before it is completed."""
    with services.store.read() as session:
        row = cases.get_case(session, case_id)
        assert row is not None
        posted = cases.forwarding_of(session, row)
    if posted is not None and posted.started:
        forwarding.record_step(services, clerk, case_id, CaseAction.FORWARD_RECEIVED)
        forwarding.record_step(services, clerk, case_id, CaseAction.FORWARD_RESULT)


def _past_workdays(calendar: WorkCalendar, today: date, count: int) -> list[date]:
    found: list[date] = []
    day = today
    while len(found) < count:
        if calendar.is_workday(day):
            found.append(day)
        day -= timedelta(days=1)
    return sorted(found)


def _ensure_users(services: Services) -> list[Actor]:
    actors = []
    for username, password, display_name, role in DEMO_USERS:
        try:
            actors.append(users.add_user(services, username, display_name, role, password))
        except HallError:  # already there (a re-seeded store): the account is reused
            actors.append(users.authenticate(services, username, password))
    return actors


def create_demo_services(
    path: Path, *, days: int = 20, cases_per_day: int = 30, seed_value: int = 1, settings: Settings | None = None
) -> Services:
    """A fresh demo store at ``path`` (replaced if it exists), seeded and ready for the GUI."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path)
    services = Services(store=store, settings=settings or Settings(), device_id=device_id(store))
    seed(services, days=days, cases_per_day=cases_per_day, seed=seed_value)
    return services
