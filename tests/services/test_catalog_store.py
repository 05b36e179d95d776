"""The catalog's guide, certificate kinds and bundles survive the local store (what the window reads back)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import event

from hallclient.domain.case import Outcome
from hallclient.domain.catalog import Bundle, Catalog, CertificateKind, Guide, SampleForm
from hallclient.domain.workdays import WorkCalendar
from hallclient.services import cases
from hallclient.services.catalog import import_catalog, load_catalog
from hallclient.services.context import Actor, Services


def _rich_catalog(base: Catalog) -> Catalog:
    """``base`` (the fixture's small catalog as stored) with a guide, flags, a certificate kind and a bundle."""
    first, second = base.matters
    guide = Guide(
        conditions=("本区户籍居民",),
        steps=("窗口受理", "审核", "发证"),
        address="区政务服务中心一楼",
        hours="工作日 9:00-17:00",
        phone="0571-12345",
        online_url="https://zwfw.example.gov.cn/XK0001",
        sample_forms=(SampleForm("申请表", "forms/XK0001.pdf", "ab" * 32),),
    )
    card = replace(second.materials[0], certificate_kinds=("SFZ",))
    return replace(
        base,
        matters=(replace(first, guide=guide, fully_online=True, one_window=True), replace(second, materials=(card,))),
        bundles=(Bundle("YJS01", "新生儿出生一件事", (first.code, second.code), "出生医学证明、户口登记"),),
        certificate_kinds=(CertificateKind("SFZ", "居民身份证"),),
    )


def test_guides_kinds_and_bundles_are_read_back_as_imported(services: Services) -> None:
    catalog = _rich_catalog(load_catalog(services.store))
    import_catalog(services.store, catalog)
    loaded = load_catalog(services.store)
    assert loaded.matters == catalog.matters
    # a bundle without search initials gets them from its name at import (the matter search finds it by them)
    assert loaded.bundles == tuple(replace(bundle, pinyin_initials="xsecsyjs") for bundle in catalog.bundles)
    assert loaded.certificate_kinds == catalog.certificate_kinds


def test_a_bundle_dropped_from_the_catalog_is_deactivated_not_deleted(services: Services) -> None:
    small = load_catalog(services.store)
    import_catalog(services.store, _rich_catalog(small))
    import_catalog(services.store, small)
    assert load_catalog(services.store).bundles == ()
    assert [b.code for b in load_catalog(services.store, include_inactive=True).bundles] == ["YJS01"]


def test_a_bundle_keeps_the_initials_its_catalog_gives(services: Services) -> None:
    catalog = _rich_catalog(load_catalog(services.store))
    given = replace(catalog, bundles=tuple(replace(bundle, pinyin_initials="csyjs") for bundle in catalog.bundles))
    import_catalog(services.store, given)
    assert [bundle.pinyin_initials for bundle in load_catalog(services.store).bundles] == ["csyjs"]


def test_the_matter_is_read_once_per_catalog_and_a_catalog_change_reaches_the_next_intake(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    def intake() -> cases.CaseResult:
        received = tuple(cases.ReceivedMaterial(code, True, 1, 2) for code in ("M1", "M2", "M3", "M4"))
        applicant = cases.Applicant(name="张三", id_number="11010519491231002X")
        return cases.record_intake(
            services, clerk, cases.IntakeRequest("XK0001", applicant, Outcome.ACCEPT, received), calendar
        )

    matter_reads: list[str] = []

    def count_matter_reads(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "FROM matters" in statement or "FROM materials" in statement:
            matter_reads.append(statement)

    event.listen(services.store.writer, "before_cursor_execute", count_matter_reads)
    try:
        assert intake().state.promised_date == date(2026, 3, 9)  # 5 working days
        matter_reads.clear()
        intake()
        assert matter_reads == []  # the unchanged catalog's matter comes from the cache
        small = load_catalog(services.store)
        first, second = small.matters
        renamed = replace(first.materials[0], name="不动产登记申请审批表")
        changed = replace(first, promised_days=3, materials=(renamed, *first.materials[1:]))
        import_catalog(services.store, replace(small, matters=(changed, second)))
        result = intake()
    finally:
        event.remove(services.store.writer, "before_cursor_execute", count_matter_reads)
    assert result.state.promised_date == date(2026, 3, 5)
    with services.store.read() as session:
        row = cases.get_case(session, result.case_id)
        assert row is not None and row.materials[0].name == "不动产登记申请审批表"
