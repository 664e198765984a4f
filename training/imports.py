"""Imports of classes (Lớp đào tạo) and learners (Học viên) through the registry's
import flow (cadre_registry.imports): the same upload checks, reading, dry run,
preview, error workbook, confirm, background tasks, log and commands.

Each importer validates a whole file set-wise (a handful of queries, whatever its
length) with the training rules (rules.py: seats, overlapping full-time classes,
completion dates inside the class), then writes the accepted rows through the
training services, with the import as the change history's reason. The engine runs
the confirmed import in one transaction: a service that refuses a row aborts it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Count, Q

from cadre_registry.imports import (
    ImportRejected,
    ImportSpec,
    RowError,
    change_reason,
    parsing,
)
from cadre_registry.imports.engine import (
    Parsed,
    Plan,
    Progress,
    _Importer,
    _scope,
    _Units,
)
from cadre_registry.imports.parsing import CellError, shown
from cadre_registry.models import Person
from cadre_registry.reference_data import normalize_text
from training import rules, services
from training.models import Cohort, CourseType, Enrolment, EnrolmentStatus, Mode
from training.resources import COHORT_COLUMNS, ENROLMENT_COLUMNS

_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^<>]*>|<\s*/?\s*[a-zA-Z]+\s*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_STATUS_LABELS = dict(EnrolmentStatus.choices)


def _plain(label: str, max_length: int):
    """Plain text: no HTML, no spreadsheet formula, no line breaks (names shown on
    pages and in exports)."""

    def convert(value) -> str:
        result = parsing.text(value, max_length=max_length, label=label)
        if not result:
            return result
        if result.startswith(parsing.FORMULA_PREFIXES):
            raise CellError(
                f"{label} “{shown(result)}” bắt đầu bằng “{result[0]}”: bảng tính sẽ "
                "hiểu là công thức; hãy bỏ ký tự này."
            )
        if "<" in result and _HTML_TAG.search(result):
            raise CellError(f"{label} “{shown(result)}” chứa thẻ HTML; chỉ ghi chữ.")
        if _CONTROL.search(result):
            raise CellError(f"{label} “{shown(result)}” chứa ký tự điều khiển.")
        return " ".join(result.split())

    return convert


def _course_types() -> parsing.CodeIndex:
    return parsing.CodeIndex(
        (pk, code, name, (), active)
        for pk, code, name, active in CourseType.objects.values_list(
            "id", "code", "name", "is_active"
        )
    )


def _key(name: str, start: dt.date | None) -> tuple[str, dt.date | None]:
    return normalize_text(name or ""), start


def _refusal_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class _TrainingImporter(_Importer):
    """What both training importers share: headers, units in scope, refusals."""

    def header(self, parsed: Parsed, name: str) -> str:
        index = parsed.index(name)
        return parsed.columns[index].header if index is not None else ""

    def unit_in_scope(self, row, header, code, units, scope):
        """The unit of `code`, or None with the row's reason."""
        if not code:
            return None
        unit = units.get(code) or units.get(code.upper())
        if unit is None:
            row.error(header, f"Mã đơn vị “{code}” không có trong danh mục đơn vị.")
            return None
        if scope is not None and unit.id not in scope:
            row.error(
                header, f"Đơn vị {unit.code} ({unit.name}) nằm ngoài phạm vi được giao."
            )
            return None
        return unit

    def refused(self, plan: Plan, number: int, error: Exception):
        """A service refused a row at confirm time: nothing is written."""
        message = _refusal_text(error)
        plan.report.errors.append(RowError(row=number, column="", message=message))
        plan.report.rejected = 1
        return ImportRejected(
            f"Dòng {number} bị từ chối khi nhập; không có dữ liệu nào được ghi. "
            f"{message}",
            report=plan.report,
        )


# --- Classes -------------------------------------------------------------------------


