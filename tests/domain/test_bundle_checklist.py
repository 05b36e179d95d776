"""一件事's one checklist: the same paper once, its strictest form and copies, and each matter's outcome."""

from __future__ import annotations

from bundle_helpers import BUNDLE_MATTERS, ID_CARD
from hallclient.domain.bundles import (
    allowed_outcomes,
    bundle_materials,
    paper_key,
    papers_saved,
    received_codes,
    strictest_form,
    suggested_outcome,
)
from hallclient.domain.case import Outcome
from hallclient.domain.catalog import MaterialForm


def test_names_are_one_paper_after_whitespace_and_bracket_widths_are_normalised() -> None:
    assert (
        paper_key("申请人身份证（原件）") == paper_key("申请人 身份证(原件)") == paper_key("申请人\u3000身份证(原件) ")
    )
    assert paper_key("【户口簿】") == paper_key("[户口簿]") == paper_key("［户口簿］")
    assert paper_key("身份证") != paper_key("申请人身份证")


def test_the_id_card_is_asked_once_in_its_strictest_form_and_most_copies() -> None:
    checklist = bundle_materials(BUNDLE_MATTERS)
    names = [entry.name for entry in checklist]
    assert names == [ID_CARD, "出生医学证明申请表", "居民户口簿", "参保登记表", "近期免冠照片"]
    card = checklist[0]
    assert card.stands_for == (("BD01", "A1"), ("BD02", "B1"), ("BD03", "C1"), ("BD04", "D1"))
    assert card.form is MaterialForm.ORIGINAL_AND_COPY  # 原件 in three matters, 复印件 in one
    assert card.copies == 2
    assert card.required
    assert not checklist[-1].required
    assert papers_saved(checklist) == 3


def test_strictest_form_orders_original_and_copy_above_original_above_copy() -> None:
    assert strictest_form({MaterialForm.COPY, MaterialForm.ORIGINAL_AND_COPY}) is MaterialForm.ORIGINAL_AND_COPY
    assert strictest_form({MaterialForm.ORIGINAL, MaterialForm.ELECTRONIC}) is MaterialForm.ORIGINAL
    assert strictest_form({MaterialForm.COPY, MaterialForm.ELECTRONIC}) is MaterialForm.COPY


def test_each_matter_gets_the_outcome_its_own_materials_lead_to() -> None:
    checklist = bundle_materials(BUNDLE_MATTERS)
    keys = {entry.key for entry in checklist if entry.name != "参保登记表"}
    by_code = {matter.code: matter for matter in BUNDLE_MATTERS}
    got = {code: received_codes(checklist, keys, code) for code in by_code}
    assert got["BD02"] == {"B1", "B2"}
    assert suggested_outcome(by_code["BD01"], got["BD01"]) is Outcome.ACCEPT
    assert suggested_outcome(by_code["BD02"], got["BD02"]) is Outcome.COMPLETE_IMMEDIATELY
    assert suggested_outcome(by_code["BD03"], got["BD03"]) is Outcome.NOTIFY_MISSING
    assert allowed_outcomes(by_code["BD03"], got["BD03"]) == (
        Outcome.NOTIFY_MISSING,
        Outcome.ACCEPT_WITH_DEFICIENCY,
        Outcome.REFUSE,
    )
    card_only = {checklist[0].key}
    assert allowed_outcomes(by_code["BD01"], received_codes(checklist, card_only, "BD01")) == (
        Outcome.NOTIFY_MISSING,
        Outcome.REFUSE,
    )
