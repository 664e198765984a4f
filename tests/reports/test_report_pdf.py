"""The statistical report of a snapshot as a PDF (reports/report_pdf.py): read back
with pdftotext (cover, figures and shares as stored, charts, notes, footer) and
pdfinfo (pages and their orientation), rendered to PNG with pdftoppm for a person
to look at; scope, the access log, a frozen snapshot printing what was submitted,
the copy stored with the snapshot's files, the annex of the child units, and the
dashboard drawing the pyramid stored with a snapshot.

Most tests use the dataset of tests/reports/statistics_data.py: at D2 = 01/01/2024
Sở Nội vụ has 3 people, 2 women (66.67%) and 1 man; by age one woman of 25, one
of 33 and a man of 58."""

import datetime as dt
import os
import re
import shutil
import subprocess
import types
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from reportlab.platypus import Table

from cadre_registry.models import AccessLog
from reports import dashboard, pdf, report_pdf, services, statistics
from reports.models import Period
from reports.snapshot_report import ReportTable, SnapshotReport, report_charts
from reports.tables import BIEU12B, PERSONNEL, TABLES
from tests import factories
from tests.reports import statistics_data
from tests.reports.statistics_data import D2

dataset = statistics_data.dataset  # the fixture

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing in CI (.ci/run installs poppler-utils)")
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return path


def _run(tool: str, *args: str, content: bytes) -> str:
    done = subprocess.run(
        [_tool(tool), *args], input=content, capture_output=True, check=True
    )
    return done.stdout.decode()


def text_of(content: bytes, *, layout: bool = False, page: int | None = None) -> str:
    args = ["-enc", "UTF-8"] + (["-layout"] if layout else [])
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return _run("pdftotext", *args, "-", "-", content=content)


def row(content: bytes, label: str) -> list[str]:
    """The numbers on the line of a table whose label is `label` (layout text)."""
    for line in text_of(content, layout=True).splitlines():
        match = re.match(rf"\s*{re.escape(label)}((?:\s+[\d.,]+)+)\s*$", line)
        if match:
            return match.group(1).split()
    raise AssertionError(f"no line {label!r}")


def page_sizes(content: bytes) -> list[tuple[float, float]]:
    info = _run("pdfinfo", "-f", "1", "-l", "999", "-", content=content)
    return [
        (float(w), float(h))
        for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info)
    ]


def _named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def snapshot(dataset, tree, personas):
    """The clerk's report of Sở Nội vụ at D2, received by the leader."""
    _named(personas["clerk"], "Lan", "Trần Thị")
    definition = services.definition_create(
        by=personas["admin"],
        name="Chất lượng cán bộ Sở Nội vụ",
        tables=[PERSONNEL],
        period=Period.DATE,
        fixed_date=D2,
        owner=personas["clerk"],
        unit=tree["home"],
        recipients=[personas["leader"]],
    )
    return services.snapshot_make(
        definition=definition, on=D2, by=personas["clerk"]
    ).snapshot


def _url(snapshot) -> str:
    return reverse("reports:snapshot_report_pdf", args=[snapshot.pk])


def _print(client, user, snapshot) -> bytes:
    client.force_login(user)
    response = client.get(_url(snapshot))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_path():
    assert reverse("reports:snapshot_report_pdf", args=[7]) == (
        "/thong-ke/ky-so-lieu/7/bao-cao.pdf"
    )


def test_the_report_prints_cover_tables_charts_notes_and_footer(
    client, personas, snapshot
):
    leader = _named(personas["leader"], "Hùng", "Phạm Quốc")
    content = _print(client, leader, snapshot)
    text = text_of(content)
    # The cover: unit with its diacritics, date, definition, who made it.
    assert "BÁO CÁO THỐNG KÊ" in text
    assert "SỞ NỘI VỤ" in text and "Sở Nội vụ" in text
    assert "Số liệu tính đến ngày 01/01/2024" in text
    assert "Chất lượng cán bộ Sở Nội vụ" in text
    assert "bởi Trần Thị Lan" in text
    assert "Chưa chốt số liệu" in text
    assert "MỤC LỤC" in text
    # The figures and shares as the snapshot stored them ("66.67" → 66,67).
    stored = {
        f["key"]: f
        for s in snapshot.figures[PERSONNEL]["sections"]
        for f in s["figures"]
    }
    assert stored["gender:female"]["share"] == "66.67"
    assert row(content, "Nữ") == ["2", "3", "66,67"]
    assert row(content, "Nam") == ["1", "3", "33,33"]
    # The charts: the bars' labels, the pyramid by gender from the stored JSON.
    assert "Cơ cấu ngạch công chức" in text and "Lý luận chính trị" in text
    assert "Tháp tuổi theo giới tính (đến ngày 01/01/2024)" in text
    assert "Nam (1)" in text and "Nữ (2)" in text
    # The notes: the rounding rule and the definitions of reports/statistics.py.
    assert "Ghi chú về số liệu và định nghĩa" in text
    assert "làm tròn đến hai chữ số thập phân" in text
    assert report_pdf.DEFINITION_NOTES["Party members"] in " ".join(text.split())
    assert "NGƯỜI LẬP BIỂU" in text
    # Every page's footer names who printed it.
    pages = len(page_sizes(content))
    assert pages >= 4
    assert text.count("In bởi Phạm Quốc Hùng lúc ") == pages
    assert f"Trang {pages}/{pages}" in text


