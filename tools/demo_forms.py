"""Regenerate the demo catalog's sample forms (blank 申请表 PDFs) and its derived files.

For every sample form named in ``resources/catalog/demo_catalog.json`` this writes a one-page blank
application form under ``resources/catalog/`` (its ``file`` path), then reloads the catalog so each form's
hash is computed from the new file, and writes the JSON (canonical form) and the XLSX form again.
PDFs are written with reportlab's invariant mode in the bundled CJK font (``reports.export_pdf.register_fonts``,
subset-embedded so every viewer shows it), identical from run to run.
Run: ``PYTHONPATH=src .venv/bin/python tools/demo_forms.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from hallclient.catalog import catalog_from_json, write_catalog
from hallclient.reports.export_pdf import register_fonts

ROOT = Path(__file__).resolve().parent.parent / "resources" / "catalog"
PLEDGE = "申请人承诺：以上填写内容及所附材料真实、有效，如有虚假，愿承担相应法律责任。"
FIELDS = (
    "申请人（单位）名称",
    "居民身份证号码 / 统一社会信用代码",
    "联系电话",
    "联系地址",
    "代理人姓名及身份证号码",
    "申请事项",
    "申请内容及理由",
)


def write_form(path: Path, title: str, matter: str, department: str, font: str) -> None:
    """A blank A4 form: title, the matter, a ruled table to fill in, the declaration and signature lines."""
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(department)
    canvas.setFont(font, 20)
    canvas.drawCentredString(width / 2, height - 72, title)
    canvas.setFont(font, 11)
    canvas.drawCentredString(width / 2, height - 96, f"（{matter}）")
    left, right, top, row = 56, width - 56, height - 130, 40
    canvas.setLineWidth(0.8)
    for index, label in enumerate(FIELDS):
        y = top - index * row
        canvas.rect(left, y - row, right - left, row)
        canvas.line(left + 200, y, left + 200, y - row)
        canvas.drawString(left + 8, y - row / 2 - 4, label)
        if label == "申请事项":
            canvas.drawString(left + 208, y - row / 2 - 4, matter)
    bottom = top - len(FIELDS) * row
    canvas.rect(left, bottom - 120, right - left, 120)
    canvas.drawString(left + 8, bottom - 20, PLEDGE)
    canvas.drawString(left + 8, bottom - 90, "申请人（签字 / 盖章）：")
    canvas.drawString(right - 170, bottom - 90, "年　　月　　日")
    canvas.setFont(font, 9)
    canvas.drawString(left, 48, f"受理部门：{department}　　本表可在区政务服务中心窗口免费领取，或自行打印填写。")
    canvas.showPage()
    canvas.save()


def main() -> None:
    source = ROOT / "demo_catalog.json"
    document = json.loads(source.read_text(encoding="utf-8"))
    departments = {d["code"]: d["name"] for d in document["departments"]}
    font = register_fonts()
    for matter in document["matters"]:
        for form in matter.get("guide", {}).get("sample_forms", []):
            path = ROOT / form["file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            write_form(path, form["name"], matter["name"], departments[matter["department"]], font)
            form.pop("sha256", None)  # computed again from the file just written
    catalog = catalog_from_json(document, source.name, folder=ROOT)
    write_catalog(catalog, source)
    write_catalog(catalog, ROOT / "demo_catalog.xlsx")


if __name__ == "__main__":
    main()