class CohortImporter(_TrainingImporter):
    """Lớp đào tạo, keyed on Tên lớp and Ngày khai giảng; the course type by its
    code or name, the organising unit by its code (in the user's scope)."""

    def converter(self, column):
        if column.field in ("name", "institution", "location"):
            return _plain(column.header, 255)
        if column.field == "course_type":
            return parsing.memoised(_course_types().bind(column.header))
        if column.kind == "unit":
            return parsing.memoised(
                lambda v: parsing.text(v, max_length=32, label=column.header)
            )
        if column.field == "capacity":
            return lambda v: parsing.integer(
                v, label=column.header, minimum=1, maximum=100_000
            )
        return self.base_converter(column, Cohort)

    def lock(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE training_cohort IN SHARE ROW EXCLUSIVE MODE")

    def resolve(self, parsed: Parsed) -> Plan:
        ix = parsed.index
        header = {c.field: c.header for c in parsed.columns}
        units, scope = _Units.load(), _scope(self.user)
        starts = {row.values[ix("start")] for row in parsed.rows} - {None}
        existing: dict[tuple, list[dict]] = defaultdict(list)
        for cohort in (
            Cohort.objects.filter(start__in=starts)
            .annotate(
                taken=Count("enrolments", filter=Q(enrolments__status__in=rules.ACTIVE))
            )
            .values(
                "id",
                "name",
                "start",
                "end",
                "course_type_id",
                "mode",
                "institution",
                "organising_unit_id",
                "location",
                "capacity",
                "status",
                "taken",
            )
        ):
            existing[_key(cohort["name"], cohort["start"])].append(cohort)
        first: dict[tuple, int] = {}
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        creates, updates = [], []
        for row in parsed.rows:
            values = dict(
                zip((c.field for c in parsed.columns), row.values, strict=True)
            )
            name, start = values.get("name"), values.get("start")
            if name and start:
                seen = first.setdefault(_key(name, start), row.number)
                if seen != row.number:
                    row.error(
                        header["name"],
                        f"Lớp “{name}” khai giảng {start:%d/%m/%Y} trùng với dòng "
                        f"{seen}.",
                    )
            if row.errors:
                continue
            unit = self.unit_in_scope(
                row,
                header.get("organising_unit", ""),
                values.get("organising_unit"),
                units,
                scope,
            )
            end = values.get("end")
            if end is not None and end < start:
                row.error(
                    header["end"], "Ngày bế giảng phải sau hoặc bằng ngày khai giảng."
                )
            found = existing.get(_key(name, start), [])
            if len(found) > 1:
                row.error(
                    header["name"],
                    f"Có {len(found)} lớp cùng tên “{name}” khai giảng "
                    f"{start:%d/%m/%Y}; hãy sửa trên trang lớp.",
                )
            if row.errors:
                continue
            fields = {
                "name": name,
                "course_type_id": values.get("course_type"),
                "mode": values.get("mode"),
                "institution": values.get("institution"),
                "organising_unit_id": unit.id,
                "end": end,
            }
            if "location" in values:
                fields["location"] = values["location"] or ""
            if "capacity" in values:
                fields["capacity"] = values["capacity"]
            if values.get("status"):
                fields["status"] = values["status"]
            if not found:
                counts["new"] += 1
                creates.append((row.number, start, fields))
                continue
            cohort = found[0]
            if scope is not None and cohort["organising_unit_id"] not in scope:
                other = units.by_id.get(cohort["organising_unit_id"])
                row.error(
                    header["name"],
                    f"Lớp “{cohort['name']}” đã có, do đơn vị "
                    f"{other.code if other else ''} tổ chức, nằm ngoài phạm vi được "
                    "giao.",
                )
                continue
            if (
                fields.get("capacity") is not None
                and fields["capacity"] < cohort["taken"]
            ):
                row.error(
                    header["capacity"],
                    f"Lớp đã có {cohort['taken']} học viên; số tối đa không thể nhỏ "
                    "hơn.",
                )
                continue
            changes = {k: v for k, v in fields.items() if cohort[k] != v}
            if not changes:
                counts["unchanged"] += 1
                continue
            counts["updated"] += 1
            updates.append((row.number, cohort["id"], changes))
        report = self.report(parsed, counts)
        return Plan(report=report, data={"creates": creates, "updates": updates})

    def write(self, plan: Plan, progress: Progress = None) -> None:
        reason = change_reason(self.job)
        types = CourseType.objects.in_bulk()
        from cadre_registry.models import Unit

        needed = {f["organising_unit_id"] for _n, _s, f in plan.data["creates"]} | {
            f["organising_unit_id"]
            for _n, _p, f in plan.data["updates"]
            if "organising_unit_id" in f
        }
        unit_objects = Unit.objects.in_bulk(needed)
        for number, start, fields in plan.data["creates"]:
            kwargs = dict(fields)
            kwargs["course_type"] = types[kwargs.pop("course_type_id")]
            kwargs["organising_unit"] = unit_objects[kwargs.pop("organising_unit_id")]
            try:
                services.cohort_create(
                    by=self.user, start=start, change_reason=reason, **kwargs
                )
            except (ValidationError, PermissionDenied) as error:
                raise self.refused(plan, number, error) from error
        for number, pk, changes in plan.data["updates"]:
            kwargs = dict(changes)
            if "course_type_id" in kwargs:
                kwargs["course_type"] = types[kwargs.pop("course_type_id")]
            if "organising_unit_id" in kwargs:
                kwargs["organising_unit"] = unit_objects[
                    kwargs.pop("organising_unit_id")
                ]
            try:
                services.cohort_update(
                    cohort=Cohort(pk=pk), by=self.user, change_reason=reason, **kwargs
                )
            except (ValidationError, PermissionDenied) as error:
                raise self.refused(plan, number, error) from error


# --- Learners ------------------------------------------------------------------------


class EnrolmentImporter(_TrainingImporter):
    """Học viên, keyed on Số hiệu cán bộ and the class (Tên lớp + Ngày khai giảng).
    New learners are nominated (enrolments_nominate), then their results recorded
    (cohort_results_record): the services' rules hold for imported rows too."""

    RESULT_FIELDS = ("result", "certificate_number", "certificate_date")

    def converter(self, column):
        if column.field == "cohort":
            return _plain(column.header, 255)
        if column.field == "full_name":
            return lambda v: parsing.person_name(v, max_length=128, label=column.header)
        if column.field == "person":
            return lambda v: parsing.text(v, max_length=32, label=column.header)
        if column.kind == "unit":
            return parsing.memoised(
                lambda v: parsing.text(v, max_length=32, label=column.header)
            )
        if column.field in ("result", "certificate_number"):
            return _plain(column.header, 64)
        return self.base_converter(column, Enrolment)

    def lock(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE training_cohort IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute("LOCK TABLE training_enrolment IN SHARE ROW EXCLUSIVE MODE")

    def resolve(self, parsed: Parsed) -> Plan:
        from training.selectors import cohort_list

        header = {c.field: c.header for c in parsed.columns}
        fields = [c.field for c in parsed.columns]
        present = set(fields)
        rows = [
            (row, dict(zip(fields, row.values, strict=True))) for row in parsed.rows
        ]
        units, scope = _Units.load(), _scope(self.user)

        # Classes the user may see, by name and opening day; people by code.
        starts = {v.get("cohort_start") for _r, v in rows} - {None}
        cohorts: dict[tuple, list[dict]] = defaultdict(list)
        for cohort in (
            cohort_list(user=self.user)
            .filter(start__in=starts)
            .annotate(
                taken=Count("enrolments", filter=Q(enrolments__status__in=rules.ACTIVE))
            )
            .values("id", "name", "start", "end", "mode", "status", "capacity", "taken")
        ):
            cohorts[_key(cohort["name"], cohort["start"])].append(cohort)
        codes = {v.get("person") for _r, v in rows} - {None, ""}
        people = {
            p["personnel_code"]: p
            for p in Person.objects.filter(personnel_code__in=codes).values(
                "id", "personnel_code", "full_name", "unit_id"
            )
        }
        person_ids = [p["id"] for p in people.values()]
        cohort_ids = [c["id"] for found in cohorts.values() for c in found]
        existing = {
            (e["person_id"], e["cohort_id"]): e
            for e in Enrolment.objects.filter(
                person_id__in=person_ids, cohort_id__in=cohort_ids
            ).values(
                "id",
                "person_id",
                "cohort_id",
                "nominating_unit_id",
                "status",
                "nominated_on",
                "enrolled_on",
                "finished_on",
                "result",
                "certificate_number",
                "certificate_date",
                "sponsorship",
            )
        }
        busy: dict[int, list[tuple[int, rules.Period]]] = defaultdict(list)
        for other in Enrolment.objects.filter(
            person_id__in=person_ids,
            status__in=rules.ACTIVE,
            cohort__mode=Mode.FULL_TIME,
        ).values(
            "person_id", "cohort_id", "cohort__start", "cohort__end", "cohort__name"
        ):
            busy[other["person_id"]].append(
                (
                    other["cohort_id"],
                    rules.Period(
                        other["cohort__start"],
                        other["cohort__end"],
                        True,
                        other["cohort__name"],
                    ),
                )
            )

        first: dict[tuple, int] = {}
        adding: dict[int, int] = defaultdict(int)
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        work: dict[int, dict[str, Any]] = {}  # cohort id -> what to write
        for row, v in rows:
            name, start, code = v.get("cohort"), v.get("cohort_start"), v.get("person")
            if row.errors:
                continue
            found = cohorts.get(_key(name, start), [])
            cohort = found[0] if len(found) == 1 else None
            if not found:
                row.error(
                    header["cohort"],
                    f"Không có lớp “{name}” khai giảng ngày {start:%d/%m/%Y} (trong các "
                    "lớp bạn được xem).",
                )
            elif len(found) > 1:
                row.error(
                    header["cohort"],
                    f"Có {len(found)} lớp cùng tên “{name}” khai giảng "
                    f"{start:%d/%m/%Y}; hãy cử học viên trên trang lớp.",
                )
            person = people.get(code)
            if person is None:
                row.error(
                    header["person"],
                    f"Số hiệu cán bộ “{code}” không có trong danh sách cán bộ.",
                )
            elif scope is not None and person["unit_id"] not in scope:
                row.error(
                    header["person"],
                    f"Cán bộ có số hiệu {code} thuộc đơn vị nằm ngoài phạm vi được "
                    "giao.",
                )
            elif v.get("full_name") and normalize_text(
                v["full_name"]
            ) != normalize_text(person["full_name"]):
                row.error(
                    header["full_name"],
                    f"Họ và tên “{v['full_name']}” không khớp với hồ sơ của số hiệu "
                    f"{code} (“{person['full_name']}”).",
                )
            unit = self.unit_in_scope(
                row, header["nominating_unit"], v.get("nominating_unit"), units, scope
            )
            if row.errors:
                continue
            key = (person["id"], cohort["id"])
            seen = first.setdefault(key, row.number)
            if seen != row.number:
                row.error(
                    header["person"],
                    f"Cán bộ {code} trong lớp “{cohort['name']}” trùng với dòng {seen}.",
                )
                continue
            old = existing.get(key)
            self._check_row(row, v, header, present, cohort, old, unit)
            if row.errors:
                continue
            if old is None:
                self._check_seat(row, header, cohort, adding)
                self._check_overlap(row, header, cohort, person, busy)
                if row.errors:
                    continue
            todo = work.setdefault(
                cohort["id"],
                {"nominate": defaultdict(list), "details": {}, "results": []},
            )
            changed = self._plan_row(row, v, present, cohort, person, unit, old, todo)
            if old is None:
                counts["new"] += 1
            elif changed:
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        report = self.report(parsed, counts)
        return Plan(report=report, data={"work": work})

    def _check_row(self, row, v, header, present, cohort, old, unit) -> None:
        """The dates and results of a row against the class and the status path."""
        current = old["status"] if old else EnrolmentStatus.NOMINATED
        target = v.get("status") or current
        if old is None and cohort["status"] in (
            Cohort.Status.FINISHED,
            Cohort.Status.CANCELLED,
        ):
            status = dict(Cohort.Status.choices)[cohort["status"]].lower()
            row.error(header["cohort"], f"Lớp {status}: không thể cử thêm học viên.")
            return
        if rules.status_path(current, target) is None:
            row.error(
                header.get("status", ""),
                f"Không thể chuyển từ “{_STATUS_LABELS[current]}” sang "
                f"“{_STATUS_LABELS[target]}”.",
            )
            return
        nominated_on = v.get("nominated_on")
        enrolled_on = v.get("enrolled_on") or (old["enrolled_on"] if old else None)
        if v.get("enrolled_on") and target == EnrolmentStatus.NOMINATED:
            row.error(
                header["enrolled_on"],
                "Ngày nhập học chỉ ghi khi học viên đã nhập học (trạng thái khác "
                "“Được cử”).",
            )
        if enrolled_on and nominated_on and enrolled_on < nominated_on:
            row.error(
                header.get("enrolled_on", ""),
                f"Ngày nhập học {enrolled_on:%d/%m/%Y} phải sau hoặc bằng ngày cử "
                f"{nominated_on:%d/%m/%Y}.",
            )
        finished_on = v.get("finished_on")
        if "finished_on" not in present and old is not None:
            finished_on = old["finished_on"]
        if finished_on is not None and target not in rules.ENDED:
            row.error(
                header.get("finished_on", ""),
                "Ngày kết thúc học chỉ ghi khi học viên hoàn thành, không hoàn thành "
                "hoặc thôi học.",
            )
        problem = rules.finished_on_error(
            status=target,
            finished_on=finished_on,
            start=cohort["start"],
            end=cohort["end"],
        )
        if problem:
            row.error(header.get("finished_on", header.get("status", "")), problem)
        if finished_on is not None and target in rules.ENDED and not problem:
            if enrolled_on is None and rules.ENROLLED in (
                rules.status_path(current, target) or []
            ):
                enrolled_on = max(cohort["start"], nominated_on)
            begun = enrolled_on or nominated_on
            if begun and finished_on < begun:
                row.error(
                    header.get("finished_on", ""),
                    f"Ngày kết thúc học phải sau ngày "
                    f"{'nhập học' if enrolled_on else 'cử'} {begun:%d/%m/%Y}.",
                )
        certificate = v.get("certificate_number") or v.get("certificate_date")
        if certificate and target != EnrolmentStatus.COMPLETED:
            row.error(
                header.get("certificate_number") or header.get("certificate_date", ""),
                "Chỉ học viên hoàn thành mới có văn bằng, chứng chỉ.",
            )
        issued = v.get("certificate_date")
        if issued and finished_on and issued < finished_on:
            row.error(
                header["certificate_date"],
                "Ngày cấp văn bằng phải sau ngày hoàn thành.",
            )

    def _check_seat(self, row, header, cohort, adding) -> None:
        problem = rules.capacity_error(
            capacity=cohort["capacity"],
            taken=cohort["taken"] + adding[cohort["id"]],
            adding=1,
        )
        if problem:
            row.error(header["cohort"], problem)
        else:
            adding[cohort["id"]] += 1

    def _check_overlap(self, row, header, cohort, person, busy) -> None:
        if cohort["mode"] != Mode.FULL_TIME:
            return
        new = rules.Period(cohort["start"], cohort["end"], True, cohort["name"])
        clash = rules.full_time_clash(
            new=new,
            existing=[p for pk, p in busy[person["id"]] if pk != cohort["id"]],
        )
        if clash:
            row.error(
                header["cohort"],
                f"{person['full_name']} đang được cử học lớp tập trung “{clash.name}” "
                f"({clash.start:%d/%m/%Y} – {clash.end:%d/%m/%Y}) trùng thời gian.",
            )
        else:
            busy[person["id"]].append((cohort["id"], new))

    def _plan_row(self, row, v, present, cohort, person, unit, old, todo) -> bool:
        """Add the row's writes to its class's work; True if it changes anything."""
        details: dict[str, Any] = {}
        wanted = {
            "nominating_unit_id": unit.id,
            "nominated_on": v["nominated_on"],
        }
        if v.get("sponsorship"):
            wanted["sponsorship"] = v["sponsorship"]
        if v.get("enrolled_on"):
            wanted["enrolled_on"] = v["enrolled_on"]
        current = old["status"] if old else EnrolmentStatus.NOMINATED
        target = v.get("status") or current
        result = {
            "status": target,
            "finished_on": v.get("finished_on") if "finished_on" in present else None,
        }
        for name in self.RESULT_FIELDS:
            if name in present:
                result[name] = v.get(name) or (
                    "" if name != "certificate_date" else None
                )
            else:
                result[name] = (
                    old[name] if old else ("" if name != "certificate_date" else None)
                )
        if "finished_on" not in present and old is not None:
            result["finished_on"] = old["finished_on"]
        if old is None:
            group = (unit.id, v["nominated_on"], wanted.get("sponsorship"))
            todo["nominate"][group].append((row.number, person["id"]))
            if "enrolled_on" in wanted:
                details["enrolled_on"] = wanted["enrolled_on"]
            differs = target != EnrolmentStatus.NOMINATED or any(
                result[name] for name in self.RESULT_FIELDS
            )
        else:
            details = {
                name: value for name, value in wanted.items() if old[name] != value
            }
            differs = any(old[name] != value for name, value in result.items())
        if details:
            todo["details"][(row.number, person["id"])] = details
        if differs:
            todo["results"].append((row.number, person["id"], result))
        return bool(details) or differs

    def write(self, plan: Plan, progress: Progress = None) -> None:
        from cadre_registry.models import Unit

        reason = change_reason(self.job)
        work = plan.data["work"]
        cohorts = Cohort.objects.in_bulk(list(work))
        unit_ids = {
            group[0] for todo in work.values() for group in todo["nominate"]
        } | {
            d["nominating_unit_id"]
            for todo in work.values()
            for d in todo["details"].values()
            if "nominating_unit_id" in d
        }
        unit_objects = Unit.objects.in_bulk(unit_ids)
        for cohort_id, todo in work.items():
            cohort = cohorts[cohort_id]
            for (unit_id, nominated_on, sponsorship), members in todo[
                "nominate"
            ].items():
                extra = {"sponsorship": sponsorship} if sponsorship else {}
                try:
                    services.enrolments_nominate(
                        cohort=cohort,
                        people=list(
                            Person.objects.filter(pk__in=[pk for _n, pk in members])
                        ),
                        nominating_unit=unit_objects[unit_id],
                        by=self.user,
                        nominated_on=nominated_on,
                        change_reason=reason,
                        **extra,
                    )
                except (ValidationError, PermissionDenied) as error:
                    raise self.refused(plan, members[0][0], error) from error
            ids = dict(
                Enrolment.objects.filter(cohort=cohort).values_list("person_id", "id")
            )
            if todo["details"]:
                changes = {}
                for (_number, person_id), details in todo["details"].items():
                    values = dict(details)
                    if "nominating_unit_id" in values:
                        values["nominating_unit"] = unit_objects[
                            values.pop("nominating_unit_id")
                        ]
                    changes[ids[person_id]] = values
                try:
                    services.enrolments_details_set(
                        changes=changes, by=self.user, change_reason=reason
                    )
                except (ValidationError, PermissionDenied) as error:
                    number = next(iter(todo["details"]))[0]
                    raise self.refused(plan, number, error) from error
            if todo["results"]:
                results = [
                    services.Result(
                        enrolment_id=ids[person_id],
                        status=values["status"],
                        finished_on=values["finished_on"],
                        result=values["result"],
                        certificate_number=values["certificate_number"],
                        certificate_date=values["certificate_date"],
                    )
                    for _number, person_id, values in todo["results"]
                ]
                try:
                    services.cohort_results_record(
                        cohort=cohort,
                        results=results,
                        by=self.user,
                        change_reason=reason,
                    )
                except (ValidationError, PermissionDenied) as error:
                    raise self.refused(plan, todo["results"][0][0], error) from error


COHORTS = ImportSpec(
    name="cohorts",
    title="Lớp đào tạo",
    columns=COHORT_COLUMNS,
    keys=("name", "start"),
    model=Cohort,
    importer=CohortImporter,
)
ENROLMENTS = ImportSpec(
    name="enrolments",
    title="Học viên",
    columns=ENROLMENT_COLUMNS,
    keys=("person", "cohort"),
    model=Enrolment,
    importer=EnrolmentImporter,
)