def test_the_contents_gives_the_page_of_each_section(client, personas, snapshot):
    content = _print(client, personas["leader"], snapshot)
    contents = text_of(content, layout=True, page=2)
    assert "MỤC LỤC" in contents
    found = re.findall(r"^\s*((?:[IVX]+)\. .+?)\s*\.{3,}\s*(\d+)\s*$", contents, re.M)
    assert [title for title, _ in found] == [
        "I. Số lượng, chất lượng cán bộ (các tỷ lệ chính, Biểu 8B)",
        "II. Biểu đồ",
        "III. Ghi chú về số liệu và định nghĩa",
    ]
    for title, page in found:
        assert title in text_of(content, page=int(page)), title


def test_outsider_gets_404_and_anonymous_the_login(client, personas, snapshot):
    client.force_login(personas["outsider"])
    assert client.get(_url(snapshot)).status_code == 404
    client.logout()
    response = client.get(_url(snapshot))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not AccessLog.objects.filter(action=AccessLog.Action.PRINT).exists()


def test_each_print_is_logged(client, personas, snapshot):
    _print(client, personas["leader"], snapshot)
    _print(client, personas["leader"], snapshot)
    logs = AccessLog.objects.filter(action=AccessLog.Action.PRINT)
    assert logs.count() == 2
    log = logs.first()
    assert log.user == personas["leader"]
    assert (log.object_type, log.object_id) == ("reports.snapshot", str(snapshot.pk))
    assert "01/01/2024" in log.description
    assert log.detail["report"] == "snapshot_report"
    assert log.detail["tables"] == [PERSONNEL] and log.detail["format"] == "pdf"


def test_a_frozen_snapshot_prints_what_was_submitted(client, personas, tree, snapshot):
    leader = _named(personas["leader"], "Hùng", "Phạm Quốc")
    services.snapshot_freeze(snapshot=snapshot, by=leader)
    # Two more women join the unit before D2: the live figures move, the print not.
    for _ in range(2):
        factories.person(
            unit=tree["home"], gender="F", recruited_on=dt.date(2020, 1, 1)
        )
    content = _print(client, leader, snapshot)
    text = " ".join(text_of(content).split())
    assert "Đã chốt số liệu lúc" in text and "bởi Phạm Quốc Hùng" in text
    assert "Nữ (2)" in text and row(content, "Nữ") == ["2", "3", "66,67"]


def test_the_task_stores_the_report_among_the_files(personas, snapshot):
    stored = snapshot.files.get(table="", format="pdf")
    content = stored.file.read()
    assert stored.size == len(content)
    text = text_of(content)
    assert "Lập tự động lúc " in text and "In bởi" not in text
    assert "Sở Nội vụ" in text and row(content, "Nữ") == ["2", "3", "66,67"]


def test_the_snapshot_page_has_the_print_button(client, personas, snapshot):
    client.force_login(personas["leader"])
    page = client.get(reverse("reports:snapshot_detail", args=[snapshot.pk]))
    assert f'id="report-pdf" href="{_url(snapshot)}"' in page.content.decode()


def test_pages_render_to_png_for_a_look(client, personas, snapshot, tmp_path):
    """Pages 1 (cover) and 3+ (table, charts) as PNG in var/test-artifacts."""
    tool = _tool("pdftoppm")
    content = _print(client, personas["leader"], snapshot)
    source = tmp_path / "report.pdf"
    source.write_bytes(content)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / "snapshot-report"
    for old in ARTIFACTS.glob("snapshot-report-*.png"):
        old.unlink()
    subprocess.run([tool, "-r", "60", "-png", str(source), str(prefix)], check=True)
    images = sorted(ARTIFACTS.glob("snapshot-report-*.png"))
    assert len(images) == len(page_sizes(content))
    assert all(image.stat().st_size > 2000 for image in images)


