"""Spreadsheet columns of the registry, keyed on natural ids (unit code, national ID
or personnel code, never the database id).

One list of columns per resource drives everything a spreadsheet touches: the
django-import-export Resource (admin, templates), the fast import engine
(cadre_registry/imports/), the XLSX template and the exports, so that an export
re-imports unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export import fields, resources, widgets
from import_export.results import Error, Result, RowResult

from cadre_registry.models import Person, Unit


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: its Vietnamese header and what it holds."""

    header: str
    field: str
    kind: str = "text"  # text | date | partial_date | int | decimal | bool | choice | code | unit
    required: bool = False
    sensitive: bool = False
    # For kind "code": the reference model label ("cadre_registry.EthnicGroup");
    # for "choice": the model field whose choices apply.
    source: str = ""
    example: str = ""
    help: str = ""
    max_length: int | None = None
    aliases: tuple[str, ...] = field(default=())
    # The ORM path an export reads for this column, from the resource's model, when
    # it cannot be derived from `field` (cadre_registry.exports): a column named
    # apart from its model field, e.g. a family member's "member_name", which is
    # FamilyMember.full_name since "full_name" names the cadre in a history file.
    path: str = ""


PEOPLE_KEYS = ("national_id", "personnel_code")

PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column(
        "Số CCCD",
        "national_id",
        sensitive=True,
        example="001180000123",
        help="12 chữ số; khóa nhận diện (hoặc Số hiệu cán bộ)",
        aliases=("CCCD", "Số CMND/CCCD", "CMND/CCCD"),
    ),
    Column(
        "Số hiệu cán bộ",
        "personnel_code",
        example="CB000123",
        help="Khóa nhận diện khi không có CCCD",
        aliases=("Số hiệu", "Mã cán bộ"),
    ),
    Column(
        "Họ và tên",
        "full_name",
        required=True,
        example="Nguyễn Thị Hương",
        max_length=128,
        aliases=("Họ tên", "Họ và tên khai sinh"),
    ),
    Column("Tên gọi khác", "other_names", max_length=128),
    Column(
        "Giới tính",
        "gender",
        kind="choice",
        required=True,
        source="gender",
        example="Nữ",
        help="Nam / Nữ",
    ),
    Column(
        "Ngày sinh",
        "birth_date",
        kind="partial_date",
        required=True,
        example="15/03/1980",
        help="dd/mm/yyyy, mm/yyyy hoặc yyyy",
    ),
    Column("Nơi sinh", "birthplace", max_length=255),
    Column("Quê quán", "hometown", max_length=255),
    Column(
        "Dân tộc",
        "ethnic_group",
        kind="code",
        sensitive=True,
        source="cadre_registry.EthnicGroup",
        example="Kinh",
        help="Tên hoặc mã (QĐ 1019/QĐ-TCTK)",
    ),
    Column(
        "Tôn giáo",
        "religion",
        kind="code",
        sensitive=True,
        source="cadre_registry.Religion",
        example="Không",
    ),
    Column("Ngày cấp CCCD", "national_id_issued_on", kind="date", sensitive=True),
    Column("Nơi cấp CCCD", "national_id_issued_by", sensitive=True, max_length=128),
    Column("Số sổ BHXH", "social_insurance_no", help="10 chữ số"),
    Column("Nơi đăng ký thường trú", "permanent_address", max_length=255),
    Column("Nơi ở hiện nay", "current_address", max_length=255),
    Column("Điện thoại", "phone", max_length=32),
    Column("Thư điện tử", "email", max_length=254),
    Column(
        "Loại cán bộ",
        "staff_kind",
        kind="choice",
        source="staff_kind",
        example="Công chức",
    ),
    Column(
        "Mã đơn vị",
        "unit",
        kind="unit",
        required=True,
        example="T01-SNV",
        help="Mã đơn vị quản lý (phải thuộc phạm vi được giao)",
    ),
    Column(
        "Ngày bắt đầu công tác tại đơn vị",
        "unit_start",
        kind="date",
        example="01/01/2015",
        help="Bắt buộc khi thêm mới hoặc chuyển đơn vị",
    ),
    Column(
        "Chức vụ",
        "position",
        kind="code",
        source="cadre_registry.Position",
        example="Chuyên viên",
    ),
    Column("Nghề nghiệp khi được tuyển dụng", "occupation_before", max_length=255),
    Column("Ngày tuyển dụng", "recruited_on", kind="date"),
    Column("Cơ quan tuyển dụng", "recruiting_agency", max_length=255),
    Column("Giáo dục phổ thông", "general_education", example="12/12"),
    Column(
        "Trình độ chuyên môn cao nhất",
        "highest_degree",
        kind="code",
        source="cadre_registry.Degree",
        example="Đại học",
    ),
    Column("Chuyên ngành", "degree_field", max_length=255),
    Column("Học hàm", "academic_title", kind="choice", source="academic_title"),
    Column(
        "Lý luận chính trị",
        "political_theory",
        kind="code",
        source="cadre_registry.PoliticalTheoryLevel",
        example="Trung cấp",
    ),
    Column(
        "Quản lý nhà nước",
        "state_management",
        kind="code",
        source="cadre_registry.StateManagementLevel",
        example="Chuyên viên",
    ),
    Column("Ngoại ngữ", "foreign_languages", max_length=255),
    Column("Tin học", "it_level", max_length=64),
    Column("Ngày vào Đảng", "party_joined_on", kind="date"),
    Column("Ngày chính thức", "party_official_on", kind="date"),
    Column("Sức khỏe", "health", sensitive=True, max_length=128),
    Column("Ngày thôi việc, nghỉ hưu", "left_on", kind="date"),
)

