"""Turning untrusted catalog records into a :class:`Catalog`, collecting every problem.

Both file formats (JSON and the halls' XLSX) reduce their rows to :class:`Record` objects and hand them to
:func:`assemble`, so the rules live in one place and a clerk fixing a file sees every problem at once
instead of one per attempt. Import is all-or-nothing: any problem raises :class:`CatalogError` and nothing is returned.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import NoReturn, Protocol, TypeVar

from hallclient.catalog.pinyin import pinyin_initials
from hallclient.domain.catalog import (
    MATTER_TYPE_LABELS,
    Catalog,
    Department,
    Material,
    MaterialForm,
    Matter,
    MatterKind,
    MatterType,
)
from hallclient.errors import HallError

FORMAT_MARKER = "hallclient-catalog"
# The file field of Material.deficiency_allowed (可容缺): a public format keeps its older spelling (docs/glossary.md).
DEFICIENCY_ALLOWED_FIELD = "tolerable"
DEFAULT_FEE = "不收费"

E = TypeVar("E", bound=Enum)


class CatalogError(HallError):
    """A catalog that cannot be imported; ``problems`` lists every problem, each naming file and place."""

    def __init__(self, source: str, problems: Sequence[str], *, first: str | None = None) -> None:
        head = first if first is not None else (problems[0] if problems else "")
        super().__init__(f"事项目录 {source}：{len(problems)} 个问题；第一个：{head}")
        self.source = source
        self.problems: list[str] = list(problems)


class Where(Protocol):
    """A place in a file: a JSON path or a sheet row."""

    def at(self, field: str) -> str: ...

    def label(self) -> str: ...


@dataclass(frozen=True)
class JsonPath:
    path: str

    def at(self, field: str) -> str:
        return f"{self.path}.{field}" if self.path else field

    def label(self) -> str:
        return self.path or "(顶层)"


@dataclass(frozen=True)
class SheetRow:
    sheet: str
    row: int
    headers: Mapping[str, str]

    def at(self, field: str) -> str:
        return f"{self.sheet}!{self.row} {self.headers.get(field, field)}"

    def label(self) -> str:
        return f"{self.sheet}!{self.row}"


@dataclass(frozen=True)
class Record:
    """One department, matter or material as read from a file; absent keys mean "not given"."""

    where: Where
    values: Mapping[str, object]


@dataclass(frozen=True)
class RawMatter:
    record: Record
    materials: Sequence[Record] | None  # None: the file's own reader already reported why there are none


class Problems:
    """Collects problem lines for one source file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._details: list[str] = []

    def add(self, detail: str) -> None:
        self._details.append(detail)

    def at(self, where: Where, field: str, message: str) -> None:
        self.add(f"{where.at(field)}: {message}")

    def fail(self, detail: str) -> NoReturn:
        """Record a problem that makes reading further pointless (empty file, not a zip, ...) and raise."""
        self.add(detail)
        self.raise_if_any()
        raise AssertionError("unreachable")

    def __len__(self) -> int:
        return len(self._details)

    def raise_if_any(self) -> None:
        if self._details:
            lines = [f"{self.source}: {detail}" for detail in self._details]
            raise CatalogError(self.source, lines, first=self._details[0])


