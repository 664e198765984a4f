"""Cell normalisers: each takes a cell as the reader gives it (text, number, date,
bool or None) and returns the value to store, or raises `CellError` with a message in
Vietnamese that names the value. Blank cells give None (or "" for text); whether a
blank is allowed is the caller's business.

They accept the spellings people really type: dates as dd/mm/yyyy, d/m/yyyy,
dd-mm-yyyy, yyyy-mm-dd or Excel date cells and serial numbers; a bare year where the
2C form allows one; "Nữ", "nữ", "NU", "F"; names or codes of the code lists, without
minding accents or case; national IDs that Excel turned into numbers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from cadre_registry.reference_data import normalize_text

MIN_YEAR, MAX_YEAR = 1900, 2100
# Text a spreadsheet would run as a formula (CSV injection); exports prefix such
# values with an apostrophe, which is taken off again on import.
FORMULA_PREFIXES = ("=", "+", "-", "@")
_EXPORT_NEUTRALISED = ("'=", "'+", "'-", "'@", "'\t", "'\r")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (after Excel's 1900 bug)
_MAX_SERIAL = 2_958_465  # 9999-12-31

DAY, MONTH, YEAR = "day", "month", "year"  # DatePrecision values


def memoised(convert, limit: int = 200_000):
    """`convert` remembering its answers (and refusals) per distinct cell: codes,
    choices and dates repeat a lot in a file, and a dictionary lookup is far
    cheaper than parsing again."""
    answers: dict = {}

    def cached(value):
        # 1, 1.0 and True are equal keys in a dict: tell non-text cells apart by type.
        key = value if value.__class__ is str else (value.__class__, value)
        try:
            answer = answers[key]
        except KeyError:
            try:
                answer = convert(value)
            except CellError as error:
                answer = _Refusal(error.message)
            except TypeError:  # an unhashable cell: not expected from the readers
                return convert(value)
            if len(answers) < limit:
                answers[key] = answer
        if answer.__class__ is _Refusal:
            raise CellError(answer.message)
        return answer

    return cached


class _Refusal:
    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


class CellError(ValueError):
    """A cell that cannot be read; the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def shown(value) -> str:
    """A cell as quoted in a message: short, on one line."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, dt.date):
        value = value.strftime("%d/%m/%Y")
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "…"


def is_blank(value) -> bool:
    return (
        value is None or (value.__class__ is str and not value.strip()) or value == ""
    )


# --- Text --------------------------------------------------------------------------------


def text(value, *, max_length: int | None = None, label: str = "") -> str:
    """Text as typed, trimmed, in composed Unicode (NFC); numbers without '.0'."""
    if value.__class__ is str:
        result = value.strip()
        if not result:
            return ""
        if not result.isascii() and not unicodedata.is_normalized("NFC", result):
            result = unicodedata.normalize("NFC", result)
        if result[0] == "'" and result.startswith(_EXPORT_NEUTRALISED):
            result = result[1:]
    elif value is None:
        return ""
    elif isinstance(value, bool):
        result = "Có" if value else "Không"
    elif isinstance(value, float):
        result = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime):
        result = value.strftime("%d/%m/%Y %H:%M").removesuffix(" 00:00")
    elif isinstance(value, dt.date):
        result = value.strftime("%d/%m/%Y")
    else:
        result = str(value).strip()
    if max_length is not None and len(result) > max_length:
        raise CellError(
            f"{label or 'Nội dung'} dài {len(result)} ký tự, tối đa {max_length}: "
            f"“{shown(result)}”."
        )
    return result


_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^<>]*>|<\s*/?\s*[a-zA-Z]+\s*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def person_name(
    value, *, max_length: int | None = None, label: str = "Họ và tên"
) -> str:
    """A person's name: plain text, no HTML and no spreadsheet formula."""
    result = text(value, max_length=max_length, label=label)
    if not result:
        return result
    if result.startswith(FORMULA_PREFIXES):
        raise CellError(
            f"{label} “{shown(result)}” bắt đầu bằng “{result[0]}”: bảng tính sẽ hiểu "
            "là công thức; hãy bỏ ký tự này."
        )
    if "<" in result and _HTML_TAG.search(result):
        raise CellError(
            f"{label} “{shown(result)}” chứa thẻ HTML; chỉ ghi họ tên bằng chữ."
        )
    if _CONTROL.search(result):
        raise CellError(f"{label} “{shown(result)}” chứa ký tự điều khiển, xuống dòng.")
    return result


# --- Numbers -------------------------------------------------------------------------------


