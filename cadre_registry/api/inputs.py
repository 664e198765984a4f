"""The API's query and path parameters, read by hand rather than by ninja's
validation: a wrong value is a 400 whose Vietnamese message names the parameter,
never ninja's English 422 nor a 500 from a value the database refuses."""

from __future__ import annotations

import datetime as dt
import re

from cadre_registry.selectors import MAX_PK

# Outside these years a date is a typing slip, and rules.add_months would overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_PAGE = 100_000
MAX_QUERY_LENGTH = 100

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class BadInput(Exception):
    """A parameter the API cannot use: answered 400 with the message and its name."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param
        self.message = message


def parse_date(value: str | None, *, param: str, default: dt.date) -> dt.date:
    """dd/mm/yyyy (as the pages write dates) or ISO yyyy-mm-dd."""
    if value is None or not value.strip():
        return default
    text = value.strip()
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.fullmatch(text)
        if not match:
            raise BadInput(
                param,
                f"Tham số “{param}” phải là ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd.",
            )
        year, month, day = (int(g) for g in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise BadInput(
            param, f"Tham số “{param}” không phải là một ngày có thật."
        ) from None
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise BadInput(
            param,
            f"Tham số “{param}” phải là ngày từ năm {FIRST_YEAR} đến {LAST_YEAR}.",
        )
    return date


def parse_id(value: str | None, *, param: str) -> int | None:
    """A positive whole number that can be a primary key; None when absent."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_PK:
        raise BadInput(param, f"Tham số “{param}” phải là một số nguyên dương.")
    return int(text)


def parse_page(value: str | None, *, param: str = "page") -> int:
    """A page number from 1; absent is the first page."""
    if value is None or not value.strip():
        return 1
    text = value.strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
        raise BadInput(
            param, f"Tham số “{param}” phải là số trang từ 1 đến {MAX_PAGE:,}."
        )
    return int(text)


def parse_text(value: str | None, *, param: str) -> str:
    """Free text such as a search; NUL and overlong input are refused."""
    text = (value or "").strip()
    if "\x00" in text:
        raise BadInput(param, f"Tham số “{param}” chứa ký tự không hợp lệ.")
    if len(text) > MAX_QUERY_LENGTH:
        raise BadInput(param, f"Tham số “{param}” dài quá {MAX_QUERY_LENGTH} ký tự.")
    return text
