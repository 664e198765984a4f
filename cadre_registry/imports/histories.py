"""Imports of a person's dated histories through the same flow as people (upload,
dry run, preview, error workbook, confirm, background tasks, log, commands).

A history row names its person by Số CCCD or Số hiệu cán bộ (never the database
id) and, optionally, by name as a check. The dry run reads the people, their
existing rows and the code lists set-wise (a handful of queries, whatever the
file's length); the confirmed import writes the new and changed rows set-wise
under the rules of `services.history_row_save`, the editors' own service (see
_HistoryImporter.write), so the rules of the inline forms hold for imported rows
too and the change history shows the import as the reason. Re-importing the same
file changes nothing.

The kinds and their keys (besides the person):
- assignments (Quá trình công tác): the unit and the start date;
- salary (Quá trình lương): the start date (ngày hưởng; one a day, a constraint);
- Party posts (Chức vụ Đảng): the start date and the post;
- evaluations (Đánh giá, xếp loại): the year (one a year, a constraint);
- rewards (Khen thưởng): the year and the form;
- discipline (Kỷ luật): the form and the effective date; personal data;
- family members (Quan hệ gia đình): the side, the relation and the name;
  personal data.
Dated kinds are checked in the dry run for what the database or the service would
refuse at confirm time (the end before the start, overlapping main assignments, a
salary step the grade does not have), so that a clean preview confirms cleanly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from cadre_registry import services
from cadre_registry.models import (
    Assignment,
    Discipline,
    Evaluation,
    EvaluationLevel,
    FamilyMember,
    Grade,
    GradeStep,
    PartyPost,
    Person,
    Reward,
    SalaryRecord,
)
from cadre_registry.reference_data import normalize_text
from cadre_registry.resources import PEOPLE_COLUMNS, Column

from . import parsing
from .engine import (
    ImportRejected,
    ImportSpec,
    Parsed,
    Plan,
    Progress,
    RowError,
    _analyze,
    _copy,
    _history,
    _Importer,
    _reserve_ids,
    _scope,
    _Units,
    change_reason,
    copy_value,
)

_BY_FIELD = {c.field: c for c in PEOPLE_COLUMNS}
PERSON_COLUMNS: tuple[Column, ...] = (
    _BY_FIELD["national_id"],
    _BY_FIELD["personnel_code"],
    dataclasses.replace(
        _BY_FIELD["full_name"],
        required=False,
        help="Để đối chiếu: phải khớp với hồ sơ (không bắt buộc)",
    ),
)

EVALUATION_COLUMNS: tuple[Column, ...] = (
    *PERSON_COLUMNS,
    Column("Năm", "year", kind="int", required=True, example="2025"),
    Column(
        "Xếp loại",
        "level",
        required=True,
        example="Hoàn thành tốt nhiệm vụ",
        # Listed on the template's "Danh mục" sheet; matched in resolve() against
        # the year's scheme, not by the column's converter.
        source="cadre_registry.EvaluationLevel",
        help="Mã hoặc tên mức xếp loại của quy định áp dụng cho năm đó "
        "(NĐ 90/2020; NĐ 335/2025 từ năm 2026)",
        aliases=("Mức xếp loại", "Xếp loại chất lượng"),
    ),
    Column("Điểm", "score", kind="decimal", help="0–100, nơi có chấm điểm"),
    Column("Xếp loại thi đua", "emulation", max_length=128),
    Column("Ghi chú", "note", max_length=255),
)

DECISION_COLUMNS: tuple[Column, ...] = (
    Column("Số quyết định", "decision_number", max_length=64, example="125/QĐ-UBND"),
    Column("Ngày quyết định", "decision_date", kind="date", example="20/12/2025"),
    Column(
        "Cơ quan quyết định",
        "decision_authority",
        max_length=255,
        example="UBND tỉnh",
    ),
)

PERIOD_COLUMNS: tuple[Column, ...] = (
    Column("Từ ngày", "start", kind="date", required=True, example="01/06/2021"),
    Column(
        "Đến ngày",
        "end",
        kind="date",
        help="Để trống nếu đang tiếp diễn",
        aliases=("Tới ngày",),
    ),
)

ASSIGNMENT_COLUMNS: tuple[Column, ...] = (
    *PERSON_COLUMNS,
    Column(
        "Mã đơn vị",
        "unit",
        kind="unit",
        required=True,
        example="SNV-CC",
        help="Đơn vị công tác, trong phạm vi được giao",
    ),
    Column(
        "Chức vụ",
        "position",
        kind="code",
        source="cadre_registry.Position",
        example="Trưởng phòng",
    ),
    Column("Chức danh, công việc", "title", max_length=255, example="Chuyên viên"),
    *PERIOD_COLUMNS,
    Column(
        "Công tác chính",
        "is_main",
        kind="bool",
        example="Có",
        help="“Có” (mặc định khi để trống) hoặc “Không” nếu là kiêm nhiệm",
    ),
    *DECISION_COLUMNS,
)

SALARY_COLUMNS: tuple[Column, ...] = (
    *PERSON_COLUMNS,
    Column(
        "Mã ngạch",
        "grade",
        required=True,
        # Matched in resolve() in the list in force on the start date: QĐ 78/2004
        # and TT 02/2021 share codes such as 01.003.
        source="cadre_registry.Grade",
        example="01.003",
        aliases=("Ngạch",),
    ),
    Column("Bậc", "step", kind="int", required=True, example="3"),
    Column(
        "Hệ số",
        "coefficient",
        kind="decimal",
        example="3,00",
        help="Để trống để lấy theo bảng lương của ngạch và bậc (NĐ 204/2004)",
    ),
    Column(
        "Phần trăm hưởng",
        "percent",
        kind="int",
        help="1–100; để trống là 100 (hưởng 85% khi tập sự)",
    ),
    Column(
        "Phụ cấp thâm niên vượt khung (%)",
        "seniority_percent",
        kind="int",
        help="0–100; để trống là 0",
    ),
    Column(
        "Ngày hưởng",
        "start",
        kind="date",
        required=True,
        example="01/07/2024",
        aliases=("Từ ngày",),
    ),
    Column("Đến ngày", "end", kind="date", help="Để trống nếu đang hưởng"),
    *DECISION_COLUMNS,
)

PARTY_POST_COLUMNS: tuple[Column, ...] = (
    *PERSON_COLUMNS,
    Column(
        "Chức vụ Đảng",
        "title",
        required=True,
        max_length=128,
        example="Phó Bí thư Chi bộ",
    ),
    Column(
        "Tổ chức Đảng",
        "organisation",
        required=True,
        max_length=255,
        example="Chi bộ Phòng Công chức",
    ),
    *PERIOD_COLUMNS,
    *DECISION_COLUMNS,
)

DISCIPLINE_COLUMNS: tuple[Column, ...] = (
    *PERSON_COLUMNS,
    Column(
        "Hình thức kỷ luật",
        "form",
        kind="code",
        required=True,
        sensitive=True,
        source="cadre_registry.DisciplineForm",
        example="Khiển trách",
        aliases=("Hình thức",),
    ),
    Column(
        "Ngày hiệu lực",
        "start",
        kind="date",
        required=True,
        sensitive=True,
        example="15/03/2024",
        aliases=("Từ ngày",),
    ),
    Column(
        "Ngày hết hiệu lực",
        "end",
        kind="date",
        sensitive=True,
        aliases=("Đến ngày",),
    ),
    Column(
        "Hành vi vi phạm chính",
        "violation",
        required=True,
        sensitive=True,
        max_length=500,
        example="Vi phạm quy định về báo cáo",
        aliases=("Hành vi vi phạm", "Lý do"),
    ),
    *(dataclasses.replace(c, sensitive=True) for c in DECISION_COLUMNS),
)

FAMILY_COLUMNS: tuple[Column, ...] = (
    *PERSON_COLUMNS,
    Column(
        "Bên",
        "side",
        kind="choice",
        sensitive=True,
        example="Về bản thân",
        help="Để trống là “Về bản thân”",
    ),
    Column(
        "Quan hệ",
        "relation",
        kind="choice",
        required=True,
        sensitive=True,
        example="Mẹ",
        aliases=("Mối quan hệ",),
    ),
    # Not "Họ và tên": that column names the cadre, as in every history template.
    Column(
        "Họ và tên người thân",
        "member_name",
        required=True,
        sensitive=True,
        max_length=128,
        path="full_name",
        example="Lê Thị Mai",
        aliases=("Họ tên người thân", "Tên người thân"),
    ),
    Column("Năm sinh", "birth_year", kind="int", sensitive=True, example="1958"),
    Column(
        "Quê quán, nghề nghiệp, chức vụ, đơn vị công tác, nơi ở",
        "details",
        sensitive=True,
        max_length=4000,
        example="Nam Định; nghỉ hưu; ở Hà Nội",
        aliases=("Quê quán, nghề nghiệp", "Chi tiết"),
    ),
    Column(
        "Lịch sử chính trị, tổ chức tham gia",
        "political_history",
        sensitive=True,
        max_length=4000,
    ),
    Column(
        "Ở nước ngoài",
        "lives_abroad",
        kind="bool",
        sensitive=True,
        help="“Có” hoặc để trống",
    ),
)

REWARD_COLUMNS: tuple[Column, ...] = (
    *PERSON_COLUMNS,
    Column("Năm", "year", kind="int", required=True, example="2025"),
    Column(
        "Hình thức khen thưởng",
        "form",
        required=True,
        max_length=255,
        example="Bằng khen của Chủ tịch UBND tỉnh",
        aliases=("Hình thức",),
    ),
    Column("Lý do", "reason", max_length=500, example="Hoàn thành xuất sắc nhiệm vụ"),
    *DECISION_COLUMNS,
)


class _Levels:
    """Evaluation levels by scheme: the one in force for a year (NĐ 56/2015,
    NĐ 90/2020, NĐ 335/2025: the scheme whose start is the latest on or before
    31/12 of the year, as reference_loader.evaluation_level_for), matched by code,
    name or alias without accents."""

    def __init__(self):
        schemes: dict[dt.date, dict[str, int]] = defaultdict(dict)
        self.names: dict[int, str] = {}
        for pk, code, name, aliases, start in EvaluationLevel.objects.values_list(
            "id", "code", "name", "aliases", "code_list__effective_from"
        ):
            spellings = schemes[start or dt.date.min]
            for spelling in (code, name, *(aliases or ())):
                spellings.setdefault(normalize_text(spelling), pk)
            self.names[pk] = name
        self.schemes = sorted(schemes.items())

    def find(self, year: int, text: str) -> tuple[int | None, list[str]]:
        """(level id, the scheme's level names) for `text` in the year's scheme."""
        end_of_year = dt.date(year, 12, 31)
        in_force = [s for start, s in self.schemes if start <= end_of_year]
        if not in_force:
            return None, []
        scheme = in_force[-1]
        names = sorted({self.names[pk] for pk in scheme.values()})
        return scheme.get(normalize_text(text)), names


class _Grades:
    """Ngạch by code, name or alias without accents, in the code list in force on a
    date (QĐ 78/2004/QĐ-BNV until 31/07/2021, TT 02/2021/TT-BNV from 01/08/2021):
    the lists share codes, so a code alone does not say which entry is meant."""

    def __init__(self):
        self.entries: dict[str, list[tuple]] = defaultdict(list)
        self.codes: dict[int, str] = {}
        for pk, code, name, aliases, start, end in Grade.objects.values_list(
            "id",
            "code",
            "name",
            "aliases",
            "code_list__effective_from",
            "code_list__effective_to",
        ):
            self.codes[pk] = code
            entry = (start or dt.date.min, end or dt.date.max, pk)
            for spelling in {normalize_text(x) for x in (code, name, *(aliases or ()))}:
                self.entries[spelling].append(entry)

    def find(self, text: str, on: dt.date) -> tuple[int | None, str]:
        """(grade id, "") or (None, the reason)."""
        found = self.entries.get(normalize_text(text), [])
        if not found:
            return None, (
                f"Ngạch “{text}” không có trong danh mục (xem trang “Danh mục” của "
                "tệp mẫu)."
            )
        in_force = [pk for start, end, pk in found if start <= on <= end]
        if not in_force:
            # Before the oldest list (a 2003 step, before QĐ 78 of 03/11/2004) or
            # after a list was retired: the list nearest the date is the one the
            # decision was written against.
            gaps = [
                ((start - on) if on < start else (on - end), pk)
                for start, end, pk in found
            ]
            nearest = min(gap for gap, _pk in gaps)
            in_force = [pk for gap, pk in gaps if gap == nearest]
        if len({self.codes[pk] for pk in in_force}) > 1:
            names = "; ".join(sorted({self.codes[pk] for pk in in_force}))
            return None, f"Ngạch “{text}” ứng với nhiều mã ({names}): hãy ghi mã."
        return in_force[0], ""


class _HistoryImporter(_Importer):
    """Finding the person of each row: by national ID or personnel code, inside
    the user's units, with the name as a check."""

    keeps_parse = True  # its converters read nothing from the database

    def converter(self, column: Column):
        label = column.header
        if column.field == "national_id":
            return lambda v: parsing.national_id(v, label=label)
        if column.field == "personnel_code":
            return lambda v: parsing.text(v, max_length=32, label=label) or None
        if column.field == "full_name":
            return lambda v: parsing.person_name(v, max_length=128, label=label)
        return self.base_converter(column, self.spec.model)

    def people(self, rows) -> tuple[dict, dict]:
        nids = {v.get("national_id") for _r, v in rows} - {None, ""}
        codes = {v.get("personnel_code") for _r, v in rows} - {None, ""}
        fields = ("id", "national_id", "personnel_code", "full_name", "unit_id")
        by_nid = {
            p["national_id"]: p
            for p in Person.objects.filter(national_id__in=nids).values(*fields)
        }
        by_code = {
            p["personnel_code"]: p
            for p in Person.objects.filter(personnel_code__in=codes).values(*fields)
        }
        return by_nid, by_code

    def person_of(self, row, v, header, by_nid, by_code, scope):
        """The row's person, or None with the row's reason."""
        nid, code = v.get("national_id"), v.get("personnel_code")
        if not nid and not code:
            row.error(
                header.get("national_id") or header.get("personnel_code", ""),
                "Thiếu Số CCCD hoặc Số hiệu cán bộ để biết dòng này của ai.",
            )
            return None
        person = by_nid.get(nid) if nid else None
        other = by_code.get(code) if code else None
        if nid and person is None:
            row.error(header["national_id"], f"Không có cán bộ có Số CCCD {nid}.")
            return None
        if code and other is None:
            row.error(
                header["personnel_code"], f"Không có cán bộ có Số hiệu cán bộ {code}."
            )
            return None
        if person and other and person["id"] != other["id"]:
            row.error(
                header["personnel_code"],
                f"Số CCCD {nid} và Số hiệu cán bộ {code} là của hai người khác nhau.",
            )
            return None
        person = person or other
        if scope is not None and person["unit_id"] not in scope:
            # Said the same way whether or not the person exists elsewhere.
            row.error(
                header.get("national_id") or header["personnel_code"],
                "Cán bộ thuộc đơn vị nằm ngoài phạm vi được giao.",
            )
            return None
        name = v.get("full_name")
        if name and normalize_text(name) != normalize_text(person["full_name"]):
            row.error(
                header["full_name"],
                f"Họ và tên “{name}” không khớp với hồ sơ (“{person['full_name']}”).",
            )
            return None
        return person

    def refused(self, plan: Plan, number: int, error: Exception) -> ImportRejected:
        """The service refused a row at confirm time: nothing is written."""
        if isinstance(error, ValidationError):
            message = " ".join(error.messages)
        else:
            message = str(error)
        plan.report.errors.append(RowError(row=number, column="", message=message))
        plan.report.rejected = 1
        return ImportRejected(
            f"Dòng {number} bị từ chối khi nhập; không có dữ liệu nào được ghi. "
            f"{message}",
            report=plan.report,
        )

    # The kind's hooks.
    FIELDS: tuple[str, ...] = ()  # compared with the existing row

    def prepare(self) -> None:
        """Read what the row checks need (code lists), once per import."""

    def natural_key(self, v: dict) -> tuple:
        """The row's key besides the person (idempotent re-imports)."""
        raise NotImplementedError

    def duplicate_message(self, v: dict, seen: int) -> tuple[str, str]:
        raise NotImplementedError

    def existing_key(self, row: dict) -> tuple:
        return self.natural_key(row)

    def wanted(self, row, v: dict, header: dict, present: set) -> dict | None:
        """The row's values by model field, or None with the row's reasons."""
        raise NotImplementedError

    def lock(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {self.spec.model._meta.db_table} "
                "IN SHARE ROW EXCLUSIVE MODE"
            )

    def resolve(self, parsed: Parsed) -> Plan:
        header = {c.field: c.header for c in parsed.columns}
        fields = [c.field for c in parsed.columns]
        present = set(fields)
        rows = [
            (row, dict(zip(fields, row.values, strict=True))) for row in parsed.rows
        ]
        by_nid, by_code = self.people(rows)
        scope = _scope(self.user)
        self.scope = scope
        self.prepare()
        ids = {p["id"] for p in (*by_nid.values(), *by_code.values())}
        existing: dict[tuple, dict] = {}
        for old in self.existing_rows(ids):
            existing.setdefault((old["person_id"], *self.existing_key(old)), old)
        first: dict[tuple, int] = {}
        planned: list[tuple[Any, dict, dict | None, dict[str, Any]]] = []
        for row, v in rows:
            if row.errors:
                continue
            person = self.person_of(row, v, header, by_nid, by_code, scope)
            wanted = self.wanted(row, v, header, present)
            if row.errors or person is None or wanted is None:
                continue
            key = (person["id"], *self.natural_key(v))
            seen = first.setdefault(key, row.number)
            if seen != row.number:
                row.error(*self.duplicate_message(v, seen))
                continue
            old = existing.get(key)
            if old is not None and all(
                old[name] == value for name, value in wanted.items()
            ):
                planned.append((row, person, old, {}))  # unchanged
                continue
            if not self.dates_in_order(row, header, wanted, old):
                continue
            planned.append((row, person, old, wanted))
        self.check_together(planned, existing, header)
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        work: list[tuple[int, int, int | None, dict[str, Any]]] = []
        for row, person, old, wanted in planned:
            if row.errors:
                continue
            if not wanted:
                counts["unchanged"] += 1
                continue
            counts["updated" if old else "new"] += 1
            work.append((row.number, person["id"], old and old["id"], wanted))
        return Plan(report=self.report(parsed, counts), data={"work": work})

    def existing_rows(self, person_ids: set[int]):
        return self.spec.model.objects.filter(person_id__in=person_ids).values(
            "id", "person_id", *self.KEY_FIELDS, *self.FIELDS
        )

    def dates_in_order(self, row, header, wanted: dict, old: dict | None) -> bool:
        """The row's period as it will be (a column left out keeps the stored value)
        must not end before it starts: a database constraint on every dated history,
        checked here so that the confirm does not fail on it."""
        if "start" not in self.KEY_FIELDS + self.FIELDS:
            return True
        start = wanted.get("start", old and old["start"])
        end = wanted["end"] if "end" in wanted else old and old["end"]
        if start and end and end < start:
            row.error(
                header.get("end") or header.get("start", ""),
                f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.",
            )
            return False
        return True

    def check_together(self, planned, existing: dict, header: dict) -> None:
        """Checks across rows of one person (overlaps), once every row is read."""

    def write(self, plan: Plan, progress: Progress = None) -> None:
        """Set-wise: the checked rows in bulk with their change history, then the
        people's current unit, post and salary refreshed in one statement.

        The rules of services.history_row_save, the editors' one-row service, hold
        as they would row by row (row by row it wrote about 50 rows/s at 1M people:
        a province's salary history of 100,000 rows took half an hour; set-wise,
        about 8,000 rows/s, make bench): its role check once; its lock of the person
        on every person of the file at once, in id order (two imports cannot
        deadlock), their units checked again inside the scope; the model's own
        clean() on every row; the evaluation level and the salary step were matched
        by resolve() as the service matches them; the keys, the dates' order and the
        main assignments' overlaps are the database's constraints, checked before
        the savepoint ends (apply_file), where a refusal still writes nothing."""
        model = self.spec.model
        work = plan.data["work"]
        if not work:
            return
        services.check_can_edit(by=self.user)
        self.first_row = {}
        for number, person_id, _pk, _wanted in work:
            self.first_row.setdefault(person_id, number)
        person_ids = sorted(self.first_row)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.id, p.unit_id FROM cadre_registry_person p "
                "JOIN unnest(%s::bigint[]) AS k(id) ON p.id = k.id "
                "ORDER BY p.id FOR UPDATE OF p",
                [person_ids],
            )
            units = dict(cursor.fetchall())
        if self.scope is not None:
            for person_id in person_ids:
                if units.get(person_id) not in self.scope:
                    raise self.refused(
                        plan,
                        self.first_row[person_id],
                        PermissionDenied("Đơn vị nằm ngoài phạm vi được giao."),
                    )
        timings = plan.report.timings
        t0 = time.perf_counter()
        stored = model.objects.in_bulk([pk for _n, _p, pk, _w in work if pk])
        # Foreign keys were resolved from the code lists and are checked by the
        # database; Django's validation of each would be one query a row.
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        created, changed, fields = [], [], set()
        numbers: list[int] = []  # the file's row of each created row, for errors
        for done, (number, person_id, pk, wanted) in enumerate(work, start=1):
            row = stored[pk] if pk else model(person_id=person_id)
            for name, value in wanted.items():
                setattr(row, name, value)
            fields.update(wanted)
            try:
                # Keys and constraints are the database's, at the write: one query
                # a row each here is what made the import slow.
                row.full_clean(
                    exclude=relations, validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                raise self.refused(plan, number, error) from error
            if pk:
                changed.append(row)
            else:
                created.append(row)
                numbers.append(number)
            if progress and done % 5000 == 0:
                progress(done // 2, len(work))
        timings["clean"] = time.perf_counter() - t0
        table = model._meta.db_table
        self.copied_rows = {table: numbers}
        with connection.cursor() as cursor:
            # Changes first: a period they close makes room for a new row.
            t0 = time.perf_counter()
            if changed:
                model.objects.bulk_update(changed, sorted(fields), batch_size=2000)
            timings["update_rows"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            for row, pk in zip(
                created, _reserve_ids(cursor, table, len(created)), strict=True
            ):
                row.pk = pk
            columns = model._meta.concrete_fields
            _copy(
                cursor,
                table,
                [f.column for f in columns],
                [
                    "\t".join(copy_value(getattr(row, f.attname)) for f in columns)
                    for row in created
                ],
            )
            timings["copy_rows"] = time.perf_counter() - t0
            if progress:
                progress(int(len(work) * 0.8), len(work))
            t0 = time.perf_counter()
            _analyze(cursor, table, len(work))
            history = {
                "user": self.user,
                "reason": change_reason(self.job),
                "when": timezone.now(),
            }
            _history(cursor, model, [r.pk for r in created], kind="+", **history)
            _history(cursor, model, [r.pk for r in changed], kind="~", **history)
            timings["history"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        services.people_refresh_current(person_ids=person_ids)
        timings["refresh_current"] = time.perf_counter() - t0

    def row_of(self, error: Exception) -> int:
        """The file's first row of the person the database names in its refusal
        (the overlap trigger says "person 123", a key "(person_id, ...)=(123, ..."),
        else the row of the COPY line it names."""
        match = _PERSON_IN_ERROR.search(str(error))
        if not match:
            return super().row_of(error)  # a COPY line
        person_id = int(match.group(1) or match.group(2))
        return getattr(self, "first_row", {}).get(person_id, 0)


_PERSON_IN_ERROR = re.compile(r"for person (\d+)|\(person_id[^)]*\)=\((\d+)")


def _year_error(row, header, year, low) -> bool:
    if year is not None and not low <= year <= 2100:
        row.error(header["year"], f"Năm {year} phải trong khoảng {low}–2100.")
        return True
    return False


class EvaluationImporter(_HistoryImporter):
    """Đánh giá, xếp loại keyed on the person and the year (one a year, a
    database constraint)."""

    KEY_FIELDS = ("year",)
    FIELDS = ("level_id", "score", "emulation", "note")

    def converter(self, column: Column):
        if column.field == "level":
            return parsing.memoised(
                lambda v: parsing.text(v, max_length=255, label=column.header)
            )
        return super().converter(column)

    def prepare(self) -> None:
        self.levels = _Levels()

    def natural_key(self, v):
        return (v["year"],)

    def duplicate_message(self, v, seen):
        return "Năm", f"Đánh giá năm {v['year']} của người này trùng dòng {seen}."

    def wanted(self, row, v, header, present):
        year, score = v.get("year"), v.get("score")
        bad_year = _year_error(row, header, year, 1980)
        if score is not None and not Decimal(0) <= score <= Decimal(100):
            shown_score = format(score.normalize(), "f").replace(".", ",")
            row.error(header["score"], f"Điểm {shown_score} phải từ 0 đến 100.")
        level_id = None
        if year is not None and not bad_year:
            level_id, names = self.levels.find(year, v["level"])
            if level_id is None:
                row.error(
                    header["level"],
                    f"Xếp loại “{v['level']}” không có trong quy định áp dụng cho "
                    f"năm {year}: "
                    + (", ".join(f"“{n}”" for n in names) or "chưa có danh mục")
                    + ".",
                )
        if row.errors:
            return None
        wanted = {"year": year, "level_id": level_id}
        for name in ("score", "emulation", "note"):
            if name in present:
                wanted[name] = v.get(name) if name == "score" else v.get(name) or ""
        return wanted


class RewardImporter(_HistoryImporter):
    """Khen thưởng keyed on the person, the year and the form (as typed, without
    accents or case)."""

    KEY_FIELDS = ("year", "form")
    FIELDS = ("reason", "decision_number", "decision_date", "decision_authority")

    def natural_key(self, v):
        return (v["year"], normalize_text(v["form"]))

    def duplicate_message(self, v, seen):
        return (
            "Hình thức khen thưởng",
            f"Khen thưởng “{v['form']}” năm {v['year']} của người này trùng dòng "
            f"{seen}.",
        )

    def wanted(self, row, v, header, present):
        _year_error(row, header, v.get("year"), 1945)
        date = v.get("decision_date")
        if date is not None and v.get("year") and date.year < v["year"]:
            row.error(
                header["decision_date"],
                f"Ngày quyết định {date:%d/%m/%Y} trước năm khen thưởng {v['year']}.",
            )
        if row.errors:
            return None
        wanted = {"year": v["year"], "form": v["form"]}
        for name in self.FIELDS:
            if name in present:
                wanted[name] = (
                    v.get(name) if name == "decision_date" else v.get(name) or ""
                )
        return wanted


def _decision(row, header, v, present, low: dt.date | None = None) -> dict:
    """The deciding document's columns that the file has."""
    wanted = {}
    for name in ("decision_number", "decision_date", "decision_authority"):
        if name in present:
            wanted[name] = v.get(name) if name == "decision_date" else v.get(name) or ""
    return wanted


def _optional(v, present, *names) -> dict:
    """Text columns the file has ("" when blank: the model's blank value)."""
    return {name: v.get(name) or "" for name in names if name in present}


class AssignmentImporter(_HistoryImporter):
    """Quá trình công tác keyed on the person, the unit and the start date. The unit
    must be inside the user's units and open on the start date; main assignments of
    one person must not overlap (the trigger of migration 0002), checked over the
    file and the database together before anything is written."""

    KEY_FIELDS = ("unit_id", "start")
    FIELDS = (
        "position_id",
        "title",
        "end",
        "is_main",
        "decision_number",
        "decision_date",
        "decision_authority",
    )

    def converter(self, column: Column):
        if column.kind == "unit":
            return parsing.memoised(
                lambda v: parsing.text(v, max_length=32, label=column.header)
            )
        return super().converter(column)

    def prepare(self) -> None:
        self.units = _Units.load()

    def natural_key(self, v):
        return (v["unit"].id, v["start"])

    def existing_key(self, row):
        return (row["unit_id"], row["start"])

    def duplicate_message(self, v, seen):
        return (
            "Từ ngày",
            f"Quá trình công tác tại {v['unit'].code} từ {v['start']:%d/%m/%Y} của "
            f"người này trùng dòng {seen}.",
        )

    def wanted(self, row, v, header, present):
        code = v.get("unit")
        unit = self.units.get(code) or self.units.get(code.upper())
        if unit is None:
            row.error(
                header["unit"], f"Mã đơn vị “{code}” không có trong danh mục đơn vị."
            )
            return None
        if self.scope is not None and unit.id not in self.scope:
            row.error(
                header["unit"],
                f"Đơn vị {unit.code} ({unit.name}) nằm ngoài phạm vi được giao.",
            )
            return None
        start = v["start"]
        if unit.valid_to is not None and start > unit.valid_to:
            row.error(
                header["start"],
                f"Đơn vị {unit.code} đã thôi hoạt động từ {unit.valid_to:%d/%m/%Y}, "
                f"trước ngày bắt đầu {start:%d/%m/%Y}.",
            )
            return None
        v["unit"] = unit
        wanted = {"unit_id": unit.id, "start": start}
        if "position" in present:
            wanted["position_id"] = v.get("position")
        wanted.update(_optional(v, present, "title"))
        if "end" in present:
            wanted["end"] = v.get("end")
        if "is_main" in present:
            wanted["is_main"] = v.get("is_main") is not False  # blank: main
        wanted.update(_decision(row, header, v, present))
        return wanted

    def check_together(self, planned, existing, header):
        """Main assignments as they will be after the import, per person: any two
        that overlap reject the file's row among them (the later one if both)."""
        far = dt.date.max
        final: dict[int, dict[Any, tuple]] = defaultdict(dict)
        for old in existing.values():
            final[old["person_id"]][old["id"]] = (
                old["start"],
                old["end"],
                old["is_main"],
                None,
                old["unit_id"],
            )
        for row, person, old, wanted in planned:
            if not wanted:
                continue
            base = old or {"end": None, "is_main": True}
            final[person["id"]][old["id"] if old else ("row", row.number)] = (
                wanted["start"],
                wanted.get("end", base["end"]),
                wanted.get("is_main", base["is_main"]),
                row,
                wanted["unit_id"],
            )
        codes = {u.id: u.code for u in self.units.by_id.values()}
        for periods in final.values():
            mains = sorted(
                (p for p in periods.values() if p[2]), key=lambda p: (p[0], p[1] or far)
            )
            for before, after in zip(mains, mains[1:], strict=False):
                if after[0] > (before[1] or far):
                    continue
                blamed, other = (after, before) if after[3] else (before, after)
                if blamed[3] is None or blamed[3].errors:
                    continue
                until = f" đến {other[1]:%d/%m/%Y}" if other[1] else " (chưa kết thúc)"
                where = f" (dòng {other[3].number} của tệp)" if other[3] else ""
                blamed[3].error(
                    header["start"],
                    f"Trùng thời gian với quá trình công tác chính tại "
                    f"{codes.get(other[4], '')} từ {other[0]:%d/%m/%Y}{until}{where}; "
                    "ghi “Đến ngày” cho quá trình trước hoặc bỏ chọn “Công tác chính”.",
                )

    def write(self, plan, progress=None):
        # Changes of stored rows first (they close periods), then new rows by start,
        # so that the service's overlap check sees each step as the dry run did.
        plan.data["work"].sort(key=lambda w: (w[2] is None, w[3]["start"]))
        super().write(plan, progress)


class SalaryImporter(_HistoryImporter):
    """Quá trình lương keyed on the person and the start date (ngày hưởng; one a
    day, a database constraint). The step must be one of the grade's and the
    coefficient, when left blank, is the grade's table value (NĐ 204/2004/NĐ-CP,
    bảng 2 and 3); given and different from the table after 01/10/2004, when that
    table took effect, it is refused as a typing mistake."""

    KEY_FIELDS = ("start",)
    FIELDS = (
        "grade_id",
        "step",
        "coefficient",
        "percent",
        "seniority_percent",
        "end",
        "decision_number",
        "decision_date",
        "decision_authority",
    )
    TABLE_FROM = dt.date(2004, 10, 1)  # NĐ 204/2004/NĐ-CP, Điều 12

    def prepare(self) -> None:
        self.steps: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for grade_id, step, coefficient in GradeStep.objects.values_list(
            "grade_id", "step", "coefficient"
        ):
            self.steps[grade_id][step] = coefficient
        self.grades = _Grades()

    def natural_key(self, v):
        return (v["start"],)

    def duplicate_message(self, v, seen):
        return (
            "Ngày hưởng",
            f"Lương từ ngày {v['start']:%d/%m/%Y} của người này trùng dòng {seen}.",
        )

    def wanted(self, row, v, header, present):
        grade_id, reason = self.grades.find(v["grade"], v["start"])
        if grade_id is None:
            row.error(header["grade"], reason)
            return None
        step, coefficient = v["step"], v.get("coefficient")
        code = self.grades.codes[grade_id]
        table = self.steps.get(grade_id, {})
        if step < 1 or (table and step not in table):
            row.error(
                header["step"],
                f"Ngạch {code} chỉ có bậc 1 đến {max(table)}."
                if table
                else "Bậc phải từ 1 trở lên.",
            )
            return None
        expected = table.get(step)
        if coefficient is None:
            if expected is None:
                row.error(
                    header.get("coefficient") or header["step"],
                    f"Ngạch {code} chưa có bảng hệ số: cần ghi “Hệ số”.",
                )
                return None
            coefficient = expected
        elif not Decimal(0) < coefficient < Decimal(20):
            row.error(header["coefficient"], "Hệ số phải lớn hơn 0 và nhỏ hơn 20.")
            return None
        elif (
            expected is not None
            and coefficient != expected
            and v["start"] >= self.TABLE_FROM
        ):
            row.error(
                header["coefficient"],
                f"Hệ số {_comma(coefficient)} khác bảng lương của ngạch {code} bậc "
                f"{step} ({_comma(expected)}); để trống để lấy theo bảng.",
            )
            return None
        wanted = {
            "start": v["start"],
            "grade_id": grade_id,
            "step": step,
            "coefficient": coefficient,
        }
        for name, low, high, default in (
            ("percent", 1, 100, 100),
            ("seniority_percent", 0, 100, 0),
        ):
            if name not in present:
                continue
            value = v.get(name)
            if value is not None and not low <= value <= high:
                row.error(header[name], f"{header[name]} phải từ {low} đến {high}.")
                return None
            wanted[name] = default if value is None else value
        if "end" in present:
            wanted["end"] = v.get("end")
        wanted.update(_decision(row, header, v, present))
        return wanted


def _comma(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")


class PartyPostImporter(_HistoryImporter):
    """Chức vụ Đảng keyed on the person, the start date and the post (as typed,
    without accents or case)."""

    KEY_FIELDS = ("start", "title")
    FIELDS = (
        "organisation",
        "end",
        "decision_number",
        "decision_date",
        "decision_authority",
    )

    def natural_key(self, v):
        return (v["start"], normalize_text(v["title"]))

    def duplicate_message(self, v, seen):
        return (
            "Chức vụ Đảng",
            f"“{v['title']}” từ {v['start']:%d/%m/%Y} của người này trùng dòng {seen}.",
        )

    def wanted(self, row, v, header, present):
        wanted = {"start": v["start"], "title": v["title"]}
        wanted["organisation"] = v["organisation"]
        if "end" in present:
            wanted["end"] = v.get("end")
        wanted.update(_decision(row, header, v, present))
        return wanted


class DisciplineImporter(_HistoryImporter):
    """Kỷ luật keyed on the person, the form and the effective date. Personal data
    (Nghị định 13/2023/NĐ-CP): the kind needs the sensitive-field permission."""

    KEY_FIELDS = ("form_id", "start")
    FIELDS = (
        "violation",
        "end",
        "decision_number",
        "decision_date",
        "decision_authority",
    )

    def natural_key(self, v):
        return (v["form"], v["start"])

    def existing_key(self, row):
        return (row["form_id"], row["start"])

    def duplicate_message(self, v, seen):
        return (
            "Ngày hiệu lực",
            f"Kỷ luật cùng hình thức từ {v['start']:%d/%m/%Y} của người này trùng "
            f"dòng {seen}.",
        )

    def wanted(self, row, v, header, present):
        wanted = {
            "form_id": v["form"],
            "start": v["start"],
            "violation": v["violation"],
        }
        if "end" in present:
            wanted["end"] = v.get("end")
        date = v.get("decision_date")
        if date is not None and date > v["start"] + dt.timedelta(days=366):
            row.error(
                header["decision_date"],
                f"Ngày quyết định {date:%d/%m/%Y} sau ngày hiệu lực "
                f"{v['start']:%d/%m/%Y} hơn một năm.",
            )
            return None
        wanted.update(_decision(row, header, v, present))
        return wanted


class FamilyImporter(_HistoryImporter):
    """Quan hệ gia đình (Mẫu 2C mục 30) keyed on the person, the side, the relation
    and the relative's name (without accents or case). Personal data (Nghị định
    13/2023/NĐ-CP): the kind needs the sensitive-field permission."""

    KEY_FIELDS = ("side", "relation", "full_name")
    FIELDS = ("birth_year", "details", "political_history", "lives_abroad")

    def converter(self, column: Column):
        if column.field == "member_name":
            return lambda v: parsing.person_name(v, max_length=128, label=column.header)
        return super().converter(column)

    def natural_key(self, v):
        side = v.get("side") or FamilyMember.Side.OWN
        return (side, v["relation"], normalize_text(v["member_name"]))

    def existing_key(self, row):
        return (row["side"], row["relation"], normalize_text(row["full_name"]))

    def duplicate_message(self, v, seen):
        return (
            "Họ và tên người thân",
            f"Người thân “{v['member_name']}” của người này trùng dòng {seen}.",
        )

    def wanted(self, row, v, header, present):
        year, this_year = v.get("birth_year"), timezone.localdate().year
        if year is not None and not 1880 <= year <= this_year:
            row.error(
                header["birth_year"],
                f"Năm sinh {year} phải trong khoảng 1880–{this_year}.",
            )
            return None
        wanted = {
            "side": v.get("side") or FamilyMember.Side.OWN,
            "relation": v["relation"],
            "full_name": v["member_name"],
        }
        if "birth_year" in present:
            wanted["birth_year"] = year
        wanted.update(_optional(v, present, "details", "political_history"))
        if "lives_abroad" in present:
            wanted["lives_abroad"] = bool(v.get("lives_abroad"))
        return wanted


ASSIGNMENTS = ImportSpec(
    name="assignments",
    title="Quá trình công tác",
    columns=ASSIGNMENT_COLUMNS,
    keys=("national_id", "personnel_code"),
    model=Assignment,
    importer=AssignmentImporter,
)
SALARIES = ImportSpec(
    name="salaries",
    title="Quá trình lương",
    columns=SALARY_COLUMNS,
    keys=("national_id", "personnel_code"),
    model=SalaryRecord,
    importer=SalaryImporter,
)
PARTY_POSTS = ImportSpec(
    name="party_posts",
    title="Chức vụ Đảng",
    columns=PARTY_POST_COLUMNS,
    keys=("national_id", "personnel_code"),
    model=PartyPost,
    importer=PartyPostImporter,
)
DISCIPLINES = ImportSpec(
    name="disciplines",
    title="Kỷ luật",
    columns=DISCIPLINE_COLUMNS,
    keys=("national_id", "personnel_code"),
    model=Discipline,
    importer=DisciplineImporter,
    sensitive=True,
)
FAMILY = ImportSpec(
    name="family",
    title="Quan hệ gia đình",
    columns=FAMILY_COLUMNS,
    keys=("national_id", "personnel_code"),
    model=FamilyMember,
    importer=FamilyImporter,
    sensitive=True,
)
EVALUATIONS = ImportSpec(
    name="evaluations",
    title="Đánh giá, xếp loại hằng năm",
    columns=EVALUATION_COLUMNS,
    keys=("national_id", "personnel_code"),
    model=Evaluation,
    importer=EvaluationImporter,
)
REWARDS = ImportSpec(
    name="rewards",
    title="Khen thưởng",
    columns=REWARD_COLUMNS,
    keys=("national_id", "personnel_code"),
    model=Reward,
    importer=RewardImporter,
)