def integer(value, *, label: str = "", minimum=None, maximum=None) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(
            f"{label or 'Ô'} cần một số nguyên, không phải “{shown(value)}”."
        )
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raw = str(value).strip().replace(" ", "")
        if re.fullmatch(r"[+-]?\d+([.,]0+)?", raw):
            number = int(re.split(r"[.,]", raw)[0])
        else:
            raise CellError(
                f"{label or 'Ô'} cần một số nguyên, không phải “{shown(value)}”."
            )
    if (minimum is not None and number < minimum) or (
        maximum is not None and number > maximum
    ):
        raise CellError(
            f"{label or 'Số'} {number} ngoài khoảng cho phép ({minimum}–{maximum})."
        )
    return number


def decimal(value, *, label: str = "", places: int = 2) -> Decimal | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"{label or 'Ô'} cần một số, không phải “{shown(value)}”.")
    raw = repr(value) if isinstance(value, float) else str(value).strip()
    raw = raw.replace(" ", "")
    if "," in raw and "." not in raw:
        raw = raw.replace(",", ".")  # 3,33 as written in Vietnamese
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError(
            f"{label or 'Ô'} cần một số (ví dụ 3.33), không phải “{shown(value)}”."
        ) from None
    if not number.is_finite():
        raise CellError(f"{label or 'Ô'} cần một số, không phải “{shown(value)}”.")
    return number.quantize(Decimal(1).scaleb(-places))


_TRUE = {"co", "x", "1", "true", "yes", "dung", "c"}
_FALSE = {"khong", "0", "false", "no", "sai", "k"}


