"""The legal words a slip uses, chosen by the matter's type (事项类型): one table, with its sources.

Only a 行政许可 is accepted under 《行政许可法》 and decided as 准予许可 / 不予许可; a 最低生活保障 application is
a 行政给付, a 工伤认定 a 行政确认, a tax record print-out a 公共服务, and their slips must say so. A matter whose
type is unknown (a store imported before the type was recorded) gets neutral words, never 准予许可.

Sources:
- 《中华人民共和国行政许可法》第三十二条: how an application for a licence is accepted, told what is missing
  (一次性告知) or not accepted; 第三十八条: the licence decision is 准予 / 不予行政许可, and a refusal states
  the reasons and the right to 行政复议 or 行政诉讼.
- 《优化营商环境条例》(国务院令第722号, 2019), chapter 政务服务: the general rules for accepting and handling
  every 政务服务事项 that is not a licence (standardised handling, 一次性告知, time limits). Cited without an
  article number on purpose: the slip states the regulation, the window clerk names the article if asked.
- 《中华人民共和国行政复议法》(2023 revision) 第二十条: 行政复议 within 六十日 of learning of the act;
  《中华人民共和国行政诉讼法》第四十六条: suit within 六个月. Both apply to administrative acts only, so a
  公共服务 slip does not print them.
"""

from __future__ import annotations

from dataclasses import dataclass

from hallclient.domain.catalog import MatterType

# Short titles, as slips cite them (a receipt has a ~600-byte budget): 《中华人民共和国行政许可法》 and
# 《优化营商环境条例》(国务院令第722号).
LICENCE_BASIS = "《行政许可法》第三十二条"
GENERAL_BASIS = "《优化营商环境条例》"


@dataclass(frozen=True)
class Wording:
    """What a slip of one matter type says: its legal basis, the decision words and whether it may be appealed."""

    basis: str  # the 依据 line on receipts, one-time notices and 不予受理 notices
    approved: str  # 办理结果 of a positive decision
    denied: str  # 办理结果 of a negative decision
    appealable: bool  # the decision is an administrative act: the applicant is told of 行政复议/行政诉讼

    @property
    def lapse(self) -> str:
        """What happens when 容缺 items are not supplied in time (容缺受理通知书 逾期后果)."""
        revoked = "，已作出的决定依法撤销" if self.appealable else ""
        return f"逾期未补齐的，本次申请按{self.denied}处理{revoked}。"


WORDINGS: dict[MatterType, Wording] = {
    # 行政许可法 第三十八条
    MatterType.LICENCE: Wording(LICENCE_BASIS, "准予许可", "不予许可", appealable=True),
    MatterType.PAYMENT: Wording(GENERAL_BASIS, "予以给付", "不予给付", appealable=True),
    MatterType.CONFIRMATION: Wording(GENERAL_BASIS, "予以确认（登记）", "不予确认（登记）", appealable=True),
    MatterType.LEVY: Wording(GENERAL_BASIS, "予以征收", "不予征收", appealable=True),
    MatterType.ADJUDICATION: Wording(GENERAL_BASIS, "已作出裁决", "不予裁决", appealable=True),
    MatterType.REWARD: Wording(GENERAL_BASIS, "予以奖励", "不予奖励", appealable=True),
    MatterType.OTHER_POWER: Wording(GENERAL_BASIS, "已办结", "不予办理", appealable=True),
    # a public service is not an administrative act: no appeal rights are printed
    MatterType.PUBLIC_SERVICE: Wording(GENERAL_BASIS, "已办结", "不予办理", appealable=False),
}

# Unknown type: neutral decision words. The remedies stay printed ("依法" 申请行政复议): leaving them off a
# licence refusal would withhold a right the law requires the slip to state.
UNKNOWN = Wording(GENERAL_BASIS, "已办结", "不予办理", appealable=True)


def wording_for(matter_type: MatterType | str | None) -> Wording:
    """The wording of ``matter_type`` (a :class:`MatterType`, its stored value, or ""/None when unknown)."""
    if not matter_type:
        return UNKNOWN
    try:
        return WORDINGS[MatterType(matter_type)]
    except ValueError:
        return UNKNOWN


def decision_words(matter_type: MatterType | str | None, approved: bool) -> str:
    """办理结果 as printed and shown: 准予许可 only for a licence."""
    wording = wording_for(matter_type)
    return wording.approved if approved else wording.denied


def appeal_notice(reconsideration_body: str = "", court: str = "") -> str:
    """The remedies sentence (行政复议法 第二十条, 行政诉讼法 第四十六条), naming the bodies when known."""
    review = f"向{reconsideration_body}" if reconsideration_body else ""
    suit = f"向{court}" if court else ""
    return f"如不服本决定，可自收到本通知书之日起六十日内依法{review}申请行政复议，或者六个月内依法{suit}提起行政诉讼。"