# --- The annex of the child units -------------------------------------------------


def _unit_snapshot(personas, unit, name):
    definition = services.definition_create(
        by=personas["admin"],
        name=name,
        tables=[PERSONNEL],
        period=Period.DATE,
        fixed_date=D2,
        owner=personas["admin"],
        unit=unit,
    )
    return services.snapshot_make(definition=definition, on=D2).snapshot


def test_the_annex_holds_the_child_units_and_a_frozen_report_keeps_it(
    client, personas, tree, dataset
):
    admin = personas["admin"]
    province = _unit_snapshot(personas, tree["province"], "Toàn tỉnh")
    home = _unit_snapshot(personas, tree["home"], "Sở Nội vụ (tỉnh)")
    other = _unit_snapshot(personas, tree["other"], "Sở Y tế (tỉnh)")
    content = _print(client, admin, province)
    text = " ".join(text_of(content).split())
    assert "Phụ lục: Số lượng, chất lượng cán bộ của các đơn vị trực thuộc" in text
    assert "1. Sở Nội vụ" in text and "2. Sở Y tế" in text
    assert "Kỳ số liệu “Sở Nội vụ (tỉnh)” lập lúc" in text
    # Frozen after Sở Nội vụ's snapshot only: the annex keeps just that one, and
    # Sở Y tế frozen later does not come in.
    services.snapshot_freeze(snapshot=home, by=admin)
    services.snapshot_freeze(snapshot=province, by=admin)
    services.snapshot_freeze(snapshot=other, by=admin)
    text = " ".join(text_of(_print(client, admin, province)).split())
    assert "1. Sở Nội vụ" in text and "Sở Y tế (tỉnh)" not in text


# --- The time series and the planning composition --------------------------------

D1 = statistics_data.D1  # Sở Nội vụ: 1 woman of 4 (25,00%); at D2 2 of 3 (66,67%)


def _home_snapshot(personas, tree, on, name, tables=(PERSONNEL,)):
    definition = services.definition_create(
        by=personas["admin"],
        name=name,
        tables=list(tables),
        period=Period.DATE,
        fixed_date=on,
        owner=personas["admin"],
        unit=tree["home"],
    )
    return services.snapshot_make(definition=definition, on=on).snapshot


def _series_line(content: bytes, day: str) -> list[str]:
    """The shares on the series table's line of a date (layout text)."""
    for line in text_of(content, layout=True).splitlines():
        if line.strip().startswith(day) and "%" in line:
            return re.findall(r"[\d,]+%|—", line)
    raise AssertionError(f"no series line for {day}")


def test_the_series_shows_the_units_snapshots_up_to_the_reports_date(
    client, personas, tree, snapshot
):
    _home_snapshot(personas, tree, D1, "Sở Nội vụ 2018")
    later = _home_snapshot(personas, tree, dt.date(2025, 1, 1), "Sở Nội vụ 2025")
    content = _print(client, personas["leader"], snapshot)
    text = " ".join(text_of(content).split())
    assert "Các tỷ lệ chính qua các kỳ số liệu (%)" in text
    # Women are the third ratio (SERIES_KEYS): 25,00% at D1, 66,67% at D2.
    assert _series_line(content, "01/01/2018")[2] == "25,00%"
    assert _series_line(content, "01/01/2024")[2] == "66,67%"
    with pytest.raises(AssertionError):  # after the report's date
        _series_line(content, "01/01/2025")
    assert "kể cả kỳ chưa chốt" in text
    # Printed from the later snapshot, all three dates are there.
    content = _print(client, personas["admin"], later)
    assert _series_line(content, "01/01/2025")[2] == "66,67%"


