"""What the API returns, as ninja schemas: they are the OpenAPI document's models.
Descriptions are Vietnamese, as the rest of the app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

SENSITIVE = "Chỉ có khi người dùng có quyền xem thông tin nhạy cảm."


class ErrorOut(Schema):
    detail: str = Field(description="Thông báo lỗi")
    param: str | None = Field(None, description="Tham số gây lỗi (lỗi 400)")


class CodeOut(Schema):
    code: str
    name: str


class UnitOut(Schema):
    id: int
    code: str
    name: str


class PersonOut(Schema):
    id: int
    personnel_code: str | None = Field(description="Số hiệu cán bộ, công chức")
    full_name: str = Field(description="Họ và tên khai sinh")
    birth_date: dt.date
    gender: CodeOut = Field(description="M: Nam, F: Nữ")
    unit: UnitOut | None = Field(description="Đơn vị quản lý hiện tại")
    position: CodeOut | None = Field(description="Chức vụ hiện tại")
    position_title: str = Field(description="Chức danh hiện tại")
    degree: CodeOut | None = Field(description="Trình độ chuyên môn cao nhất")
    political_theory: CodeOut | None = Field(description="Lý luận chính trị")
    retirement_date: dt.date | None = Field(description="Ngày nghỉ hưu dự kiến")
    left_on: dt.date | None = Field(description="Ngày thôi việc, nghỉ hưu")
    # Left unset (so absent from the JSON) without the sensitive permission.
    ethnicity: CodeOut | None = Field(None, description=f"Dân tộc. {SENSITIVE}")
    religion: CodeOut | None = Field(None, description=f"Tôn giáo. {SENSITIVE}")
    national_id: str | None = Field(None, description=f"Số CCCD. {SENSITIVE}")


class PageOut(Schema):
    count: int = Field(description="Tổng số dòng (tối đa 100.000)")
    count_capped: bool = Field(description="Đúng khi tổng số vượt mức tối đa")
    page: int
    page_size: int
    has_next: bool


class PeoplePageOut(PageOut):
    results: list[PersonOut]


class FigureOut(Schema):
    key: str = Field(description="Mã chỉ tiêu, ví dụ gender:female")
    label: str
    section: str = Field(description="Nhóm chỉ tiêu")
    count: int
    denominator: int = Field(description="Mẫu số: tổng số cán bộ")
    share: Decimal | None = Field(
        description="Tỷ lệ phần trăm, làm tròn nửa lên đến hai chữ số thập phân"
    )


class StatisticsOut(Schema):
    on: dt.date = Field(description="Số liệu tính đến ngày")
    unit: UnitOut | None = Field(description="Trống: toàn bộ phạm vi của người dùng")
    headcount: int
    mean_age: Decimal | None
    evaluation_year: int = Field(description="Năm xếp loại chất lượng")
    retiring_until: dt.date = Field(description="Đến tuổi nghỉ hưu đến ngày")
    figures: list[FigureOut]


class DefinitionOut(Schema):
    id: int
    name: str
    tables: list[str] = Field(description="Các biểu của báo cáo")
    unit: UnitOut | None


class SnapshotOut(Schema):
    id: int
    definition: DefinitionOut
    on: dt.date = Field(description="Số liệu tính đến ngày")
    period_start: dt.date = Field(description="Kỳ báo cáo từ ngày")
    made_at: dt.datetime
    data_version: dict[str, int] = Field(
        description="Dòng lịch sử mới nhất của các bảng đã đọc khi tính"
    )
    frozen: bool = Field(description="Đã chốt số liệu")
    frozen_at: dt.datetime | None


class SnapshotDetailOut(SnapshotOut):
    figures: dict[str, Any] = Field(description="Số liệu đã lưu, theo mã biểu")


class SnapshotPageOut(PageOut):
    results: list[SnapshotOut]