class Dialect:
    """How one file format spells values: JSON uses typed values, XLSX uses the words halls type in cells."""

    boolean_hint = "true/false"
    department_names = False  # whether a department may be referred to by its name
    kinds: Mapping[str, MatterKind] = {kind.value: kind for kind in MatterKind}
    forms: Mapping[str, MaterialForm] = {form.value: form for form in MaterialForm}
    # the English value or the Chinese name staff write (行政许可 …)
    matter_types: Mapping[str, MatterType] = {t.value: t for t in MatterType} | {
        label: t for t, label in MATTER_TYPE_LABELS.items()
    }

    def show(self, value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    def blank(self, value: object) -> bool:
        """Whether a present value means "not given"; in JSON an empty string or null is a real (bad) value."""
        return False

    def text(self, value: object) -> str | None:
        return value.strip() if isinstance(value, str) else None

    def integer(self, value: object) -> int | None:
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def boolean(self, value: object) -> bool | None:
        return value if isinstance(value, bool) else None


_INTEGER_TEXT = re.compile(r"[+-]?\d+")


class SheetDialect(Dialect):
    """Cells as a hall's spreadsheet holds them: 是/否, Chinese kind and form names, numbers typed as text."""

    boolean_hint = "是/否"
    department_names = True
    kinds: Mapping[str, MatterKind] = {"即办件": MatterKind.IMMEDIATE, "承诺件": MatterKind.PROMISED}
    forms: Mapping[str, MaterialForm] = {
        "原件": MaterialForm.ORIGINAL,
        "复印件": MaterialForm.COPY,
        "原件及复印件": MaterialForm.ORIGINAL_AND_COPY,
        "电子材料": MaterialForm.ELECTRONIC,
    }
    matter_types: Mapping[str, MatterType] = {label: t for t, label in MATTER_TYPE_LABELS.items()}

    def show(self, value: object) -> str:
        if isinstance(value, str):
            return f'"{value}"'
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, datetime | date):
            return value.isoformat()
        return str(value)

    def blank(self, value: object) -> bool:
        """An empty or all-space cell means "not given"."""
        return value is None or (isinstance(value, str) and not value.strip())

    def text(self, value: object) -> str | None:
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return None

    def integer(self, value: object) -> int | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
            return int(value.strip())
        return None

    def boolean(self, value: object) -> bool | None:
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            return {"是": True, "否": False}.get(value.strip())
        return None


KIND_NAMES_ZH = {kind: name for name, kind in SheetDialect.kinds.items()}
FORM_NAMES_ZH = {form: name for name, form in SheetDialect.forms.items()}


class FieldReader:
    """Reads typed fields from records, recording a problem (and returning None) for each bad one."""

    def __init__(self, problems: Problems, dialect: Dialect) -> None:
        self.problems = problems
        self.dialect = dialect

    def text(self, record: Record, field: str, *, required: bool, default: str = "") -> str | None:
        if field not in record.values or self._blank_cell(record, field):
            if required:
                self.problems.at(record.where, field, "缺少必填项")
                return None
            return default
        value = record.values[field]
        text = self.dialect.text(value)
        if text is None:
            self.problems.at(record.where, field, f"应为文本，实为 {self.dialect.show(value)}")
            return None
        if not text:
            if required:
                self.problems.at(record.where, field, "不能为空")
                return None
            return default
        return text

    def count(self, record: Record, field: str, *, minimum: int, default: int | None) -> int | None:
        wanted = "正整数" if minimum >= 1 else "非负整数"
        if field not in record.values or self._blank_cell(record, field):
            if default is None:
                self.problems.at(record.where, field, "缺少必填项")
            return default
        value = record.values[field]
        number = self.dialect.integer(value)
        if number is None or number < minimum:
            self.problems.at(record.where, field, f"应为{wanted}，实为 {self.dialect.show(value)}")
            return None
        return number

    def flag(self, record: Record, field: str, *, default: bool) -> bool | None:
        if field not in record.values or self._blank_cell(record, field):
            return default
        value = record.values[field]
        flag = self.dialect.boolean(value)
        if flag is None:
            hint = self.dialect.boolean_hint
            self.problems.at(record.where, field, f"应为 {hint}，实为 {self.dialect.show(value)}")
        return flag

    def choice(self, record: Record, field: str, names: Mapping[str, E], *, default: E | None) -> E | None:
        if field not in record.values or self._blank_cell(record, field):
            if default is None:
                self.problems.at(record.where, field, "缺少必填项")
            return default
        value = record.values[field]
        text = self.dialect.text(value)
        if text is not None and text in names:
            return names[text]
        allowed = "/".join(names)
        self.problems.at(record.where, field, f"应为 {allowed} 之一，实为 {self.dialect.show(value)}")
        return None

    def _blank_cell(self, record: Record, field: str) -> bool:
        return self.dialect.blank(record.values.get(field))


