"""One realistic example of every slip kind: the preview in the UI's printer settings, the demo and the bench.

The applicant names and ID numbers are made up (the ID numbers carry valid GB 11643 check digits so
nothing downstream rejects them).
"""

from __future__ import annotations

from datetime import date, datetime

from hallclient.devices.printer.slips import (
    Applicant,
    BundleCaseLine,
    BundleReceiptData,
    CompletionData,
    DeficiencyData,
    EnquiryHandoverData,
    Issuer,
    MaterialLine,
    MissingItem,
    NoticeData,
    QueueTicketData,
    ReceiptData,
    RefusalData,
    SlipData,
    SlipKind,
    SupplyMethod,
    TestSlipData,
    TransferData,
)
from hallclient.domain.catalog import MatterType

ISSUER = Issuer(hall_name="贵阳市政务服务中心", window="综合窗口3", clerk_name="王小燕", hall_phone="0851-12345678")
APPLICANT = Applicant(name="张三丰", id_number="52010219900307123X")
RECEIVED = datetime(2025, 3, 4, 9, 30)
CASE_NO = "GY20250304W03-0007"
PROGRESS = "https://zwfw.example.cn/p?c=GY20250304W03-0007"
LICENCE = MatterType.LICENCE.value  # every sample matter is a 行政许可


def sample_slips() -> dict[SlipKind, SlipData]:
    return {
        SlipKind.RECEIPT: ReceiptData(
            case_no=CASE_NO,
            matter_name="个体工商户设立登记",
            matter_type=LICENCE,
            department="市场监督管理局",
            applicant=APPLICANT,
            materials=(
                MaterialLine("身份证", "原件", 1, 1),
                MaterialLine("经营场所证明", "复印件", 1, 3),
                MaterialLine("设立登记申请书", "原件", 1, 2),
            ),
            received_at=RECEIVED,
            promised_date=date(2025, 3, 11),
            promised_days=5,
            issuer=ISSUER,
            progress_url=PROGRESS,
        ),
        SlipKind.NOTICE: NoticeData(
            case_no=CASE_NO,
            matter_name="个体工商户设立登记",
            matter_type=LICENCE,
            department="市场监督管理局",
            applicant=APPLICANT,
            received_at=RECEIVED,
            missing=(
                MissingItem("经营场所证明", "产权证明复印件1份，须与原件核对并加盖“与原件一致”章"),
                MissingItem("委托书", "申请人亲笔签名的原件"),
            ),
            deadline=date(2025, 3, 11),
            issuer=ISSUER,
            progress_url=PROGRESS,
        ),
        SlipKind.REFUSAL: RefusalData(
            case_no=CASE_NO,
            matter_name="建设工程规划许可",
            matter_type=LICENCE,
            applicant=APPLICANT,
            received_at=RECEIVED,
            reason="申请事项不属于本机关职权范围",
            competent_body="贵阳市自然资源和规划局",
            reconsideration_body="贵阳市人民政府",
            issuer=ISSUER,
        ),
        SlipKind.DEFICIENCY: DeficiencyData(
            case_no=CASE_NO,
            matter_name="食品经营许可",
            matter_type=LICENCE,
            department="市场监督管理局",
            applicant=Applicant(name="贵阳某某餐饮有限公司", id_number="91520100MA6DK8Y30N", organisation=True),
            received_at=RECEIVED,
            items=(MissingItem("健康证明", "从业人员健康证明复印件"),),
            methods=(SupplyMethod.WINDOW, SupplyMethod.POST, SupplyMethod.ONLINE),
            deadline=date(2025, 3, 20),
            promised_date=date(2025, 3, 25),
            issuer=ISSUER,
            post_address="贵阳市观山湖区市政务服务中心3号窗口",
        ),
        SlipKind.COMPLETION: CompletionData(
            case_no=CASE_NO,
            matter_name="个体工商户设立登记",
            matter_type=LICENCE,
            applicant=APPLICANT,
            approved=True,
            completed_at=datetime(2025, 3, 10, 15, 0),
            issuer=ISSUER,
            result_name="营业执照（正、副本）",
            progress_url=PROGRESS,
        ),
        SlipKind.TRANSFER: TransferData(
            case_no=CASE_NO,
            matter_name="基本医疗保险关系转移接续",
            applicant=APPLICANT,
            channel="跨省通办",
            partner_region="四川省成都市",
            materials=(MaterialLine("参保缴费凭证", "原件", 1, 2), MaterialLine("居民身份证", "复印件", 1, 1)),
            carrier="EMS",
            waybill_no="EA123456785CN",
            sent_on=date(2025, 3, 5),
            issuer=ISSUER,
            partner_contact="李敏 028-12345678",
        ),
        SlipKind.BUNDLE_RECEIPT: BundleReceiptData(
            bundle_name="新生儿出生一件事",
            applicant=APPLICANT,
            cases=(
                BundleCaseLine("GY20250304W03-0008", "出生医学证明办理", "卫生健康局", "受理", "2025-03-11"),
                BundleCaseLine("GY20250304W03-0009", "新生儿户口登记", "公安局", "即办"),
                BundleCaseLine("GY20250304W03-0010", "城乡居民医保参保登记", "医疗保障局", "一次性告知"),
            ),
            materials=(MaterialLine("申请人身份证", "原件及复印件", 2, 1), MaterialLine("居民户口簿", "原件", 1, 4)),
            received_at=RECEIVED,
            issuer=ISSUER,
            progress_url=PROGRESS,
        ),
        SlipKind.ENQUIRY: EnquiryHandoverData(
            enquiry_no="SW20250304W03-012",
            enquirer_name="李四",
            enquirer_phone="13812345678",
            question="新生儿落户需要哪些材料",
            handed_to="公安户政窗口（12号）",
            asked_at=RECEIVED,
            issuer=ISSUER,
            handed_to_phone="0851-87654321",
        ),
        SlipKind.TICKET: QueueTicketData(
            ticket_no="A023",
            service_name="综合受理",
            waiting_ahead=5,
            issued_at=RECEIVED,
            hall_name=ISSUER.hall_name,
        ),
        SlipKind.TEST: TestSlipData(printer_uri="file:/tmp/slip.bin", issued_at=RECEIVED),
    }
