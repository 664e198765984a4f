"""Workbooks for the import pages: the template of each resource and the error
workbook of a checked file.

The template's first sheet has the Vietnamese headers (required ones in red), one
example row, and on each header a comment saying what the column holds and how to
write it (dates as dd/mm/yyyy); the second sheet, "Danh mục", lists the allowed
values of every coded column. The error workbook is the rejected rows as they were
uploaded plus a "Lý do" column; the importer ignores that column, so the corrected
workbook can be uploaded again as it is.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict

import xlsxwriter
from django.apps import apps
from xlsxwriter.utility import xl_col_to_name

from cadre_registry.models import ImportJob, Unit
from cadre_registry.resources import Column

from .reading import ImportFileError, read_table

DATE_FORMAT = "dd/mm/yyyy"
REASON_HEADER = "Lý do"
CODES_SHEET = "Danh mục"
_TEXT_COLUMNS = {
    "national_id",
    "personnel_code",
    "social_insurance_no",
    "phone",
    "general_education",
    "code",
    "parent",
    "unit",
}
_WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def columns_for(resource: str, *, user=None) -> list[Column]:
    """The template's columns: sensitive ones only for users who may see them."""
    from . import RESOURCES

    spec = RESOURCES[resource]
    if user is None or user.can_see_sensitive:
        return list(spec.columns)
    return [c for c in spec.columns if not c.sensitive]


def _hint(column: Column, choices: list[str]) -> str:
    parts = []
    if column.required:
        parts.append("Bắt buộc.")
    if column.help:
        parts.append(column.help.rstrip(".") + ".")
    if column.kind == "date":
        parts.append(
            f"Ngày ghi theo dạng {DATE_FORMAT} (ví dụ 15/03/1980), hoặc ô ngày của Excel."
        )
    elif column.kind == "partial_date":
        parts.append(
            f"Ghi {DATE_FORMAT}; nếu chỉ biết tháng, năm: mm/yyyy; chỉ biết năm: yyyy."
        )
    elif column.kind == "choice" and choices:
        parts.append("Một trong: " + ", ".join(choices) + ".")
    elif column.kind == "code":
        parts.append(f"Ghi tên hoặc mã, xem trang “{CODES_SHEET}”.")
    elif column.kind == "unit":
        parts.append(f"Ghi mã đơn vị, xem trang “{CODES_SHEET}”.")
    if column.sensitive:
        parts.append("Thông tin nhạy cảm: chỉ người có quyền xem mới được nhập.")
    return " ".join(parts)


def _allowed(column: Column, model, *, user) -> list[tuple[str, str]]:
    """(code, name) pairs a coded column accepts."""
    if column.kind == "choice":
        source = model._meta.get_field(column.source or column.field)
        return [(str(code), str(label)) for code, label in source.flatchoices if code]
    if column.kind == "code":
        entries = apps.get_model(column.source).objects.filter(is_active=True)
        return list(entries.values_list("code", "name"))
    if column.source:
        # A text column matched against a list after parsing (the evaluation levels
        # of the year's scheme): every scheme's entries, each named with its rule.
        entries = apps.get_model(column.source).objects.order_by(
            "code_list__effective_from", "rank", "code"
        )
        return [
            (code, f"{name} ({rule})")
            for code, name, rule in entries.values_list(
                "code", "name", "code_list__citation"
            )
        ]
    if column.kind == "unit":
        from cadre_registry.selectors import unit_list

        units = unit_list(user=user) if user is not None else Unit.objects.all()
        return list(units.order_by("path").values_list("code", "name"))
    return []


