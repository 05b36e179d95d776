"""一件事一次办: the bundle's one material list, and the outcome each matter's materials lead to.

A citizen hands each paper in once, however many of the bundle's matters ask for it. Two materials are the same
paper when their names are equal after :func:`paper_key`: Unicode NFKC (full-width letters, digits, brackets and
the ideographic space become half-width), every whitespace removed, and the brackets 【】〔〕［］ read as [].
So "申请人身份证（原件）" and "申请人 身份证(原件)" are one paper; "身份证" and "申请人身份证" are two (no guessing
beyond the rule: the catalog should name a shared paper the same way in every matter).

The merged entry asks for the strictest form (原件及复印件 > 原件 > 复印件 > 电子材料; 原件 in one matter and 复印件
in another make 原件及复印件, since both are needed), the largest number of copies, and is required when any of
its matters requires it. It remembers every (matter, material code) it stands for, so what is received once is
recorded in each case.

电子证照共享: a paper may be left to a certificate only when **every** matter it stands for accepts that kind
(``certificate_kinds`` is what all of them accept in common); where one matter accepts it and another does not,
the paper is still asked for, and the window says which matter needs it. Marking it shared for some matters only
would leave one paper half-received, which neither the clerk nor the applicant could tell apart on the receipt.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from hallclient.domain.case import CaseStatus, Outcome
from hallclient.domain.catalog import Material, MaterialForm, Matter, MatterKind

#: Forms from the least to the most demanding.
FORM_STRICTNESS: tuple[MaterialForm, ...] = (
    MaterialForm.ELECTRONIC,
    MaterialForm.COPY,
    MaterialForm.ORIGINAL,
    MaterialForm.ORIGINAL_AND_COPY,
)

_BRACKETS = str.maketrans({"【": "[", "】": "]", "〔": "[", "〕": "]", "［": "[", "］": "]"})
_SPACE = re.compile(r"\s+")


def paper_key(name: str) -> str:
    """The name two materials must share to be one paper (the module docstring states the rule)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name)).translate(_BRACKETS)


def strictest_form(forms: Collection[MaterialForm]) -> MaterialForm:
    """The one form that satisfies every matter asking for the paper in one of ``forms``."""
    if MaterialForm.ORIGINAL in forms and MaterialForm.COPY in forms:
        return MaterialForm.ORIGINAL_AND_COPY
    return max(forms, key=FORM_STRICTNESS.index)


@dataclass(frozen=True)
class BundleMaterial:
    """One paper of the bundle's checklist, standing for the matters' materials it satisfies."""

    key: str  # paper_key of the name: the entry's identity in the checklist and in a request
    name: str  # as the first matter names it
    form: MaterialForm
    copies: int
    required: bool  # required by at least one matter
    stands_for: tuple[tuple[str, str], ...]  # (matter code, material code), in bundle order
    certificate_kinds: tuple[str, ...] = ()  # the certificate kinds every matter's material accepts


def bundle_materials(matters: Sequence[Matter]) -> tuple[BundleMaterial, ...]:
    """The de-duplicated checklist of ``matters`` (in the bundle's order), each paper once."""
    groups: dict[str, list[tuple[Matter, Material]]] = {}
    for matter in matters:
        for material in matter.materials:
            groups.setdefault(paper_key(material.name), []).append((matter, material))
    return tuple(
        BundleMaterial(
            key=key,
            name=members[0][1].name,
            form=strictest_form({material.form for _m, material in members}),
            copies=max(material.copies for _m, material in members),
            required=any(material.required for _m, material in members),
            stands_for=tuple((matter.code, material.code) for matter, material in members),
            certificate_kinds=_kinds_in_common([material for _m, material in members]),
        )
        for key, members in groups.items()
    )


def _kinds_in_common(materials: Sequence[Material]) -> tuple[str, ...]:
    """The kinds (in the first material's order) that every one of ``materials`` accepts."""
    return tuple(kind for kind in materials[0].certificate_kinds if all(kind in m.certificate_kinds for m in materials))


def checklist_matter(code: str, name: str, checklist: Sequence[BundleMaterial]) -> Matter:
    """The checklist as one matter whose materials are the papers (each paper's key as its code): what the
    material table shows and what a certificate is matched against. 容缺 is chosen per matter, not per paper."""
    papers = tuple(
        Material(e.key, e.name, e.form, e.copies, e.required, certificate_kinds=e.certificate_kinds) for e in checklist
    )
    return Matter(code, name, "", MatterKind.PROMISED, 0, 0, materials=papers)


def papers_saved(checklist: Sequence[BundleMaterial]) -> int:
    """Materials not asked twice: what the matters ask for one by one, less the papers of the checklist."""
    return sum(len(entry.stands_for) for entry in checklist) - len(checklist)


def received_codes(checklist: Sequence[BundleMaterial], received_keys: Collection[str], matter_code: str) -> set[str]:
    """The material codes of ``matter_code`` satisfied by the papers received (by key)."""
    return {
        code
        for entry in checklist
        if entry.key in received_keys
        for matter, code in entry.stands_for
        if matter == matter_code
    }


def missing_required(matter: Matter, received: Collection[str]) -> tuple[Material, ...]:
    return tuple(material for material in matter.materials if material.required and material.code not in received)


def suggested_outcome(matter: Matter, received: Collection[str]) -> Outcome:
    """The outcome the received materials lead to: complete → 受理 (即办 for an 即办件); otherwise 一次性告知."""
    if missing_required(matter, received):
        return Outcome.NOTIFY_MISSING
    return Outcome.COMPLETE_IMMEDIATELY if matter.kind is MatterKind.IMMEDIATE else Outcome.ACCEPT


def allowed_outcomes(matter: Matter, received: Collection[str]) -> tuple[Outcome, ...]:
    """The outcomes the clerk may choose for ``matter`` as the materials stand, the suggested one first.

    不予受理 is always open (with a reason); 容缺受理 only when every missing required material may be 容缺.
    """
    missing = missing_required(matter, received)
    if not missing:
        complete = (Outcome.COMPLETE_IMMEDIATELY,) if matter.kind is MatterKind.IMMEDIATE else ()
        return (*complete, Outcome.ACCEPT, Outcome.REFUSE)
    deficiency = (Outcome.ACCEPT_WITH_DEFICIENCY,) if all(m.deficiency_allowed for m in missing) else ()
    return (Outcome.NOTIFY_MISSING, *deficiency, Outcome.REFUSE)


#: A bundled case counts as 办结 in its bundle's progress once completed (collected or not); a refused or
#: withdrawn matter never completes, so its bundle is never "fully completed".
DONE: frozenset[CaseStatus] = frozenset({CaseStatus.COMPLETED, CaseStatus.COLLECTED})


def done_count(statuses: Collection[CaseStatus]) -> int:
    return sum(1 for status in statuses if status in DONE)
