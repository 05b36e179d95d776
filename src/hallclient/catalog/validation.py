"""Turning untrusted catalog records into a :class:`Catalog`, collecting every problem.

Both file formats (JSON and the halls' XLSX) reduce their rows to records (``catalog/records.py``) and hand them to
:func:`assemble`, so the rules live in one place and a clerk fixing a file sees every problem at once
instead of one per attempt. Import is all-or-nothing: any problem raises :class:`CatalogError` and nothing is returned.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from hallclient.catalog.pinyin import pinyin_initials
from hallclient.catalog.records import Dialect, FieldReader, Problems, RawMatter, Record, Where
from hallclient.domain.catalog import (
    Bundle,
    Catalog,
    CertificateKind,
    Department,
    Guide,
    Material,
    MaterialForm,
    Matter,
    MatterKind,
    SampleForm,
)

FORMAT_MARKER = "hallclient-catalog"
# The file field of Material.deficiency_allowed (可容缺): a public format keeps its older spelling (docs/glossary.md).
DEFICIENCY_ALLOWED_FIELD = "tolerable"
DEFAULT_FEE = "不收费"
# 一证通办: the applicant brings the ID card and nothing else on paper; the card is the material so named
ID_CARD_NAME = "居民身份证"
GUIDE_TEXT_FIELDS = ("address", "hours", "phone", "online_url")
_PINYIN = re.compile(r"[a-z0-9]+")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_URL = re.compile(r"https?://\S+")


def assemble(
    *,
    version: str | None,
    departments: Sequence[Record],
    matters: Sequence[RawMatter],
    problems: Problems,
    dialect: Dialect,
    certificate_kinds: Sequence[Record] = (),
    bundles: Sequence[Record] = (),
    folder: Path | None = None,
) -> Catalog:
    """Apply every catalog rule and build the catalog, or raise :class:`CatalogError` listing all problems.

    ``folder`` is the catalog file's folder: sample form files are checked and hashed there. Without it (a document
    from the server) the given hashes are kept and the files are not looked for.
    """
    read = FieldReader(problems, dialect)
    built_kinds = [CertificateKind(code, name) for code, name in _coded(certificate_kinds, read, "证照类型代码")]
    built_departments = [Department(code, name) for code, name in _coded(departments, read, "部门编码")]
    by_code = {department.code: department.code for department in built_departments}
    by_name: dict[str, str | None] = {}
    for department in built_departments:
        by_name[department.name] = None if department.name in by_name else department.code

    context = _MatterContext(
        read=read,
        departments=by_code,
        department_names=by_name if dialect.department_names else {},
        kinds={kind.code for kind in built_kinds},
        folder=folder,
    )
    built_matters: list[Matter] = []
    first_seen: dict[str, Where] = {}
    for raw in matters:
        matter = _matter(raw, context)
        code = raw.record.values.get("code")
        code_text = dialect.text(code) if code is not None else None
        if code_text:
            if code_text in first_seen:
                problems.at(
                    raw.record.where,
                    "code",
                    f'事项编码重复 "{code_text}"，首次出现于 {first_seen[code_text].label()}',
                )
            else:
                first_seen[code_text] = raw.record.where
        if matter is not None:
            built_matters.append(matter)
    built_bundles = _bundles(bundles, read, set(first_seen))

    problems.raise_if_any()
    assert version is not None  # a missing version is always reported as a problem by the reader
    return Catalog(
        departments=tuple(built_departments),
        matters=tuple(built_matters),
        version=version,
        bundles=tuple(built_bundles),
        certificate_kinds=tuple(built_kinds),
    )


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def is_id_card(material: Material) -> bool:
    return ID_CARD_NAME in material.name


@dataclass(frozen=True)
class _MatterContext:
    """What a matter's fields are checked against."""

    read: FieldReader
    departments: Mapping[str, str]
    department_names: Mapping[str, str | None]
    kinds: set[str]
    folder: Path | None


def _coded(records: Sequence[Record], read: FieldReader, code_label: str) -> list[tuple[str, str]]:
    """The (code, name) of records such as departments and certificate kinds; codes must be unique."""
    built: list[tuple[str, str]] = []
    first_seen: dict[str, Where] = {}
    for record in records:
        code = read.text(record, "code", required=True)
        name = read.text(record, "name", required=True)
        if code is not None:
            if code in first_seen:
                read.problems.at(
                    record.where, "code", f'{code_label}重复 "{code}"，首次出现于 {first_seen[code].label()}'
                )
                continue
            first_seen[code] = record.where
        if code is not None and name is not None:
            built.append((code, name))
    return built


