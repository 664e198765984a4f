"""Helpers for the import engine's tests: files built in tmp_path, jobs around them."""

import csv
import io

import openpyxl

from cadre_registry.resources import PEOPLE_COLUMNS

HEADERS = [c.header for c in PEOPLE_COLUMNS]
BASIC = [
    "Số CCCD",
    "Số hiệu cán bộ",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Mã đơn vị",
    "Ngày bắt đầu công tác tại đơn vị",
    "Điện thoại",
]


def person_row(n: int = 1, **overrides) -> dict:
    """A new person in Phòng Công chức (SNV-CC, in the clerk's scope)."""
    row = {
        "Số CCCD": f"0011900{n:05d}",
        "Số hiệu cán bộ": f"CB{n:06d}",
        "Họ và tên": f"Trần Văn An {n}",
        "Giới tính": "Nam",
        "Ngày sinh": "01/02/1990",
        "Mã đơn vị": "SNV-CC",
        "Ngày bắt đầu công tác tại đơn vị": "01/01/2020",
        "Điện thoại": "0912345678",
    }
    row.update(overrides)
    return row


def xlsx_bytes(headers, rows, *, prepare=None) -> bytes:
    """An XLSX file (openpyxl): `rows` are dicts by header or lists of cells."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        if row is None:
            sheet.append([])
            continue
        sheet.append([row.get(h) for h in headers] if isinstance(row, dict) else row)
    if prepare:
        prepare(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows, *, delimiter=",", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [row.get(h, "") for h in headers] if isinstance(row, dict) else row
        )
    return buffer.getvalue().encode(encoding)