def template_workbook(resource: str, *, user=None) -> bytes:
    """The XLSX template of a resource (for `user`: their units, their columns)."""
    from . import RESOURCES

    spec = RESOURCES[resource]
    columns = columns_for(resource, user=user)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _WORKBOOK_OPTIONS)
    sheet = workbook.add_worksheet(spec.title[:31])
    codes = workbook.add_worksheet(CODES_SHEET)
    header = workbook.add_format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True}
    )
    required = workbook.add_format(
        {
            "bold": True,
            "bg_color": "#FDECEA",
            "font_color": "#B3261E",
            "border": 1,
            "text_wrap": True,
        }
    )
    example = workbook.add_format({"italic": True, "font_color": "#555555"})
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True})

    codes.write_string(0, 0, "Giá trị được chấp nhận của các cột có danh mục", bold)
    codes.write_string(
        1,
        0,
        f"Ghi tên hoặc mã, không phân biệt hoa thường, có dấu hay không. Ngày ghi "
        f"theo dạng {DATE_FORMAT}. Cột đỏ ở trang đầu là bắt buộc.",
    )
    block = 0
    for index, column in enumerate(columns):
        allowed = _allowed(column, spec.model, user=user)
        labels = [name for _code, name in allowed]
        sheet.write_string(
            0, index, column.header, required if column.required else header
        )
        sheet.write_comment(
            0,
            index,
            _hint(column, labels if len(labels) <= 12 else []),
            {"x_scale": 2, "y_scale": 1.5},
        )
        width = max(14, min(40, len(column.header) + 4))
        sheet.set_column(
            index, index, width, text if column.field in _TEXT_COLUMNS else None
        )
        if column.example:
            sheet.write_string(1, index, column.example, example)
        if not allowed:
            continue
        first = block * 3
        codes.write_string(3, first, column.header, bold)
        codes.write_string(4, first, "Mã", bold)
        codes.write_string(4, first + 1, "Tên", bold)
        for offset, (code, name) in enumerate(allowed):
            codes.write_string(5 + offset, first, code)
            codes.write_string(5 + offset, first + 1, name)
        codes.set_column(first, first, 12)
        codes.set_column(first + 1, first + 1, 32)
        if column.kind == "choice":
            # A drop-down of the names; other spellings (codes, no accents) are
            # still accepted, so Excel only informs.
            name_column = xl_col_to_name(first + 1)
            sheet.data_validation(
                1,
                index,
                100_000,
                index,
                {
                    "validate": "list",
                    "source": f"='{CODES_SHEET}'!${name_column}$6:${name_column}$"
                    f"{5 + len(allowed)}",
                    "error_type": "information",
                    "error_message": "Giá trị không có trong danh mục.",
                },
            )
        block += 1
    sheet.write_comment(
        1,
        0,
        "Dòng ví dụ: ghi đè hoặc xóa trước khi nhập.",
        {"x_scale": 1.5},
    )
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 32)
    workbook.close()
    return buffer.getvalue()


def error_workbook(job: ImportJob) -> bytes:
    """The rejected rows of a checked job as they were uploaded, plus a "Lý do"
    column: read again from the stored file and the job's errors."""
    reasons: dict[int, list[str]] = defaultdict(list)
    for error in job.errors or []:
        column = error.get("column") or ""
        message = error.get("message") or ""
        reasons[int(error.get("row") or 0)].append(
            f"{column}: {message}" if column else message
        )
    try:
        with job.file.open("rb") as handle:
            table = read_table(handle.read(), job.file_name)
        headers, rows = table.headers, dict(table.rows)
    except (ImportFileError, OSError, ValueError):
        headers, rows = [], {}
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _WORKBOOK_OPTIONS)
    sheet = workbook.add_worksheet("Dòng bị từ chối")
    bold = workbook.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1})
    reason_format = workbook.add_format(
        {"font_color": "#B3261E", "text_wrap": True, "valign": "top"}
    )
    date_format = workbook.add_format({"num_format": DATE_FORMAT})
    width = max([len(headers), *(len(cells) for cells in rows.values())], default=0)
    for index in range(width):
        title = headers[index] if index < len(headers) else ""
        sheet.write_string(0, index, title, bold)
        sheet.set_column(index, index, max(12, min(36, len(title) + 2)))
    sheet.write_string(0, width, REASON_HEADER, bold)
    sheet.set_column(width, width, 70)
    out = 1
    for number in sorted(reasons):
        cells = rows.get(number, [])
        for index, value in enumerate(cells[:width]):
            _write(sheet, out, index, value, date_format)
        where = f"Dòng {number}: " if number else ""
        sheet.write_string(
            out, width, where + "; ".join(reasons[number]), reason_format
        )
        out += 1
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _write(sheet, row: int, column: int, value, date_format) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    elif isinstance(value, dt.datetime | dt.date):
        sheet.write_datetime(row, column, value, date_format)
    else:
        sheet.write_string(row, column, str(value))
