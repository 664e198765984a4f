"""Reading an uploaded spreadsheet into rows of cells, fast.

XLSX, XLSM, XLS and ODS are read with python-calamine (about ten times faster than
openpyxl, PERFORMANCE.md); CSV with the csv module. Whatever the format, the result
is a `Table`: the header row (the first row that is not blank) and the data rows
after it, each with its row number as the spreadsheet program shows it. Blank rows
are skipped but keep their numbers counted. Merged cells come as calamine gives them
(the value in the top-left cell, the others blank) and formulas as the value Excel
saved with them (calamine never evaluates; a formula saved without a value is read
as blank).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

Cell = Any  # str | float | int | bool | date | datetime | time | timedelta


class ImportFileError(Exception):
    """A problem with the file as a whole; str(error) is a Vietnamese message."""


@dataclass
class Table:
    """The first sheet of a workbook: its header row and its non-blank data rows."""

    headers: list[str]
    header_row: int  # as the spreadsheet shows it, from 1
    rows: list[tuple[int, list[Cell]]]  # (row number, cells)
    file_format: str  # "xlsx", "xls", "ods" or "csv"
    sheet_name: str = ""


_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOT_SPREADSHEET = {
    b"%PDF": "tệp PDF",
    b"\x89PNG": "ảnh PNG",
    b"\xff\xd8\xff": "ảnh JPEG",
    b"GIF8": "ảnh GIF",
    b"MZ": "chương trình (.exe)",
    b"\x1f\x8b": "tệp nén gzip",
    b"Rar!": "tệp nén RAR",
    b"7z\xbc\xaf": "tệp nén 7z",
    b"{\\rtf": "văn bản RTF",
}
NOT_A_SPREADSHEET = (
    "Tệp không phải bảng tính{what}: chỉ nhận Excel (.xlsx, .xls), OpenDocument "
    "(.ods) hoặc CSV. Hãy mở tệp bằng Excel và lưu lại đúng định dạng."
)


def read_table(source: str | bytes | IO[bytes], file_name: str = "") -> Table:
    """Read the first sheet of a spreadsheet (path, bytes or binary file object)."""
    data = _read_bytes(source)
    if not data.strip():
        raise ImportFileError("Tệp rỗng: không có dữ liệu nào để nhập.")
    head = data[:8]
    for magic, what in _NOT_SPREADSHEET.items():
        if head.startswith(magic):
            raise ImportFileError(NOT_A_SPREADSHEET.format(what=f" (đây là {what})"))
    if head.startswith(_ZIP):
        if b"word/" in data[:4096]:
            raise ImportFileError(NOT_A_SPREADSHEET.format(what=" (đây là tệp Word)"))
        file_format = "ods" if b"opendocument.spreadsheet" in data[:200] else "xlsx"
        return _read_workbook(data, file_format)
    if head.startswith(_OLE):
        return _read_workbook(data, "xls")
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<html", b"<!doctype", b"<?xml", b"<table")):
        # Many systems save an HTML or XML table with an .xls name.
        raise ImportFileError(
            "Tệp là trang HTML/XML mang đuôi Excel, không phải bảng tính thật: hãy "
            "mở bằng Excel rồi lưu thành “Excel Workbook (.xlsx)”."
        )
    return _read_csv(data)


def _read_bytes(source: str | bytes | IO[bytes]) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str):
        with open(source, "rb") as handle:
            return handle.read()
    if hasattr(source, "open") and getattr(source, "closed", False):
        source.open("rb")  # a Django FieldFile
    if hasattr(source, "seek"):
        source.seek(0)
    return source.read()


# --- Workbooks ---------------------------------------------------------------------------


def _read_workbook(data: bytes, file_format: str) -> Table:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise ImportFileError(
            "Tệp Excel có mật khẩu: hãy bỏ mật khẩu rồi tải lên lại."
        ) from None
    except Exception:
        raise ImportFileError(
            NOT_A_SPREADSHEET.format(what=" hoặc đã hỏng, không mở được")
        ) from None
    sheet = None
    try:
        for metadata in workbook.sheets_metadata:
            if (
                metadata.visible == python_calamine.SheetVisibleEnum.Visible
                and metadata.typ == python_calamine.SheetTypeEnum.WorkSheet
            ):
                sheet = workbook.get_sheet_by_name(metadata.name)
                break
        if sheet is None:
            sheet = workbook.get_sheet_by_index(0)
        # skip_empty_area=False: the list starts at row 1 and column A, so that
        # indexes are the row numbers and column letters the user sees.
        cells = sheet.to_python(skip_empty_area=False)
    except Exception:
        raise ImportFileError(
            NOT_A_SPREADSHEET.format(what=" hoặc đã hỏng, không đọc được trang tính")
        ) from None
    return _table(enumerate(cells, start=1), file_format, sheet.name)


def _blank(cell: Cell) -> bool:
    return cell is None or cell == "" or (isinstance(cell, str) and not cell.strip())


def _table(
    numbered: Iterator[tuple[int, list[Cell]]], file_format: str, sheet_name: str = ""
) -> Table:
    header_row = 0
    headers: list[str] = []
    rows: list[tuple[int, list[Cell]]] = []
    for number, cells in numbered:
        if not header_row:
            if all(_blank(c) for c in cells):
                continue
            header_row = number
            headers = [_header_text(c) for c in cells]
            continue
        # A row with any non-blank cell is data; the others are skipped, their
        # numbers kept (rows are numbered as the spreadsheet shows them).
        for cell in cells:
            if (
                cell is not None
                and cell != ""
                and (cell.__class__ is not str or cell.strip())
            ):
                rows.append((number, cells))
                break
    if not header_row:
        raise ImportFileError("Tệp rỗng: không có dữ liệu nào để nhập.")
    while headers and not headers[-1]:
        headers.pop()
    return Table(
        headers=headers,
        header_row=header_row,
        rows=rows,
        file_format=file_format,
        sheet_name=sheet_name,
    )


def _header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unicodedata.normalize("NFC", " ".join(str(cell).split()))


# --- CSV ---------------------------------------------------------------------------------

_CANDIDATE_DELIMITERS = (";", ",", "\t")


def _decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" (UTF-16, tab separated).
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise ImportFileError(NOT_A_SPREADSHEET.format(what=""))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Excel on a Vietnamese Windows saves "CSV (Comma delimited)" in cp1258, whose
    # tone marks are combining characters: compose them afterwards.
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise ImportFileError(
            "Tệp CSV không ở bảng mã UTF-8 (hay Windows-1258) nên tiếng Việt sẽ bị "
            "lỗi: trong Excel hãy chọn Lưu thành → “CSV UTF-8 (Comma delimited)”."
        ) from None
    return unicodedata.normalize("NFC", text), "cp1258"


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    control = sum(
        1 for ch in sample if ch < " " and ch not in "\t\r\n" or "\x7f" <= ch < "\xa0"
    )
    return control <= len(sample) // 100


def _delimiter(text: str) -> str:
    """The delimiter of the first non-blank line outside quotes: ; (Excel in a
    Vietnamese locale), , or a tab."""
    for line in text.splitlines():
        if not line.strip().strip(";,\t"):
            continue
        counts = dict.fromkeys(_CANDIDATE_DELIMITERS, 0)
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in counts:
                counts[ch] += 1
        best = max(_CANDIDATE_DELIMITERS, key=lambda d: counts[d])
        return best if counts[best] else ","
    return ","


def _read_csv(data: bytes) -> Table:
    text, _encoding = _decode(data)
    if not _looks_like_text(text):
        raise ImportFileError(NOT_A_SPREADSHEET.format(what=""))
    if not text.strip():
        raise ImportFileError("Tệp rỗng: không có dữ liệu nào để nhập.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _table(enumerate(reader, start=1), "csv")
    except csv.Error as error:
        raise ImportFileError(
            f"Tệp CSV sai cấu trúc ở dòng {reader.line_num}: {error}."
        ) from None