UNIT_COLUMNS: tuple[Column, ...] = (
    Column("Mã đơn vị", "code", required=True, example="T01-SNV", max_length=32),
    Column("Tên đơn vị", "name", required=True, example="Sở Nội vụ", max_length=255),
    Column(
        "Loại đơn vị",
        "kind",
        kind="choice",
        required=True,
        source="kind",
        example="Cơ quan, ban, sở, ngành",
    ),
    Column("Mã đơn vị cấp trên", "parent", kind="unit", example="T01"),
    Column("Hiệu lực từ", "valid_from", kind="date"),
    Column("Hiệu lực đến", "valid_to", kind="date"),
)


def _dataset_cell(value) -> str:
    """A tablib cell as the import engine reads it from a CSV file: dates as
    dd/mm/yyyy, whole floats without ".0" (a bare year stays a year), flags as
    "Có"/"Không"; text as it is (a CSV cell is never run as a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _dataset_csv(dataset) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["" if h is None else str(h) for h in dataset.headers or ()])
    for row in dataset:
        writer.writerow([_dataset_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


class ValidatedImportMixin:
    """django-import-export's `import_data(dataset, dry_run=...)`, run by the
    validated engine of the import pages (cadre_registry.imports) instead of
    django-import-export's row-by-row save.

    Why: with its defaults django-import-export saved about 100 rows/s here
    (docs/benchmarks.md) and checks nothing against the rules (scope, CCCD
    duplicates in the file and the database, code lists, dates of the 2C form);
    going through the engine, a Resource gives the same checks, the same
    all-or-nothing transaction, change history with the import as its source and
    the same audit log as an upload. The dataset becomes an uploaded CSV file of
    an ImportJob, so the job (checksum, counts, error workbook) is the audit trail.

    `user=` is required: it decides the scope and the sensitive-field permission.
    The Result carries the counts in `totals`, every rejected row in
    `invalid_rows` (number as the spreadsheet shows it, errors by column header,
    in Vietnamese), problems with the file as a whole in `base_errors` (raised
    when `raise_errors`), and the job in `result.job`. Rows that pass are counted,
    not listed one by one: the engine decides them in bulk. Without
    `rollback_on_validation_errors` the rows that pass are imported and the
    rejected ones left out, as the confirm page does; with it, nothing is written
    unless every row passes."""

    import_kind = ""  # the key in cadre_registry.imports.RESOURCES

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        *,
        user=None,
        file_name="",
        **kwargs,
    ):
        from cadre_registry import import_jobs
        from cadre_registry.imports import ImportFileError, apply_file, check_file

        if user is None:
            raise TypeError(
                "import_data() needs user=: scope and permissions are theirs"
            )
        result = Result()
        result.job = None
        result.diff_headers = list(dataset.headers or [])
        result.total_rows = len(dataset)
        base = (file_name or self.import_kind).rsplit("/", 1)[-1].rsplit(".", 1)[0]
        upload = SimpleUploadedFile(
            f"{base or self.import_kind}.csv", _dataset_csv(dataset)
        )
        try:
            if not dataset.headers:
                raise ImportFileError(
                    "Bảng dữ liệu không có dòng tiêu đề: cần tên các cột như trong tệp mẫu."
                )
            job = result.job = import_jobs.import_job_create(
                user=user, resource=self.import_kind, upload=upload
            )
            report = check_file(job=job, user=user)
            write = not dry_run and report.rejected < report.total
            if report.rejected and rollback_on_validation_errors:
                write = False
            if write:
                applied = apply_file(job=job, user=user)
                report.new, report.updated = applied.new, applied.updated
                report.unchanged = applied.unchanged
        except (ImportFileError, import_jobs.UploadRefused) as error:
            if raise_errors:
                raise
            result.append_base_error(Error(error))
            refused = getattr(error, "report", None)  # refused at confirm time
            if refused is not None:
                self._rejected_rows(result, dataset, refused.errors)
            return result
        result.totals[RowResult.IMPORT_TYPE_NEW] = report.new
        result.totals[RowResult.IMPORT_TYPE_UPDATE] = report.updated
        result.totals[RowResult.IMPORT_TYPE_SKIP] = report.unchanged
        result.totals[RowResult.IMPORT_TYPE_INVALID] = report.rejected
        self._rejected_rows(result, dataset, report.errors)
        return result

    @staticmethod
    def _rejected_rows(result: Result, dataset, errors) -> None:
        by_row: dict[int, dict[str, list[str]]] = {}
        for error in errors:
            messages = by_row.setdefault(error.row, {})
            messages.setdefault(error.column or NON_FIELD_ERRORS, []).append(
                error.message
            )
        headers = result.diff_headers
        for number, messages in sorted(by_row.items()):
            # Row 1 of the CSV is the header row: data row i is dataset[i - 2].
            index = number - 2
            values = dataset[index] if 0 <= index < len(dataset) else ()
            row = dict(zip(headers, values, strict=False))
            row_result = RowResult()
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError(messages)
            row_result.row_values = row
            result.append_row_result(row_result)
            result.append_invalid_row(number, row, row_result.validation_error)


class PersonResource(ValidatedImportMixin, resources.ModelResource):
    """Hồ sơ cán bộ for django-import-export, keyed on the CCCD or personnel code;
    imports go through the validated engine (ValidatedImportMixin)."""

    import_kind = "people"

    unit = fields.Field(
        attribute="unit",
        column_name="Mã đơn vị",
        widget=widgets.ForeignKeyWidget(Unit, field="code"),
    )

    class Meta:
        model = Person
        import_id_fields = ("national_id",)
        fields = tuple(
            c.field for c in PEOPLE_COLUMNS if c.field not in ("unit_start",)
        )
        skip_unchanged = True
        report_skipped = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        headers = {c.field: c.header for c in PEOPLE_COLUMNS}
        for name, resource_field in self.fields.items():
            if name in headers:
                resource_field.column_name = headers[name]


class UnitResource(ValidatedImportMixin, resources.ModelResource):
    """Đơn vị keyed on its code; the parent by its code."""

    import_kind = "units"

    parent = fields.Field(
        attribute="parent",
        column_name="Mã đơn vị cấp trên",
        widget=widgets.ForeignKeyWidget(Unit, field="code"),
    )

    class Meta:
        model = Unit
        import_id_fields = ("code",)
        fields = tuple(c.field for c in UNIT_COLUMNS)
        skip_unchanged = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        headers = {c.field: c.header for c in UNIT_COLUMNS}
        for name, resource_field in self.fields.items():
            if name in headers:
                resource_field.column_name = headers[name]


class _WrittenWidget(widgets.Widget):
    """A cell as the history exports write it (dd/mm/yyyy, "3,33", "Có"/"Không",
    choice labels), so django-import-export's files match the import templates;
    text a spreadsheet would run as a formula is neutralised as in the exports."""

    def __init__(self, write):
        super().__init__()
        self.write = write

    def render(self, value, obj=None, **kwargs):
        from cadre_registry.exports import neutralise

        text = value if self.write is None else self.write(value)
        # A name typed as "=HYPERLINK(...)" stays text in every format.
        return neutralise(text) if isinstance(text, str) else text


def history_resource(name: str) -> type[resources.ModelResource]:
    """The django-import-export Resource of a dated history kind ("salaries",
    "family"...), built from the columns of its import template: the person by CCCD
    and personnel code, each value written as the template reads it, so that its
    export re-imports unchanged. Its import_data() is the validated engine's
    (ValidatedImportMixin), with the kind's checks and rules."""
    # Imported here: the history column lists import Column from this module.
    from cadre_registry import exports
    from cadre_registry.imports import RESOURCES

    spec = RESOURCES[name]
    attrs = {"import_kind": name}
    for column in spec.columns:
        path, write = exports._history_cell(spec.model, column)
        attrs[column.field] = fields.Field(
            attribute=path,
            column_name=column.header,
            widget=_WrittenWidget(write),
            readonly=True,
        )
    attrs["Meta"] = type(
        "Meta",
        (),
        {
            "model": spec.model,
            "fields": tuple(c.field for c in spec.columns),
            "export_order": tuple(c.field for c in spec.columns),
        },
    )
    return type(
        f"{spec.model.__name__}Resource",
        (ValidatedImportMixin, resources.ModelResource),
        attrs,
    )