def boolean(value, *, label: str = "") -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = normalize_text(str(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(
        f"{label or 'Ô'} ghi “Có” hoặc để trống, không phải “{shown(value)}”."
    )


# --- Dates ---------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})")
_YMD = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
_MY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YM = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})")
_Y = re.compile(r"(?:năm\s*)?(\d{4})", re.IGNORECASE)
_MIDNIGHT = re.compile(r"[ T]0{1,2}:00(:00(\.0+)?)?$")
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _make_date(year: int, month: int, day: int, value, label: str) -> dt.date:
    if MIN_YEAR <= year <= MAX_YEAR:
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass  # say why below
    if not 1 <= month <= 12:
        raise CellError(
            f"{label} “{shown(value)}” không tồn tại: không có tháng {month}."
        )
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= last:
        raise CellError(
            f"{label} “{shown(value)}” không tồn tại: tháng {month}/{year} chỉ có "
            f"{last} ngày."
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(
            f"{label} “{shown(value)}”: năm phải trong khoảng {MIN_YEAR}–{MAX_YEAR}."
        )
    return dt.date(year, month, day)


def _from_serial(value: float, label: str) -> dt.date:
    if not value.is_integer() or not 1 <= value <= _MAX_SERIAL:
        raise CellError(
            f"{label} “{shown(value)}” không phải một ngày: ghi theo dạng dd/mm/yyyy."
        )
    day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise CellError(
            f"{label} “{shown(value)}” không phải một ngày: ghi theo dạng dd/mm/yyyy."
        )
    return day


def date_value(value, *, label: str = "Ngày") -> dt.date | None:
    """A full date: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, an
    Excel date cell or an Excel serial number."""
    result = _date_or_partial(value, label=label, partial=False)
    return None if result is None else result[0]


def partial_date(value, *, label: str = "Ngày sinh") -> tuple[dt.date, str] | None:
    """A date as the 2C form allows it: full, month/year or a bare year. Missing day
    or month count as the first (as forms.PartialDateField does)."""
    return _date_or_partial(value, label=label, partial=True)


def _date_or_partial(value, *, label: str, partial: bool):
    if value is None:
        return None
    cls = value.__class__
    if cls is dt.date:
        return _make_date(value.year, value.month, value.day, value, label), DAY
    if cls is dt.datetime:
        return _make_date(value.year, value.month, value.day, value, label), DAY
    if cls is float or cls is int:
        if partial and MIN_YEAR <= value <= MAX_YEAR and float(value).is_integer():
            return dt.date(int(value), 1, 1), YEAR
        return _from_serial(float(value), label), DAY
    if cls is bool or cls is not str:
        raise CellError(
            f"{label} “{shown(value)}” không phải một ngày: ghi theo dạng dd/mm/yyyy."
        )
    raw = value.strip()
    if not raw:
        return None
    if len(raw) == 10 and raw[2] == "/" and raw[5] == "/" and raw.isascii():
        # dd/mm/yyyy, by far the most common spelling: no regular expression.
        day, month, year = raw[:2], raw[3:5], raw[6:]
        if day.isdigit() and month.isdigit() and year.isdigit():
            return _make_date(int(year), int(month), int(day), value, label), DAY
    raw = _MIDNIGHT.sub("", raw)
    if _TIME.search(raw):
        raw = _TIME.sub("", raw)
    match = _DMY.fullmatch(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) != 4:
            raise CellError(
                f"{label} “{shown(value)}”: ghi năm đủ 4 chữ số (dd/mm/yyyy)."
            )
        return _make_date(year, month, day, value, label), DAY
    match = _YMD.fullmatch(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _make_date(year, month, day, value, label), DAY
    if partial:
        match = _MY.fullmatch(raw) or _YM.fullmatch(raw)
        if match:
            first, second = match.groups()
            month, year = (
                (int(first), int(second))
                if len(first) <= 2
                else (int(second), int(first))
            )
            return _make_date(year, month, 1, value, label), MONTH
        match = _Y.fullmatch(raw)
        if match:
            return _make_date(int(match.group(1)), 1, 1, value, label), YEAR
        raise CellError(
            f"Không hiểu {label.lower()} “{shown(value)}”: ghi theo dạng dd/mm/yyyy, "
            "mm/yyyy hoặc yyyy (ví dụ 15/03/1980, 03/1980, 1980)."
        )
    if re.fullmatch(r"\d{5}(\.0+)?", raw):  # a serial number saved as text
        return _from_serial(float(raw), label), DAY
    if _Y.fullmatch(raw) or _MY.fullmatch(raw):
        raise CellError(
            f"{label} “{shown(value)}” thiếu ngày, tháng: ghi đủ dd/mm/yyyy."
        )
    raise CellError(
        f"Không hiểu {label.lower()} “{shown(value)}”: ghi theo dạng dd/mm/yyyy "
        "(ví dụ 15/03/1980)."
    )


# --- Coded values --------------------------------------------------------------------------

_GENDER = {
    "nam": "M",
    "m": "M",
    "male": "M",
    "trai": "M",
    "nu": "F",
    "f": "F",
    "female": "F",
    "gai": "F",
}


def gender(value, *, label: str = "Giới tính") -> str | None:
    """ "Nam"/"Nữ" however typed ("NU", "nữ", "M", "F") → "M"/"F"."""
    if is_blank(value):
        return None
    code = _GENDER.get(normalize_text(str(value)))
    if code is None:
        raise CellError(f"{label} ghi “Nam” hoặc “Nữ”, không phải “{shown(value)}”.")
    return code


class ChoiceIndex:
    """The labels and codes of a field's choices, accent- and case-insensitive."""

    def __init__(self, choices: Iterable[tuple[str, str]]):
        self.labels: list[str] = []
        self.map: dict[str, str] = {}
        for code, label in choices:
            self.labels.append(str(label))
            self.map.setdefault(normalize_text(str(label)), code)
        for code, _label in choices:
            if code:
                self.map.setdefault(normalize_text(code), code)
                self.map.setdefault(normalize_text(code.replace("_", " ")), code)

    def bind(self, label: str):
        """This index as a one-argument converter for the column `label`."""
        return lambda value: self(value, label=label)

    def __call__(self, value, *, label: str = "") -> str | None:
        if is_blank(value):
            return None
        key = normalize_text(text(value))
        try:
            return self.map[key]
        except KeyError:
            allowed = ", ".join(f"“{x}”" for x in self.labels if x)
            raise CellError(
                f"{label or 'Giá trị'} “{shown(value)}” không có trong danh mục; ghi "
                f"một trong: {allowed}."
            ) from None


_AMBIGUOUS = object()


class CodeIndex:
    """A code list (dân tộc, tôn giáo, trình độ...): code, name or any alias, without
    minding accents or case, to the entry's id. Codes win over names; active entries
    over retired ones; a spelling shared by two entries must be written as a code."""

    def __init__(self, entries: Iterable[tuple[int, str, str, Iterable[str], bool]]):
        by_code: dict[str, list[tuple[int, bool, str]]] = {}
        by_name: dict[str, list[tuple[int, bool, str]]] = {}
        self.names: dict[int, str] = {}
        for pk, code, name, aliases, active in entries:
            self.names[pk] = name
            by_code.setdefault(normalize_text(code), []).append((pk, active, name))
            for spelling in (name, *(aliases or ())):
                key = normalize_text(spelling)
                if key:
                    by_name.setdefault(key, []).append((pk, active, name))
        self.map: dict[str, object] = {}
        self.candidates: dict[str, list[str]] = {}
        for source in (by_code, by_name):
            for key, found in source.items():
                if key in self.map:
                    continue
                ids = {pk for pk, _a, _n in found}
                if len(ids) > 1:
                    active = {pk for pk, a, _n in found if a}
                    ids = active or ids
                if len(ids) == 1:
                    self.map[key] = next(iter(ids))
                else:
                    self.map[key] = _AMBIGUOUS
                    self.candidates[key] = sorted({n for _p, _a, n in found})

    def bind(self, label: str):
        """This index as a one-argument converter for the column `label`."""
        return lambda value: self(value, label=label)

    def __call__(self, value, *, label: str = "") -> int | None:
        if is_blank(value):
            return None
        key = normalize_text(text(value))
        found = self.map.get(key)
        if found is None:
            raise CellError(
                f"{label or 'Giá trị'} “{shown(value)}” không có trong danh mục (xem "
                "trang “Danh mục” của tệp mẫu)."
            )
        if found is _AMBIGUOUS:
            names = "; ".join(self.candidates[key])
            raise CellError(
                f"{label or 'Giá trị'} “{shown(value)}” ứng với nhiều mục ({names}): "
                "hãy ghi mã."
            )
        return found  # type: ignore[return-value]


# --- Identity numbers ----------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"\d+([.,]\d+)?[eE][+]?\d+")


def digits(
    value,
    *,
    length: int,
    label: str,
    max_restored: int = 1,
    prefix_ok=None,
) -> str | None:
    """A number written as exactly `length` digits (CCCD, sổ BHXH).

    Excel turns such numbers into numbers, dropping leading zeros (001180000123 →
    1180000123) or showing them as 1.18E+11 (and a CSV saved then keeps only that).
    A number is restored to its digits only when that is unambiguous: at most
    `max_restored` zeros lost, and the restored prefix valid (`prefix_ok`)."""
    if value.__class__ is str:
        raw = value.strip()
        if len(raw) == length and raw.isdigit() and raw.isascii():
            return raw  # the common case, fast
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"{label} phải gồm đúng {length} chữ số.")
    numeric = isinstance(value, float | int)
    if numeric:
        if not float(value).is_integer() or value < 0:
            raise CellError(f"{label} “{shown(value)}” phải gồm đúng {length} chữ số.")
        raw = str(int(value))
    else:
        raw = str(value).strip().lstrip("'")
        if _SCIENTIFIC.fullmatch(raw):
            raise CellError(
                f"{label} “{raw}” đã bị Excel đổi sang dạng số mũ nên mất chữ số: định "
                f"dạng cột là Văn bản (Text) rồi ghi lại đủ {length} chữ số."
            )
        number = re.fullmatch(r"(\d+)\.0+", raw)  # a number saved as text: 1180000123.0
        numeric = number is not None
        raw = number.group(1) if number else "".join(raw.split())
    if not raw.isdigit() or not raw.isascii():
        raise CellError(
            f"{label} “{shown(value)}” chỉ được gồm chữ số ({length} chữ số)."
        )
    if numeric and len(raw) >= length - max_restored and raw.endswith("00000"):
        # 1.18E+11 read back as a number: the digits after "1.18" are gone.
        raise CellError(
            f"{label} “{raw}” có vẻ đã bị Excel làm tròn (dạng số mũ) nên mất chữ số: "
            f"định dạng cột là Văn bản (Text) rồi ghi lại đủ {length} chữ số."
        )
    if len(raw) == length:
        if numeric and prefix_ok is not None and not prefix_ok(raw):
            raise CellError(
                f"{label} “{raw}” không hợp lệ (Excel đã đổi thành số?): định dạng cột "
                f"là Văn bản (Text) rồi ghi lại đủ {length} chữ số."
            )
        return raw
    # Digits lost at the front: a number, or text that does not start with 0 (a CSV
    # saved from a number column).
    if (
        len(raw) < length
        and (numeric or not raw.startswith("0"))
        and length - len(raw) <= max_restored
    ):
        restored = raw.zfill(length)
        if prefix_ok is None or prefix_ok(restored):
            return restored
    if len(raw) < length:
        raise CellError(
            f"{label} “{shown(value)}” có {len(raw)} chữ số, cần đúng {length} "
            "(nếu Excel đã bỏ số 0 ở đầu, hãy định dạng cột là Văn bản và ghi lại)."
        )
    raise CellError(
        f"{label} “{shown(value)}” có {len(raw)} chữ số, cần đúng {length}."
    )


def _cccd_province_ok(number: str) -> bool:
    # The first three digits are the province of birth, 001-096 (TT 59/2021/TT-BCA).
    return 1 <= int(number[:3]) <= 96


def national_id(value, *, label: str = "Số CCCD") -> str | None:
    """Số CCCD: exactly 12 digits (Luật Căn cước 2023)."""
    return digits(
        value, length=12, label=label, max_restored=2, prefix_ok=_cccd_province_ok
    )


_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]{2,}")


def email(value, *, label: str = "Thư điện tử", max_length: int = 254) -> str:
    result = text(value, max_length=max_length, label=label)
    if result and not _EMAIL.fullmatch(result):
        raise CellError(f"{label} “{shown(result)}” không đúng dạng ten@mien.vn.")
    return result
