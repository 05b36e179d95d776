"""Electronic certificates (电子证照) and the rule that lets one stand in for a paper material.

Shared by the server (which answers lookups from its library) and the window (which marks a material
电子证照共享 at intake): both ask :func:`refusal` so the window never counts a certificate the server would not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hallclient.domain.catalog import Material


@dataclass(frozen=True)
class Certificate:
    """One certificate as the library holds it: whose, which kind, which number, valid when."""

    kind: str  # CertificateKind.code
    number: str  # 证照编号
    holder_id_number: str  # the holder's ID number (or USCC for an organisation)
    holder_name: str
    issuer: str  # 发证机关
    valid_from: date
    valid_to: date | None  # None: 长期有效
    file_sha256: str = ""  # hash of the certificate file in the library, "" when only the record is held

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class SharedCertificate:
    """What a case keeps of a certificate used for a material: enough to find it again, nothing more."""

    kind: str
    number: str
    issuer: str
    valid_to: date | None


def refusal(certificate: Certificate, material: Material, holder_id_number: str, on: date) -> str | None:
    """Why ``certificate`` cannot stand in for ``material`` of the applicant ``holder_id_number`` on ``on``;
    None when it can. The messages are what the clerk reads."""
    if certificate.holder_id_number.strip().upper() != holder_id_number.strip().upper():
        return f"证照 {certificate.number} 不属于申请人"
    if certificate.kind not in material.certificate_kinds:
        return f"证照 {certificate.number} 的类型不能代替材料“{material.name}”"
    if certificate.valid_from > on:
        return f"证照 {certificate.number} 尚未生效（{certificate.valid_from.isoformat()} 起）"
    if certificate.valid_to is not None and certificate.valid_to < on:
        return f"证照 {certificate.number} 已于 {certificate.valid_to.isoformat()} 过期"
    return None


def shared(certificate: Certificate) -> SharedCertificate:
    return SharedCertificate(certificate.kind, certificate.number, certificate.issuer, certificate.valid_to)
