"""电子证照共享 at the window: which materials the applicant's certificates stand in for, and why others do not.

One function decides it for the intake screen, the benchmark and the service's own check before a case is
written: :func:`match` (and :func:`shared_errors` in the service), both through the domain's one rule
:func:`~hallclient.domain.certificates.refusal`, so the window never ticks what the service (or the server)
would not accept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from hallclient.domain.bundles import BundleMaterial, checklist_matter
from hallclient.domain.catalog import Matter
from hallclient.domain.certificates import Certificate, refusal
from hallclient.domain.idnumber import parse_id_number
from hallclient.domain.uscc import parse_uscc
from hallclient.errors import HallError

if TYPE_CHECKING:
    from hallclient.protocol.certificates import LookupPurpose, LookupRequest


@dataclass(frozen=True)
class Matching:
    """``uses``: (material code, certificate) for each material a valid certificate satisfies, catalog order;
    ``reasons``: why each certificate that stands in for nothing was not used (what the clerk reads)."""

    uses: tuple[tuple[str, Certificate], ...]
    reasons: tuple[str, ...]

    def certificate_for(self, material_code: str) -> Certificate | None:
        return dict(self.uses).get(material_code)


def match(
    matter: Matter, certificates: Sequence[Certificate], holder_id_number: str, on: date, *, scope: str = "本事项"
) -> Matching:
    """Each material that accepts certificates gets the first one :func:`refusal` lets stand in for it (the one
    valid longest, when several do); a certificate used for no material keeps the reason of its refusal
    (``scope`` names what the materials belong to in the clerk's words)."""
    ranked = sorted(certificates, key=lambda c: c.valid_to or date.max, reverse=True)  # 长期有效 first
    uses: list[tuple[str, Certificate]] = []
    used: set[str] = set()
    for material in matter.materials:
        if not material.certificate_kinds:
            continue
        for certificate in ranked:
            if refusal(certificate, material, holder_id_number, on) is None:
                uses.append((material.code, certificate))
                used.add(certificate.number)
                break
    reasons: list[str] = []
    for certificate in certificates:
        if certificate.number in used:
            continue
        why = [refusal(certificate, m, holder_id_number, on) for m in matter.materials if m.certificate_kinds]
        # the holder's and the validity's reasons say more than "wrong kind for material X"
        specific = [text for text in why if text is not None and "类型不能代替" not in text]
        reasons.append(specific[0] if specific else _of_no_kind_asked(certificate.number, scope))
    return Matching(tuple(uses), tuple(dict.fromkeys(reasons)))


def _of_no_kind_asked(number: str, scope: str) -> str:
    return f"证照 {number} 的类型不能代替{scope}的任何材料（未使用）"


def match_bundle(
    matters: Sequence[Matter],
    checklist: Sequence[BundleMaterial],
    certificates: Sequence[Certificate],
    holder_id_number: str,
    on: date,
) -> Matching:
    """:func:`match` over a bundle's de-duplicated checklist: ``uses`` are (paper key, certificate). A paper is
    shared only when every matter it stands for accepts the certificate (``domain.bundles``); where one matter
    accepts a valid certificate and another does not, the paper is asked for and the reason names that matter."""
    scope = "本一件事"
    matching = match(checklist_matter("", "", checklist), certificates, holder_id_number, on, scope=scope)
    shared = {key for key, _certificate in matching.uses}
    names = {matter.code: matter for matter in matters}
    disagreed: dict[str, list[str]] = {}  # certificate number -> why a paper was not left to it
    for entry in checklist:
        if entry.key in shared:
            continue
        members = [(names[m], names[m].material(code)) for m, code in entry.stands_for if m in names]
        for certificate in certificates:
            accepting = [refusal(certificate, material, holder_id_number, on) is None for _m, material in members]
            if any(accepting) and not all(accepting):
                refusing = "、".join(f"“{m.name}”" for (m, _), ok in zip(members, accepting, strict=True) if not ok)
                disagreed.setdefault(certificate.number, []).append(
                    f"证照 {certificate.number} 不能代替“{entry.name}”：事项{refusing}须收纸质材料"
                )
    generic = {_of_no_kind_asked(number, scope) for number in disagreed}  # said more precisely below
    reasons = [reason for reason in matching.reasons if reason not in generic]
    reasons.extend(reason for why in disagreed.values() for reason in why)
    return Matching(matching.uses, tuple(dict.fromkeys(reasons)))


def holder_number(kind: str, id_type: str, id_number: str, on: date) -> str | None:
    """The applicant's number a lookup may name: a valid resident ID number or USCC, else None (no lookup)."""
    try:
        if kind == "organisation":
            return parse_uscc(id_number)
        if id_type == "id_card":
            return parse_id_number(id_number, today=on).number
    except HallError:
        return None
    return None


def lookup_request(
    holder_id_number: str, holder_name: str, matter_codes: Iterable[str], purpose: LookupPurpose, clerk_id: str = ""
) -> LookupRequest:
    """The request as the server takes it (pydantic loaded only now: a window signs in without it)."""
    from hallclient.protocol.certificates import LookupRequest

    return LookupRequest(
        holder_id_number=holder_id_number,
        holder_name=holder_name.strip(),
        matter_codes=list(matter_codes),
        purpose=purpose,
        clerk_id=clerk_id,
    )


def shared_errors(
    matter: Matter, items: Iterable[tuple[str, Certificate | None, str, bool, bool]], holder_id_number: str, on: date
) -> list[str]:
    """Why the shared materials of a request cannot be recorded (empty when they can): each item is (material
    code, certificate, lookup id, received, deficient). A stale or hostile request — an expired certificate,
    another holder's, a kind the material does not accept, no lookup behind it — is refused whole."""
    known = {material.code: material for material in matter.materials}
    errors: list[str] = []
    for code, certificate, lookup_id, received, deficient in items:
        material = known.get(code)
        if certificate is None or material is None:
            continue
        if not received or deficient:
            errors.append(f"材料“{material.name}”以电子证照共享，须标为已收且不能容缺")
        elif not lookup_id.strip():
            errors.append(f"材料“{material.name}”的电子证照没有查询记录，不能使用")
        else:
            why = refusal(certificate, material, holder_id_number, on)
            if why is not None:
                errors.append(f"材料“{material.name}”不能以电子证照共享：{why}")
    return errors
