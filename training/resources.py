"""Spreadsheet columns of training, keyed on natural ids as the registry's are: a
class by its name and opening date, a learner by personnel code and class. The same
column lists drive the django-import-export Resources and the list exports."""

from __future__ import annotations

from import_export import fields, resources, widgets

from cadre_registry.models import Person, Unit
from cadre_registry.resources import Column, ValidatedImportMixin
from training.models import Cohort, CourseType, Enrolment

COHORT_COLUMNS: tuple[Column, ...] = (
    Column("Tên lớp", "name", required=True, example="Cao cấp LLCT K80.26"),
    Column(
        "Mã loại khóa",
        "course_type",
        kind="code",
        required=True,
        source="training.CourseType",
        example="llct_cao_cap",
    ),
    Column(
        "Hệ", "mode", kind="choice", source="mode", required=True, example="Tập trung"
    ),
    Column(
        "Cơ sở đào tạo",
        "institution",
        required=True,
        example="Học viện Chính trị khu vực I",
    ),
    Column(
        "Mã đơn vị tổ chức",
        "organising_unit",
        kind="unit",
        required=True,
        example="T01",
        help="Mã đơn vị mở lớp (phải thuộc phạm vi được giao)",
    ),
    Column(
        "Ngày khai giảng", "start", kind="date", required=True, example="01/03/2026"
    ),
    Column("Ngày bế giảng", "end", kind="date", required=True, example="30/10/2026"),
    Column("Địa điểm", "location", example="Hà Nội"),
    Column("Số học viên tối đa", "capacity", kind="int", required=True, example="60"),
    Column(
        "Trạng thái", "status", kind="choice", source="status", example="Dự kiến mở"
    ),
)

ENROLMENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "Tên lớp",
        "cohort",
        required=True,
        example="Cao cấp LLCT K80.26",
        help="Tên lớp như trong danh sách lớp",
    ),
    Column(
        "Ngày khai giảng",
        "cohort_start",
        kind="date",
        required=True,
        example="01/03/2026",
        help="Ngày khai giảng của lớp (cùng Tên lớp để nhận diện lớp)",
    ),
    Column(
        "Số hiệu cán bộ",
        "person",
        required=True,
        example="CB000123",
        help="Khóa nhận diện học viên",
    ),
    Column(
        "Họ và tên",
        "full_name",
        example="Nguyễn Thị Hương",
        help="Để đối chiếu: phải khớp với hồ sơ của số hiệu cán bộ",
    ),
    Column(
        "Mã đơn vị cử",
        "nominating_unit",
        kind="unit",
        required=True,
        example="SNV",
        help="Phải thuộc phạm vi được giao",
    ),
    Column("Trạng thái", "status", kind="choice", source="status", example="Được cử"),
    Column("Ngày cử", "nominated_on", kind="date", required=True, example="15/02/2026"),
    Column("Ngày nhập học", "enrolled_on", kind="date"),
    Column(
        "Ngày kết thúc học",
        "finished_on",
        kind="date",
        help="Bắt buộc khi hoàn thành, không hoàn thành hoặc thôi học",
    ),
    Column("Kết quả, xếp loại", "result", help="Ví dụ: Giỏi"),
    Column(
        "Số văn bằng, chứng chỉ",
        "certificate_number",
        help="Chỉ khi học viên hoàn thành",
    ),
    Column("Ngày cấp", "certificate_date", kind="date"),
    Column(
        "Kinh phí",
        "sponsorship",
        kind="choice",
        source="sponsorship",
        example="Ngân sách nhà nước",
    ),
)


def _headers(resource, columns) -> None:
    headers = {c.field: c.header for c in columns}
    for name, resource_field in resource.fields.items():
        if name in headers:
            resource_field.column_name = headers[name]


class CohortResource(ValidatedImportMixin, resources.ModelResource):
    """Lớp, keyed on its name and opening date; type and unit by their codes."""

    import_kind = "cohorts"

    course_type = fields.Field(
        attribute="course_type",
        widget=widgets.ForeignKeyWidget(CourseType, field="code"),
    )
    organising_unit = fields.Field(
        attribute="organising_unit", widget=widgets.ForeignKeyWidget(Unit, field="code")
    )
    start = fields.Field(attribute="start", widget=widgets.DateWidget("%d/%m/%Y"))
    end = fields.Field(attribute="end", widget=widgets.DateWidget("%d/%m/%Y"))

    class Meta:
        model = Cohort
        import_id_fields = ("name", "start")
        fields = tuple(c.field for c in COHORT_COLUMNS)
        skip_unchanged = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        _headers(self, COHORT_COLUMNS)


class EnrolmentResource(ValidatedImportMixin, resources.ModelResource):
    """Học viên, keyed on the person's personnel code and the class."""

    import_kind = "enrolments"

    cohort = fields.Field(
        attribute="cohort", widget=widgets.ForeignKeyWidget(Cohort, field="name")
    )
    cohort_start = fields.Field(
        attribute="cohort__start", readonly=True, widget=widgets.DateWidget("%d/%m/%Y")
    )
    person = fields.Field(
        attribute="person",
        widget=widgets.ForeignKeyWidget(Person, field="personnel_code"),
    )
    full_name = fields.Field(attribute="person__full_name", readonly=True)
    nominating_unit = fields.Field(
        attribute="nominating_unit", widget=widgets.ForeignKeyWidget(Unit, field="code")
    )

    class Meta:
        model = Enrolment
        import_id_fields = ("person", "cohort")
        fields = tuple(c.field for c in ENROLMENT_COLUMNS)
        skip_unchanged = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        _headers(self, ENROLMENT_COLUMNS)


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def cohort_rows(*, cohorts):
    """Rows of display strings in COHORT_COLUMNS order."""
    modes = dict(Cohort._meta.get_field("mode").flatchoices)
    statuses = dict(Cohort.Status.choices)
    for row in (
        cohorts.order_by("-start", "id")
        .values_list(
            "name",
            "course_type__code",
            "mode",
            "institution",
            "organising_unit__code",
            "start",
            "end",
            "location",
            "capacity",
            "status",
        )
        .iterator(chunk_size=2000)
    ):
        name, code, mode, institution, unit, start, end, location, capacity, status = (
            row
        )
        yield [
            name,
            code,
            str(modes.get(mode, mode)),
            institution,
            unit,
            _text(start),
            _text(end),
            location,
            _text(capacity),
            str(statuses.get(status, status)),
        ]


def enrolment_rows(*, enrolments):
    """Rows of display strings in ENROLMENT_COLUMNS order."""
    statuses = dict(Enrolment._meta.get_field("status").flatchoices)
    money = dict(Enrolment._meta.get_field("sponsorship").flatchoices)
    for row in (
        enrolments.order_by("cohort__start", "person__name_sort", "id")
        .values_list(
            "cohort__name",
            "cohort__start",
            "person__personnel_code",
            "person__full_name",
            "nominating_unit__code",
            "status",
            "nominated_on",
            "enrolled_on",
            "finished_on",
            "result",
            "certificate_number",
            "certificate_date",
            "sponsorship",
        )
        .iterator(chunk_size=2000)
    ):
        row = list(row)
        row[5] = str(statuses.get(row[5], row[5]))
        row[12] = str(money.get(row[12], row[12]))
        yield [_text(value) for value in row]