def test_a_frozen_reports_series_does_not_change_with_newer_snapshots(
    client, personas, tree, snapshot
):
    admin = personas["admin"]
    services.snapshot_freeze(
        snapshot=_home_snapshot(personas, tree, D1, "2018"), by=admin
    )
    _home_snapshot(personas, tree, dt.date(2020, 1, 1), "2020 (chưa chốt)")
    services.snapshot_freeze(snapshot=snapshot, by=admin)
    before = _print(client, admin, snapshot)
    # After freezing: two women join before D1 and snapshots of D1 and of a date
    # in between are made (and frozen): the frozen report prints the same series.
    for _ in range(2):
        factories.person(
            unit=tree["home"], gender="F", recruited_on=dt.date(2010, 1, 1)
        )
    newer = _home_snapshot(personas, tree, D1, "2018 (lập lại)")
    services.snapshot_freeze(snapshot=newer, by=admin)
    between = _home_snapshot(personas, tree, dt.date(2022, 1, 1), "2022")
    services.snapshot_freeze(snapshot=between, by=admin)
    after = _print(client, admin, snapshot)
    for content in (before, after):
        text = " ".join(text_of(content).split())
        assert _series_line(content, "01/01/2018")[2] == "25,00%"
        assert _series_line(content, "01/01/2024")[2] == "66,67%"
        for day in ("01/01/2020", "01/01/2022"):
            with pytest.raises(AssertionError):
                _series_line(content, day)
        assert "đã chốt trước khi báo cáo này được chốt" in text
    # The newer D1 snapshot (3 women of 6) is what the dashboard now draws.
    latest = dashboard.unit_snapshots(unit=tree["home"])
    assert [s.pk for s in latest if s.on == D1] == [newer.pk]
    _, values = dashboard.snapshot_series(latest)
    assert str(values["gender:female"][0]) == "50.00"


def test_the_planning_chart_is_drawn_from_the_stored_bieu12b(
    client, personas, tree, dataset
):
    made = _home_snapshot(personas, tree, D2, "Với 12B", tables=(PERSONNEL, BIEU12B))
    text = " ".join(text_of(_print(client, personas["admin"], made)).split())
    assert "Cơ cấu cán bộ trong quy hoạch" in text
    assert "Dân tộc thiểu số" in text and "Cao cấp, cử nhân" in text
    assert "0 người trong quy hoạch (0 lượt)" in text
    assert "không có biểu đồ cơ cấu cán bộ trong quy hoạch" not in text
    # The stored figures are what is drawn: 4 people of 6 entries, 1 woman.
    figures = dict(made.figures)
    stored = dict(figures[BIEU12B])
    rows = [dict(r) for r in stored["rows"]]
    rows[0]["values"] = [6, *rows[0]["values"][1:-2], 4, 100.0]
    women = next(r for r in rows if r["label"] == "Nữ")
    women["values"] = [2, *women["values"][1:-2], 1, 25.0]
    figures[BIEU12B] = stored | {"rows": rows}
    drawn, notes = report_charts(figures)
    planning = next(c for c in drawn if c.chart_id == "chart-planning")
    assert planning.bars[0].label == "Nữ" and planning.bars[0].denominator == 4
    report = _report(charts=drawn, chart_notes=notes)
    text = " ".join(
        text_of(report_pdf.build_report_pdf(report, printed=PRINTED)).split()
    )
    assert "1/4 · 25,00%" in text and "4 người trong quy hoạch (6 lượt)" in text


def test_without_bieu12b_the_notes_say_there_is_no_planning_chart(
    client, personas, snapshot
):
    text = " ".join(text_of(_print(client, personas["leader"], snapshot)).split())
    assert "Cơ cấu cán bộ trong quy hoạch" not in text
    assert "không có biểu đồ cơ cấu cán bộ trong quy hoạch" in text


def test_the_chart_pages_render_to_png_for_a_look(
    client, personas, tree, dataset, tmp_path
):
    """The chart pages of a report with two snapshots and Biểu 12B, at 100 dpi, as
    var/test-artifacts/snapshot-report-charts-*.png."""
    tool = _tool("pdftoppm")
    _home_snapshot(personas, tree, D1, "2018")
    made = _home_snapshot(personas, tree, D2, "Với 12B", tables=(PERSONNEL, BIEU12B))
    content = _print(client, personas["admin"], made)
    titles = ("Cơ cấu ngạch", "Tháp tuổi", "trong quy hoạch", "qua các kỳ số liệu")
    texts = [text_of(content, page=n) for n in range(1, len(page_sizes(content)) + 1)]
    pages = [
        n
        for n, text in enumerate(texts, start=1)
        if "MỤC LỤC" not in text and any(title in text for title in titles)
    ]
    assert pages
    source = tmp_path / "report.pdf"
    source.write_bytes(content)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("snapshot-report-charts-*.png"):
        old.unlink()
    for n in pages:
        prefix = ARTIFACTS / f"snapshot-report-charts-{n}"
        args = ["-r", "100", "-png", "-f", str(n), "-l", str(n), "-singlefile"]
        subprocess.run([tool, *args, str(source), str(prefix)], check=True)
    images = sorted(ARTIFACTS.glob("snapshot-report-charts-*.png"))
    assert len(images) == len(pages)
    assert all(image.stat().st_size > 5000 for image in images)


# --- The builder on its own -------------------------------------------------------