def _bundles(records: Sequence[Record], read: FieldReader, matter_codes: set[str]) -> list[Bundle]:
    built: list[Bundle] = []
    first_seen: dict[str, Where] = {}
    for record in records:
        before = len(read.problems)
        code = read.text(record, "code", required=True)
        name = read.text(record, "name", required=True)
        description = read.text(record, "description", required=False)
        matters = read.lines(record, "matters", codes=True)
        if code is not None:
            if code in first_seen:
                read.problems.at(
                    record.where, "code", f'一件事代码重复 "{code}"，首次出现于 {first_seen[code].label()}'
                )
            else:
                first_seen[code] = record.where
        if matters is not None:
            shown = name or code or ""
            for matter in sorted({m for m in matters if matters.count(m) > 1}, key=matters.index):
                read.problems.at(record.where, "matters", f"一件事“{shown}”中的事项 {matter} 重复")
            for matter in matters:
                if matter not in matter_codes:
                    read.problems.at(record.where, "matters", f"一件事“{shown}”中的事项 {matter} 不在目录中")
            if len(set(matters)) < 2:
                read.problems.at(
                    record.where, "matters", f"一件事“{shown}”至少应有 2 个不同的事项，实有 {len(set(matters))} 个"
                )
        if len(read.problems) == before:
            assert code is not None and name is not None and description is not None and matters is not None
            built.append(Bundle(code=code, name=name, matters=matters, description=description))
    return built


def _matter(raw: RawMatter, context: _MatterContext) -> Matter | None:
    read = context.read
    record, where, problems = raw.record, raw.record.where, read.problems
    before = len(problems)
    code = read.text(record, "code", required=True)
    name = read.text(record, "name", required=True)
    department = read.text(record, "department", required=True)
    if department is not None:
        resolved = context.departments.get(department) or context.department_names.get(department)
        if resolved is None:
            problems.at(where, "department", f'未知部门 "{department}"')
        department = resolved
    kind = read.choice(record, "kind", read.dialect.kinds, default=None)
    matter_type = read.choice(record, "matter_type", read.dialect.matter_types, default=None)
    statutory = read.count(record, "statutory_days", minimum=0, default=None)
    promised = read.count(record, "promised_days", minimum=0, default=None)
    fee = read.text(record, "fee", required=False, default=DEFAULT_FEE)
    id_card_only = read.flag(record, "id_card_only", default=False)
    province_wide = read.flag(record, "province_wide", default=False)
    cross_province = read.flag(record, "cross_province", default=False)
    online = read.flag(record, "online", default=False)
    fully_online = read.flag(record, "fully_online", default=False)
    one_window = read.flag(record, "one_window", default=False)
    legal_basis = read.text(record, "legal_basis", required=False)
    initials = read.text(record, "pinyin_initials", required=False)

    if statutory is not None and promised is not None and promised > statutory:
        problems.at(where, "promised_days", f"承诺时限 {promised} 不得大于法定时限 {statutory}")
    if kind is MatterKind.IMMEDIATE and promised is not None and promised != 0:
        problems.at(where, "promised_days", f"即办件的承诺时限应为 0，实为 {promised}")
    if fully_online and online is False:
        problems.at(where, "fully_online", "全程网办的事项必须同时标为网上可办")
    if initials and not _PINYIN.fullmatch(initials):
        problems.at(where, "pinyin_initials", f"应为小写字母和数字，实为 {read.dialect.show(initials)}")

    materials: list[Material] = []
    if raw.materials is not None:
        if not raw.materials:
            problems.at(where, "materials", "至少应有一项材料")
        first_seen: dict[str, Where] = {}
        for material_record in raw.materials:
            material = _material(material_record, read, first_seen, context.kinds)
            if material is not None:
                materials.append(material)
    # A rule newer than catalogs already published: a file must keep it, while a document from the server (no
    # folder) is taken as the server accepted it, so windows keep syncing a catalog published before the rule.
    if id_card_only and context.folder is not None:
        others = [
            m.name for m in materials if m.required and m.form is not MaterialForm.ELECTRONIC and not is_id_card(m)
        ]
        if others:
            problems.at(where, "id_card_only", f"一证通办事项只能要求居民身份证（另要求：{'、'.join(others)}）")
    guide = _guide(raw, read, context.folder, online)

    if len(problems) != before:
        return None
    assert code is not None and name is not None and department is not None and kind is not None
    assert matter_type is not None and guide is not None and initials is not None
    assert statutory is not None and promised is not None and fee is not None and legal_basis is not None
    assert id_card_only is not None and province_wide is not None and one_window is not None
    assert cross_province is not None and online is not None and fully_online is not None
    return Matter(
        code=code,
        name=name,
        department_code=department,
        kind=kind,
        statutory_days=statutory,
        promised_days=promised,
        fee=fee,
        id_card_only=id_card_only,
        province_wide=province_wide,
        cross_province=cross_province,
        online=online,
        fully_online=fully_online,
        one_window=one_window,
        legal_basis=legal_basis,
        matter_type=matter_type,
        pinyin_initials=initials or pinyin_initials(name),
        materials=tuple(materials),
        guide=guide,
    )


