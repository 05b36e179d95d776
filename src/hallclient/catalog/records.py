"""Catalog records as a file's reader hands them over, the problems found in them, and reading typed fields.

A record is one department, matter, material (or kind, bundle, guide, sample form) with its place in the file —
a JSON path or a sheet row — so every problem names where to fix it. :class:`Dialect` says how a format spells
values (JSON types, or the words halls type in cells).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import NoReturn, Protocol, TypeVar

from hallclient.domain.catalog import MATTER_TYPE_LABELS, MaterialForm, MatterKind, MatterType
from hallclient.errors import FileProblemsError, ProblemCollector

E = TypeVar("E", bound=Enum)


class CatalogError(FileProblemsError):
    """A catalog that cannot be imported; ``problems`` lists every problem, each naming file and place."""

    what = "事项目录"


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
class SheetLine:
    """One line of a multi-line cell (a sample form of 办事指南!示范文本)."""

    cell: SheetRow
    field: str
    line: int

    def at(self, field: str) -> str:
        return f"{self.label()} {self.cell.headers.get(field, field)}"

    def label(self) -> str:
        return f"{self.cell.at(self.field)} 第 {self.line} 行"


@dataclass(frozen=True)
class Record:
    """One department, matter or material as read from a file; absent keys mean "not given"."""

    where: Where
    values: Mapping[str, object]


@dataclass(frozen=True)
class RawMatter:
    record: Record
    materials: Sequence[Record] | None  # None: the file's own reader already reported why there are none
    guide: Record | None = None  # None: no guide given
    sample_forms: Sequence[Record] = ()  # the guide's sample forms, each with its own place


class Problems(ProblemCollector):
    """Collects problem lines for one source file, in the order found."""

    error = CatalogError

    def add(self, detail: str) -> None:
        self.note(detail)

    def at(self, where: Where, field: str, message: str) -> None:
        self.add(f"{where.at(field)}: {message}")

    def fail(self, detail: str) -> NoReturn:
        """Record a problem that makes reading further pointless (empty file, not a zip, ...) and raise."""
        self.stop(detail)


class Dialect:
    """How one file format spells values: JSON uses typed values, XLSX uses the words halls type in cells."""

    boolean_hint = "true/false"
    lines_hint = "字符串数组"
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

    def lines(self, value: object) -> tuple[str, ...] | None:
        """A list of texts (guide lines, codes); blank entries dropped."""
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return None
        return tuple(item.strip() for item in value if item.strip())

    def codes(self, value: object) -> tuple[str, ...] | None:
        return self.lines(value)


_INTEGER_TEXT = re.compile(r"[+-]?\d+")


class SheetDialect(Dialect):
    """Cells as a hall's spreadsheet holds them: 是/否, Chinese kind and form names, numbers typed as text."""

    boolean_hint = "是/否"
    lines_hint = "文本（每行一项）"
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

    def lines(self, value: object) -> tuple[str, ...] | None:
        """A cell with one item per line (Alt+Enter in Excel)."""
        text = self.text(value)
        return None if text is None else tuple(line.strip() for line in text.splitlines() if line.strip())

    def codes(self, value: object) -> tuple[str, ...] | None:
        """Codes separated by 、 or line breaks."""
        text = self.text(value)
        return None if text is None else tuple(code.strip() for code in re.split(r"[、\r\n]", text) if code.strip())


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

    def lines(self, record: Record, field: str, *, codes: bool = False) -> tuple[str, ...] | None:
        """A list field (guide lines, or codes when ``codes``); absent means empty."""
        if field not in record.values or self._blank_cell(record, field):
            return ()
        value = record.values[field]
        found = self.dialect.codes(value) if codes else self.dialect.lines(value)
        if found is None:
            hint = (
                "代码（以、或换行分隔）"
                if codes and isinstance(self.dialect, SheetDialect)
                else self.dialect.lines_hint
            )
            self.problems.at(record.where, field, f"应为{hint}，实为 {self.dialect.show(value)}")
        return found

    def _blank_cell(self, record: Record, field: str) -> bool:
        return self.dialect.blank(record.values.get(field))
