"""Reading certificate and certificate-kind files (.json or .xlsx) for the library, validated as a whole.

Import is all or nothing: every problem of the file is collected with its row, and the file is refused
with all of them listed, so an administrator fixes the file in one pass and nothing half-imported stays
behind. The shapes are in docs/certificates.md.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hallclient.domain.certificates import Certificate
from hallclient.domain.idnumber import InvalidIdNumber, parse_id_number
from hallclient.domain.uscc import InvalidUscc, parse_uscc
from hallclient.errors import HallError

SHA256 = re.compile(r"^[0-9a-f]{64}$")

# field -> (XLSX header, required)
CERTIFICATE_COLUMNS: Mapping[str, tuple[str, bool]] = {
    "kind": ("证照类型", True),
    "number": ("证照编号", True),
    "holder_id_number": ("持证人证件号码", True),
    "holder_name": ("持证人姓名", True),
    "issuer": ("发证机关", True),
    "valid_from": ("有效期起", True),
    "valid_to": ("有效期止", False),
    "file_sha256": ("文件SHA256", False),
}
KIND_COLUMNS: Mapping[str, tuple[str, bool]] = {
    "code": ("编码", True),
    "name": ("名称", True),
    "department": ("发证部门", False),
    "active": ("启用", False),
}
LIMITS = {"kind": 32, "number": 64, "holder_name": 128, "issuer": 128, "code": 32, "name": 128, "department": 32}


class CertificateFileError(HallError):
    """A file refused as a whole; the message lists every problem by row."""

    def __init__(self, source: Path, problems: Sequence[str]) -> None:
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{source}：{len(problems)} 个问题，未导入任何记录：\n{lines}")
        self.problems = list(problems)


@dataclass(frozen=True)
class KindInput:
    code: str
    name: str
    department_code: str
    active: bool


Row = tuple[str, dict[str, Any]]  # where ("第 3 行" / "certificates[2]"), the row's values by field


def _rows(path: Path, list_key: str, columns: Mapping[str, tuple[str, bool]], problems: list[str]) -> list[Row]:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _json_rows(path, list_key, columns, problems)
    if suffix == ".xlsx":
        return _xlsx_rows(path, columns, problems)
    raise HallError(f"{path}：只能导入 .json 或 .xlsx 文件")


def _json_rows(path: Path, list_key: str, columns: Mapping[str, tuple[str, bool]], problems: list[str]) -> list[Row]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise HallError(f"{path}：无法读取：{error}") from None
    except json.JSONDecodeError as error:
        raise HallError(f"{path}：JSON 格式错误：第 {error.lineno} 行第 {error.colno} 列（{error.msg}）") from None
    items = document.get(list_key) if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise HallError(f'{path}：顶层应为对象，含列表 "{list_key}"')
    rows: list[Row] = []
    for index, item in enumerate(items):
        where = f"{list_key}[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}：应为对象")
            continue
        unknown = sorted(set(item) - set(columns))
        if unknown:
            problems.append(f"{where}：未知字段 {', '.join(unknown)}")
        rows.append((where, {key: value for key, value in item.items() if key in columns and not _blank(value)}))
    return rows


def _xlsx_rows(path: Path, columns: Mapping[str, tuple[str, bool]], problems: list[str]) -> list[Row]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, BadZipFile, KeyError, ValueError) as error:
        raise HallError(f"{path}：不是可读的 XLSX 文件：{error}") from None
    try:
        sheet_rows = iter(workbook.worksheets[0].iter_rows(values_only=True))
        header = next(sheet_rows, None)
        if header is None:
            raise HallError(f"{path}：工作表为空（第 1 行应为表头）")
        by_header = {_header(label): field for field, (label, _) in columns.items()}
        positions: dict[str, int] = {}
        for index, cell in enumerate(header):
            if _blank(cell):
                continue
            field = by_header.get(_header(str(cell)))
            if field is None:
                problems.append(f'第 1 行：未知列 "{cell}"')
            else:
                positions[field] = index
        missing = [label for field, (label, needed) in columns.items() if needed and field not in positions]
        if missing:
            raise CertificateFileError(path, problems + [f'第 1 行：缺少列 "{label}"' for label in missing])
        rows: list[Row] = []
        for number, row in enumerate(sheet_rows, start=2):
            values = {field: row[i] for field, i in positions.items() if i < len(row) and not _blank(row[i])}
            if values:
                rows.append((f"第 {number} 行", values))
        return rows
    finally:
        workbook.close()


def _header(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").upper()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(values: dict[str, Any], field: str, label: str, where: str, problems: list[str]) -> str:
    value = values.get(field)
    if value is None:
        problems.append(f"{where}：缺少{label}")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        problems.append(f"{where}：{label}应为文本")
        return ""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    limit = LIMITS.get(field)
    if limit is not None and len(text) > limit:
        problems.append(f"{where}：{label}超过 {limit} 个字符")
        return ""
    return text


def _day(values: dict[str, Any], field: str, label: str, where: str, problems: list[str]) -> date | None:
    value = values.get(field)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(f"{where}：{label}应为 YYYY-MM-DD 日期，实为“{value}”")
    return None


def holder_number(text: str) -> str:
    """An 18-character ID number or unified social credit code, normalised; HallError with the fault otherwise."""
    try:
        return parse_id_number(text).number
    except InvalidIdNumber as id_error:
        try:
            return parse_uscc(text)
        except InvalidUscc:
            raise id_error from None


def read_certificates(path: Path, known_kinds: set[str] | None) -> list[Certificate]:
    """Every certificate of the file, or CertificateFileError listing every problem; ``known_kinds`` None
    accepts any kind code (the simulator holds the province's kinds, not the hall's)."""
    problems: list[str] = []
    rows = _rows(path, "certificates", CERTIFICATE_COLUMNS, problems)
    found: list[Certificate] = []
    seen: dict[tuple[str, str], str] = {}
    for where, values in rows:
        before = len(problems)
        labels = {field: label for field, (label, _) in CERTIFICATE_COLUMNS.items()}
        kind, number, holder_text, holder_name, issuer = (
            _text(values, field, labels[field], where, problems)
            for field in ("kind", "number", "holder_id_number", "holder_name", "issuer")
        )
        if kind and known_kinds is not None and kind not in known_kinds:
            problems.append(f"{where}：未知的证照类型 {kind}（先用 hallclient server certs kinds import 导入）")
        holder = ""
        if holder_text:
            try:
                holder = holder_number(holder_text)
            except HallError as error:
                problems.append(f"{where}：持证人证件号码 {holder_text} 无效：{error}")
        valid_from = (
            _day(values, "valid_from", labels["valid_from"], where, problems) if "valid_from" in values else None
        )
        if "valid_from" not in values:
            problems.append(f"{where}：缺少{labels['valid_from']}")
        valid_to = _day(values, "valid_to", labels["valid_to"], where, problems) if "valid_to" in values else None
        if valid_from and valid_to and valid_to < valid_from:
            problems.append(f"{where}：有效期止 {valid_to.isoformat()} 早于有效期起 {valid_from.isoformat()}")
        digest = str(values.get("file_sha256", "")).strip().lower()
        if digest and not SHA256.match(digest):
            problems.append(f"{where}：文件SHA256 应为 64 位十六进制数字")
        if kind and number:
            first = seen.setdefault((kind, number), where)
            if first != where:
                problems.append(f"{where}：证照编号 {number}（{kind}）与{first}重复")
        if len(problems) == before and valid_from is not None:
            found.append(Certificate(kind, number, holder, holder_name, issuer, valid_from, valid_to, digest))
    if not rows and not problems:
        problems.append("文件中没有证照记录")
    if problems:
        raise CertificateFileError(path, problems)
    return found


def read_kinds(path: Path) -> list[KindInput]:
    """Every certificate kind of the file, or CertificateFileError listing every problem."""
    problems: list[str] = []
    rows = _rows(path, "kinds", KIND_COLUMNS, problems)
    found: list[KindInput] = []
    seen: dict[str, str] = {}
    for where, values in rows:
        before = len(problems)
        code = _text(values, "code", "编码", where, problems)
        name = _text(values, "name", "名称", where, problems)
        department = _text(values, "department", "发证部门", where, problems) if "department" in values else ""
        active = _flag(values.get("active", True), where, problems)
        if code:
            first = seen.setdefault(code, where)
            if first != where:
                problems.append(f"{where}：编码 {code} 与{first}重复")
        if len(problems) == before:
            found.append(KindInput(code, name, department, active))
    if not rows and not problems:
        problems.append("文件中没有证照类型")
    if problems:
        raise CertificateFileError(path, problems)
    return found


def _flag(value: Any, where: str, problems: list[str]) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() in ("是", "否"):
        return value.strip() == "是"
    problems.append(f"{where}：启用应为 是/否（JSON 中为 true/false）")
    return False
