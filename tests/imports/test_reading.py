"""Reading files: formats, encodings, blank rows, merged cells, formulas, not-files."""

import io
import unicodedata
import zipfile

import openpyxl
import pytest
import xlsxwriter

from cadre_registry.imports.reading import ImportFileError, read_table

from .conftest import csv_bytes, xlsx_bytes


def test_empty_file_is_refused():
    for content in (b"", b"   \r\n  \n"):
        with pytest.raises(ImportFileError, match="Tệp rỗng"):
            read_table(content, "a.csv")


def test_workbook_without_any_cell_is_refused():
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    with pytest.raises(ImportFileError, match="Tệp rỗng"):
        read_table(buffer.getvalue(), "a.xlsx")


def test_pdf_renamed_xlsx_is_not_a_spreadsheet():
    with pytest.raises(ImportFileError, match="không phải bảng tính.*PDF"):
        read_table(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj", "ho-so.xlsx")


def test_binary_garbage_is_not_a_spreadsheet():
    garbage = bytes((n * 7919) % 256 for n in range(5000))
    with pytest.raises(ImportFileError, match="không phải bảng tính"):
        read_table(garbage, "ho-so.xlsx")


def test_broken_zip_named_xlsx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    with pytest.raises(ImportFileError, match="không phải bảng tính"):
        read_table(buffer.getvalue(), "ho-so.xlsx")


def test_html_saved_as_xls_is_explained():
    with pytest.raises(ImportFileError, match="HTML"):
        read_table(b"<html><table><tr><td>1</td></tr></table></html>", "bao-cao.xls")


def test_header_is_the_first_non_blank_row_and_row_numbers_are_excel_ones():
    content = xlsx_bytes(
        ["Họ và tên", "Giới tính"],
        [["An", "Nam"], None, None, ["Bình", "Nữ"]],
        prepare=lambda sheet: sheet.insert_rows(1, 2),  # two blank rows on top
    )
    table = read_table(content, "a.xlsx")
    assert table.header_row == 3
    assert table.headers == ["Họ và tên", "Giới tính"]
    assert [(number, cells[:2]) for number, cells in table.rows] == [
        (4, ["An", "Nam"]),
        (7, ["Bình", "Nữ"]),
    ]


def test_merged_cells_give_the_value_to_the_top_left_cell_only():
    def merge(sheet):
        sheet.merge_cells("B2:B3")

    content = xlsx_bytes(
        ["Họ và tên", "Mã đơn vị"], [["An", "SNV"], ["Bình", None]], prepare=merge
    )
    rows = read_table(content, "a.xlsx").rows
    assert rows[0][1][:2] == ["An", "SNV"]
    assert rows[1][1][:2] == ["Bình", ""]


def test_formulas_are_read_as_their_saved_values(tmp_path):
    path = tmp_path / "f.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["Họ và tên", "Số"])
    sheet.write_formula(1, 0, '="Nguyễn "&"Văn An"', None, "Nguyễn Văn An")
    sheet.write_formula(1, 1, "=1+2", None, 3)
    workbook.close()
    table = read_table(path.read_bytes(), "f.xlsx")
    assert table.rows == [(2, ["Nguyễn Văn An", 3.0])]


def test_formula_saved_without_a_value_reads_as_blank():
    content = xlsx_bytes(["Họ và tên", "Số"], [['=CONCAT("a","b")', 1]])
    assert read_table(content, "a.xlsx").rows == [(2, ["", 1.0])]


def test_csv_semicolon_with_bom():
    content = csv_bytes(
        ["Họ và tên", "Giới tính"], [["Lê Thị Hoa", "Nữ"]], delimiter=";"
    )
    assert content.startswith(b"\xef\xbb\xbf")
    table = read_table(content, "a.csv")
    assert table.headers == ["Họ và tên", "Giới tính"]
    assert table.rows == [(2, ["Lê Thị Hoa", "Nữ"])]


def test_csv_comma_without_bom_and_quoted_separators():
    content = csv_bytes(
        ["Họ và tên", "Nơi sinh"],
        [["Lê Hoa", "Xã A; huyện B, tỉnh C"]],
        encoding="utf-8",
    )
    table = read_table(content, "a.csv")
    assert table.rows == [(2, ["Lê Hoa", "Xã A; huyện B, tỉnh C"])]


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _cp1258(text: str) -> bytes:
    """Encode as Excel on a Vietnamese Windows does: letters with their vowel marks
    precomposed, the tone as a separate combining mark."""
    out = []
    for char in text:
        marks = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize(
            "NFC", "".join(m for m in marks if m not in _TONES)
        )
        out.append(base + "".join(m for m in marks if m in _TONES))
    return "".join(out).encode("cp1258")


def test_csv_in_windows_1258_is_read_with_its_accents():
    text = "Họ và tên,Giới tính\r\nLê Thị Hoa,Nữ\r\n"
    table = read_table(_cp1258(text), "a.csv")
    assert table.headers == ["Họ và tên", "Giới tính"]
    assert table.rows == [(2, ["Lê Thị Hoa", "Nữ"])]


def test_csv_in_an_unknown_encoding_says_how_to_save_it():
    with pytest.raises(ImportFileError, match="UTF-8"):
        read_table(b"Ho ten,Gioi tinh\r\n\x81\x8d\x8e,Nam\r\n", "a.csv")


def test_blank_csv_lines_keep_the_numbering():
    table = read_table(b"A,B\n1,2\n,\n\n3,4\n", "a.csv")
    assert [number for number, _cells in table.rows] == [2, 5]