def _report(**overrides) -> SnapshotReport:
    values = dict(
        pk=1,
        name="Báo cáo thử",
        unit_name="Huyện ủy Đức Thọ",
        superior="",
        on=dt.date(2025, 12, 31),
        period_start=dt.date(2025, 1, 1),
        period="Hằng năm",
        owner="Người phụ trách",
        made_at=timezone.localtime(),
        made_by="",
        frozen_at=None,
        frozen_by="",
        data_version="",
        tables=[],
    )
    return SnapshotReport(**(values | overrides))


PRINTED = pdf.PrintInfo(printed_by="Lê Văn Tám", printed_at=timezone.localtime())


def test_any_stored_json_is_printed_when_a_table_has_no_layout():
    table = ReportTable(
        code="khac",
        title="Biểu khác",
        figures={
            "tong_so": 1234,
            "rows": [{"ten": "Phòng Đào tạo", "so_nguoi": 5}],
            "nested": {"ghi_chu": "Đặc biệt"},
        },
    )
    drawn, notes = report_charts({table.code: table.figures})
    report = _report(tables=[table], charts=drawn, chart_notes=notes)
    content = report_pdf.build_report_pdf(report, printed=PRINTED)
    text = " ".join(text_of(content, layout=True).split())
    assert "Biểu khác" in text and "tong so 1.234" in text
    assert "Phòng Đào tạo 5" in text and "ghi chu Đặc biệt" in text
    # No personnel table: no charts, and the notes say why.
    assert not drawn and ". Biểu đồ" not in text and "không có các biểu đồ" in text


def test_a_tables_own_flowables_are_used_and_a_wide_one_turns_the_page(
    monkeypatch,
):
    calls = []

    def flowables(*, figures, unit_name, width=None):
        calls.append((figures, unit_name, width))
        wide = Table([["WIDE"] * 10], colWidths=[70] * 10)
        return [pdf.para("BIỂU RIÊNG"), wide]

    fake = types.SimpleNamespace(code="rieng", title="Biểu riêng", flowables=flowables)
    monkeypatch.setitem(TABLES, "rieng", fake)
    content = report_pdf.build_report_pdf(
        _report(tables=[ReportTable("rieng", "Biểu riêng", {"a": 1})]),
        printed=PRINTED,
    )
    assert calls == [({"a": 1}, "Huyện ủy Đức Thọ", report_pdf._landscape_width())]
    text = text_of(content)
    assert "BIỂU RIÊNG" in text and "WIDE" in text
    sizes = page_sizes(content)
    # Cover and contents portrait, the wide table landscape, the notes portrait.
    portrait = [w < h for w, h in sizes]
    assert portrait[:2] == [True, True] and portrait[-1] is True
    assert False in portrait
    assert "BIỂU RIÊNG" in text_of(content, page=portrait.index(False) + 1)


def test_an_older_snapshot_without_the_pyramid_says_so(snapshot):
    older = dict(snapshot.figures[PERSONNEL])
    del older["age_pyramid"]  # snapshots made before they stored it
    drawn, notes = report_charts({PERSONNEL: older})
    assert [c.chart_id for c in drawn] == [
        "chart-grade",
        "chart-degree",
        "chart-llct",
        "chart-evaluation",
    ]
    assert "tháp tuổi" in notes[0]
    drawn, notes = report_charts(snapshot.figures)
    assert drawn[-1].chart_id == "chart-pyramid"
    assert not any("tháp tuổi" in note for note in notes)


def test_every_definition_of_the_statistics_has_its_note():
    terms = report_pdf.docstring_terms(statistics.__doc__)
    assert terms, "reports/statistics.py's docstring lists its definitions"
    missing = [t for t in terms if t not in report_pdf.DEFINITION_NOTES]
    assert not missing, f"add the Vietnamese note of {missing} to DEFINITION_NOTES"


# --- The dashboard draws the stored pyramid ---------------------------------------


def test_the_dashboard_pyramid_of_a_snapshot_date_is_the_stored_one(
    client, personas, tree, snapshot
):
    # A woman of 40 joins before D2 after the snapshots: live counts move.
    factories.person(
        unit=tree["home"],
        gender="F",
        birth_date=dt.date(1983, 6, 1),
        recruited_on=dt.date(2020, 1, 1),
    )
    client.force_login(personas["leader"])
    url = reverse("reports:statistics_dashboard_unit", args=[tree["home"].pk])
    query = {"phan": "pyramid", "on": "01/01/2024"}
    stored = client.get(url, query).content.decode()
    assert "Nữ (2)" in stored
    live = client.get(url, query | {"tinh_lai": "1"}).content.decode()
    assert "Nữ (3)" in live