def assemble(
    *,
    version: str | None,
    departments: Sequence[Record],
    matters: Sequence[RawMatter],
    problems: Problems,
    dialect: Dialect,
) -> Catalog:
    """Apply every catalog rule and build the catalog, or raise :class:`CatalogError` listing all problems."""
    read = FieldReader(problems, dialect)
    built_departments = _departments(departments, read)
    by_code = {department.code: department.code for department in built_departments}
    by_name: dict[str, str | None] = {}
    for department in built_departments:
        by_name[department.name] = None if department.name in by_name else department.code

    built_matters: list[Matter] = []
    first_seen: dict[str, Where] = {}
    for raw in matters:
        matter = _matter(raw, read, by_code, by_name if dialect.department_names else {})
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

    problems.raise_if_any()
    assert version is not None  # a missing version is always reported as a problem by the reader
    return Catalog(departments=tuple(built_departments), matters=tuple(built_matters), version=version)


def _departments(records: Sequence[Record], read: FieldReader) -> list[Department]:
    built: list[Department] = []
    first_seen: dict[str, Where] = {}
    for record in records:
        code = read.text(record, "code", required=True)
        name = read.text(record, "name", required=True)
        if code is not None:
            if code in first_seen:
                read.problems.at(record.where, "code", f'部门编码重复 "{code}"，首次出现于 {first_seen[code].label()}')
                continue
            first_seen[code] = record.where
        if code is not None and name is not None:
            built.append(Department(code=code, name=name))
    return built


def _matter(
    raw: RawMatter, read: FieldReader, by_code: Mapping[str, str], by_name: Mapping[str, str | None]
) -> Matter | None:
    record, where, problems = raw.record, raw.record.where, read.problems
    before = len(problems)
    code = read.text(record, "code", required=True)
    name = read.text(record, "name", required=True)
    department = read.text(record, "department", required=True)
    if department is not None:
        resolved = by_code.get(department) or by_name.get(department)
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
    legal_basis = read.text(record, "legal_basis", required=False)

    if statutory is not None and promised is not None and promised > statutory:
        problems.at(where, "promised_days", f"承诺时限 {promised} 不得大于法定时限 {statutory}")
    if kind is MatterKind.IMMEDIATE and promised is not None and promised != 0:
        problems.at(where, "promised_days", f"即办件的承诺时限应为 0，实为 {promised}")

    materials: list[Material] = []
    if raw.materials is not None:
        if not raw.materials:
            problems.at(where, "materials", "至少应有一项材料")
        first_seen: dict[str, Where] = {}
        for material_record in raw.materials:
            material = _material(material_record, read, first_seen)
            if material is not None:
                materials.append(material)

    if len(problems) != before:
        return None
    assert code is not None and name is not None and department is not None and kind is not None
    assert matter_type is not None
    assert statutory is not None and promised is not None and fee is not None and legal_basis is not None
    assert id_card_only is not None and province_wide is not None
    assert cross_province is not None and online is not None
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
        legal_basis=legal_basis,
        matter_type=matter_type,
        pinyin_initials=pinyin_initials(name),
        materials=tuple(materials),
    )


def _material(record: Record, read: FieldReader, first_seen: dict[str, Where]) -> Material | None:
    problems, where = read.problems, record.where
    before = len(problems)
    code = read.text(record, "code", required=True)
    name = read.text(record, "name", required=True)
    form = read.choice(record, "form", read.dialect.forms, default=MaterialForm.ORIGINAL)
    copies = read.count(record, "copies", minimum=1, default=1)
    required = read.flag(record, "required", default=True)
    deficiency_allowed = read.flag(record, DEFICIENCY_ALLOWED_FIELD, default=False)
    note = read.text(record, "note", required=False)
    if code is not None:
        if code in first_seen:
            problems.at(where, "code", f'同一事项内材料编码重复 "{code}"，首次出现于 {first_seen[code].label()}')
        else:
            first_seen[code] = where
    if required is False and deficiency_allowed is True:
        problems.at(where, DEFICIENCY_ALLOWED_FIELD, "非必需材料不能标为容缺（容缺材料必须是必需材料）")
    if len(problems) != before:
        return None
    assert code is not None and name is not None and form is not None and copies is not None
    assert required is not None and deficiency_allowed is not None and note is not None
    return Material(
        code=code,
        name=name,
        form=form,
        copies=copies,
        required=required,
        deficiency_allowed=deficiency_allowed,
        note=note,
    )