def _material(record: Record, read: FieldReader, first_seen: dict[str, Where], kinds: set[str]) -> Material | None:
    problems, where = read.problems, record.where
    before = len(problems)
    code = read.text(record, "code", required=True)
    name = read.text(record, "name", required=True)
    form = read.choice(record, "form", read.dialect.forms, default=MaterialForm.ORIGINAL)
    copies = read.count(record, "copies", minimum=1, default=1)
    required = read.flag(record, "required", default=True)
    deficiency_allowed = read.flag(record, DEFICIENCY_ALLOWED_FIELD, default=False)
    note = read.text(record, "note", required=False)
    certificate_kinds = read.lines(record, "certificate_kinds", codes=True)
    if code is not None:
        if code in first_seen:
            problems.at(where, "code", f'同一事项内材料编码重复 "{code}"，首次出现于 {first_seen[code].label()}')
        else:
            first_seen[code] = where
    if required is False and deficiency_allowed is True:
        problems.at(where, DEFICIENCY_ALLOWED_FIELD, "非必需材料不能标为容缺（容缺材料必须是必需材料）")
    for kind in certificate_kinds or ():
        if kind not in kinds:
            problems.at(where, "certificate_kinds", f'未知证照类型 "{kind}"（不在证照类型中）')
    if certificate_kinds and len(set(certificate_kinds)) != len(certificate_kinds):
        problems.at(where, "certificate_kinds", "证照类型重复")
    if len(problems) != before:
        return None
    assert code is not None and name is not None and form is not None and copies is not None
    assert required is not None and deficiency_allowed is not None and note is not None
    assert certificate_kinds is not None
    return Material(
        code=code,
        name=name,
        form=form,
        copies=copies,
        required=required,
        deficiency_allowed=deficiency_allowed,
        note=note,
        certificate_kinds=certificate_kinds,
    )


def _guide(raw: RawMatter, read: FieldReader, folder: Path | None, online: bool | None) -> Guide | None:
    """The matter's guide (an empty one when none is given); None after recording its problems."""
    record = raw.guide
    if record is None:
        return Guide()
    before = len(read.problems)
    conditions = read.lines(record, "conditions")
    steps = read.lines(record, "steps")
    texts = {field: read.text(record, field, required=False) for field in GUIDE_TEXT_FIELDS}
    online_url = texts["online_url"]
    if online_url:
        if not _URL.fullmatch(online_url):
            read.problems.at(
                record.where, "online_url", f"应为 http:// 或 https:// 开头的网址，实为 {read.dialect.show(online_url)}"
            )
        elif online is False:
            read.problems.at(record.where, "online_url", "事项未标为网上可办，不应有网上办理地址")
    forms = [_sample_form(form, read, folder) for form in raw.sample_forms]
    if len(read.problems) != before:
        return None
    assert conditions is not None and steps is not None
    return Guide(
        conditions=conditions,
        steps=steps,
        address=texts["address"] or "",
        hours=texts["hours"] or "",
        phone=texts["phone"] or "",
        online_url=online_url or "",
        sample_forms=tuple(form for form in forms if form is not None),
    )


def _sample_form(record: Record, read: FieldReader, folder: Path | None) -> SampleForm | None:
    """A sample form; its file is looked for and hashed beside the catalog file when there is one."""
    problems, where = read.problems, record.where
    before = len(problems)
    name = read.text(record, "name", required=True)
    file = read.text(record, "file", required=True)
    sha256 = read.text(record, "sha256", required=False)
    if sha256:
        sha256 = sha256.lower()
        if not _SHA256.fullmatch(sha256):
            problems.at(where, "sha256", f"应为 64 位十六进制的 SHA-256，实为 {read.dialect.show(sha256)}")
    if file is not None:
        parts = PurePosixPath(file).parts
        if any(char in file for char in "\\|") or PureWindowsPath(file).drive or file.startswith("/") or ".." in parts:
            problems.at(
                where, "file", f"应为目录文件所在文件夹内的相对路径（以 / 分隔），实为 {read.dialect.show(file)}"
            )
        elif folder is not None:
            path = folder / file
            try:
                actual = file_sha256(path) if path.is_file() else None
            except OSError as error:
                problems.at(where, "file", f"无法读取示范文本 {file}：{error.strerror or error}")
                return None
            if actual is None:
                problems.at(where, "file", f"示范文本 {file} 不存在（应在目录文件所在文件夹内）")
            elif sha256 and sha256 != actual:
                problems.at(where, "sha256", f"示范文本 {file} 的哈希与目录不符")
            sha256 = actual
        elif not sha256:
            problems.at(where, "sha256", "缺少必填项（不从文件读取时无法计算示范文本的哈希）")
    if len(problems) != before:
        return None
    assert name is not None and file is not None and sha256
    return SampleForm(name=name, file=file, sha256=sha256)
