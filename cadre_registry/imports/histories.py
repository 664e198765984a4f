"""Imports of a person's dated histories through the same flow as people (upload,
dry run, preview, error workbook, confirm, background tasks, log, commands).

A history row names its person by Số CCCD or Số hiệu cán bộ (never the database
id) and, optionally, by name as a check. The dry run reads the people, their
existing rows and the code lists set-wise (a handful of queries, whatever the
file's length); the confirmed import writes each new or changed row through
`services.history_row_save`, the editors' own service, so the rules of the inline
forms hold for imported rows too and the change history shows the import as the
reason. Re-importing the same file changes nothing.

So far: annual evaluations (Đánh giá, xếp loại), keyed on the person and the year
(one evaluation a year, a database constraint), and rewards (Khen thưởng), keyed on
the person, the year and the form.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from cadre_registry import services
from cadre_registry.models import Evaluation, EvaluationLevel, Person, Reward
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
    _Importer,
    _scope,
    change_reason,
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
        self.prepare()
        ids = {p["id"] for p in (*by_nid.values(), *by_code.values())}
        existing: dict[tuple, dict] = {}
        for old in self.spec.model.objects.filter(person_id__in=ids).values(
            "id", "person_id", *self.KEY_FIELDS, *self.FIELDS
        ):
            existing.setdefault((old["person_id"], *self.existing_key(old)), old)
        first: dict[tuple, int] = {}
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        work: list[tuple[int, int, int | None, dict[str, Any]]] = []
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
            if old is None:
                counts["new"] += 1
            elif any(old[name] != value for name, value in wanted.items()):
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
                continue
            work.append((row.number, person["id"], old and old["id"], wanted))
        return Plan(report=self.report(parsed, counts), data={"work": work})

    def write(self, plan: Plan, progress: Progress = None) -> None:
        model = self.spec.model
        work = plan.data["work"]
        reason = change_reason(self.job)
        people = Person.objects.in_bulk({person_id for _n, person_id, _o, _w in work})
        rows = model.objects.in_bulk([pk for _n, _p, pk, _w in work if pk])
        for done, (number, person_id, pk, wanted) in enumerate(work, start=1):
            row = rows[pk] if pk else model()
            for name, value in wanted.items():
                setattr(row, name, value)
            try:
                services.history_row_save(
                    person=people[person_id], row=row, by=self.user, reason=reason
                )
            except (ValidationError, PermissionDenied) as error:
                raise self.refused(plan, number, error) from error
            if progress and done % 200 == 0:
                progress(done, len(work))


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
