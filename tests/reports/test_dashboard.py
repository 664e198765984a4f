"""The leaders' dashboard (/thong-ke/bang-dieu-khien/): its figures against the
statistics engine, the change since the last snapshot, the SVG charts, the age
pyramid, the drill-down through the unit tree and its query budget.

Most tests use the dataset of tests/reports/statistics_data.py (figures worked out
in test_statistics.py): Sở Nội vụ had 4 people at D1 = 01/01/2018, 1 woman
(25.00%), and 3 at D2 = 01/01/2024, 2 women (66.67%): +41.67 points."""

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports import charts, dashboard
from reports import services as report_services
from reports.models import Period
from reports.statistics import personnel_statistics
from reports.tables import PERSONNEL
from tests import factories
from tests.reports import statistics_data
from tests.reports.statistics_data import D1, D2

dataset = statistics_data.dataset  # the fixture

pytestmark = pytest.mark.django_db

URL = "/thong-ke/bang-dieu-khien/"
SVG = "{http://www.w3.org/2000/svg}"


def _snapshot(personas, unit, on, name="Chất lượng cán bộ"):
    definition = report_services.definition_create(
        by=personas["admin"],
        name=f"{name} {on:%Y}",
        tables=[PERSONNEL],
        period=Period.DATE,
        fixed_date=on,
        owner=personas["admin"],
        unit=unit,
    )
    return report_services.snapshot_make(
        definition=definition, on=on, by=personas["admin"]
    ).snapshot


# --- The figures ---------------------------------------------------------------------


@pytest.mark.parametrize("on", [D1, D2])
def test_figures_equal_the_statistics_of_the_same_unit_and_date(
    personas, tree, dataset, on
):
    admin = personas["admin"]
    board = dashboard.dashboard_get(user=admin, unit=tree["home"], on=on)
    stats = personnel_statistics(user=admin, unit=tree["home"], on=on)
    assert not board.from_snapshot and board.previous is None
    assert board.stats.headcount == stats.headcount
    assert [h.key for h in board.headlines] == list(dashboard.HEADLINE_KEYS)
    for headline in board.headlines:
        assert headline.figure == stats[headline.key]
        assert headline.previous is None and headline.points is None


def test_a_snapshot_gives_the_same_figures_as_computing_them(personas, tree, dataset):
    admin = personas["admin"]
    _snapshot(personas, tree["home"], D1)
    stored = dashboard.dashboard_get(user=admin, unit=tree["home"], on=D1)
    computed = dashboard.dashboard_get(
        user=admin, unit=tree["home"], on=D1, recompute=True
    )
    assert stored.from_snapshot and not computed.from_snapshot
    assert stored.stats.figures == computed.stats.figures
    assert stored.stats.mean_age == computed.stats.mean_age == Decimal("42.0")


def test_the_change_since_the_last_snapshot(personas, tree, dataset):
    admin = personas["admin"]
    _snapshot(personas, tree["home"], D1)
    _snapshot(personas, tree["home"], D2)
    # A snapshot of another unit and one without the personnel table: not read.
    _snapshot(personas, tree["other"], dt.date(2023, 6, 30))
    board = dashboard.dashboard_get(user=admin, unit=tree["home"], on=D2)
    assert board.from_snapshot and board.source.on == D2
    assert board.previous.on == D1
    women = next(h for h in board.headlines if h.key == "gender:female")
    # 1 of 4 (25.00%) → 2 of 3 (66.67%): +41.67 points, one more woman.
    assert (women.previous.count, women.previous.share) == (1, Decimal("25.00"))
    assert (women.figure.count, women.figure.share) == (2, Decimal("66.67"))
    assert women.points == Decimal("41.67") and women.count_change == 1
    # Today there is no snapshot: computed now, compared with the newest, D2.
    today = timezone.localdate()
    now = dashboard.dashboard_get(user=admin, unit=tree["home"], on=today)
    assert not now.from_snapshot and now.previous.on == D2
    # The series: both dates, oldest first.
    dates, values = now.series()
    assert dates == [D1, D2]
    assert values["gender:female"] == [Decimal("25.00"), Decimal("66.67")]


def test_no_snapshot_says_so(client, personas, tree, dataset):
    client.force_login(personas["leader"])
    response = client.get(URL, {"on": "01/01/2018"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "chưa có kỳ số liệu" in page
    assert "tính ngay lúc xem" in page
    assert "Số liệu đến ngày 01/01/2018" in page


def test_the_page_from_a_snapshot_with_its_changes(client, personas, tree, dataset):
    _snapshot(personas, tree["home"], D1)
    _snapshot(personas, tree["home"], D2)
    client.force_login(personas["leader"])  # default unit: Sở Nội vụ
    response = client.get(URL, {"on": "01/01/2024"})
    assert response.status_code == 200
    assert response["Vary"].count("HX-Request") == 1
    page = response.content.decode()
    assert "lấy từ kỳ số liệu “Chất lượng cán bộ 2024”" in page
    assert "Thay đổi so với kỳ số liệu ngày 01/01/2018" in page
    assert "66,67%" in page and "+41,67" in page
    # The women's figure links to its people at that date.
    link = (
        f"/thong-ke/nguoi/?key=gender%3Afemale&amp;on=01%2F01%2F2024"
        f"&amp;unit={tree['home'].pk}"
    )
    assert f'<a href="{link}" data-count="2">2</a>' in page
    # Ethnic minority: no list for a leader without the sensitive permission.
    assert "key=ethnic%3Aminority" not in page
    # Charts inline, the time series with both dates.
    assert page.count("<svg") >= 5
    assert 'id="chart-series"' in page and "01/01/2018" in page
    # Today: computed now, with a link to the newest snapshot.
    page = client.get(URL).content.decode()
    assert "tính ngay lúc xem" in page and "Xem kỳ số liệu ngày 01/01/2024" in page


# --- The charts ----------------------------------------------------------------------


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # valid XML, or this raises
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text
    return root


def _texts(root: ET.Element) -> str:
    return " ".join("".join(e.itertext()) for e in root.iter(f"{SVG}text"))


def test_bar_chart_is_valid_svg_with_the_numbers():
    svg = charts.bar_chart(
        chart_id="c1",
        title="Ngạch <công chức> & tương đương",
        bars=[
            charts.Bar("Chuyên viên cao cấp", 3, Decimal("2.50")),
            charts.Bar("Chuyên viên", 1234, Decimal("97.50")),
        ],
        note="Trên tổng số 1.237 người.",
    )
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == "Ngạch <công chức> & tương đương"
    texts = _texts(root)
    assert "3 người · 2,50%" in texts and "1.234 người · 97,50%" in texts
    desc = root.find(f"{SVG}desc").text
    assert "Chuyên viên cao cấp: 3 người · 2,50%" in desc
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")][1:]
    assert widths == [pytest.approx(500 * 2.5 / 97.5, abs=0.1), 500]


def test_a_bar_with_its_denominator_and_an_empty_chart():
    root = _parse(
        charts.bar_chart(
            chart_id="c2", title="Đào tạo", bars=[charts.Bar("Cao cấp", 3, 60, 5)]
        )
    )
    assert "3/5 · 60,00%" in _texts(root)
    root = _parse(charts.bar_chart(chart_id="c3", title="Trống", bars=[]))
    assert "Chưa có số liệu." in _texts(root)


def test_pyramid_and_line_charts_are_valid_svg_with_the_numbers():
    root = _parse(
        charts.pyramid_chart(
            chart_id="p",
            title="Tháp tuổi",
            bands=[charts.Band("≤ 30", 2, 5), charts.Band("31–35", 7, 0)],
        )
    )
    texts = _texts(root)
    assert "Nam (9)" in texts and "Nữ (5)" in texts
    assert "≤ 30: nam 2, nữ 5" in root.find(f"{SVG}desc").text
    root = _parse(
        charts.line_chart(
            chart_id="l",
            title="Diễn biến",
            dates=[D1, D2],
            series=[
                charts.Series("Nữ", [Decimal("25.00"), Decimal("66.67")]),
                charts.Series("Đảng viên", [None, Decimal("50.00")]),
            ],
        )
    )
    assert "66,67%" in _texts(root) and "01/01/2018" in _texts(root)
    desc = root.find(f"{SVG}desc").text
    assert "Nữ: 01/01/2018 25,00%, 01/01/2024 66,67%" in desc
    assert "Đảng viên: 01/01/2018 —" in desc


def test_the_page_charts_parse_as_xml(client, personas, tree, dataset):
    client.force_login(personas["admin"])
    page = client.get(f"{URL}{tree['home'].pk}/", {"on": "01/01/2018"})
    html = page.content.decode()
    svgs = []
    start = html.find("<svg")
    while start != -1:
        end = html.index("</svg>", start) + len("</svg>")
        svgs.append(html[start:end])
        start = html.find("<svg", end)
    svgs = [s for s in svgs if 'class="chart"' in s]
    assert len(svgs) == 4  # grade, degree, LLCT, evaluation (no snapshot: no series)
    for svg in svgs:
        _parse(svg)
    assert "Trên tổng số 4 người." in html


# --- The age pyramid -----------------------------------------------------------------

ON = dt.date(2025, 6, 30)


def test_age_pyramid_of_a_hand_built_unit(personas, tree):
    """Sở Y tế (the outsider's unit) on 30/06/2025, full years on that day:

    A  F  born 01/07/1996: 28 (birthday tomorrow)        -> ≤30, nữ
    B  F  born 30/06/1994: 31 (birthday today)           -> 31-35, nữ
    C  M  born 01/07/1994: 30                            -> ≤30, nam
    D  M  born 30/06/1964: 61                            -> >60, nam
    E  M  born 01/07/1965: 59                            -> 56-60, nam
    H  F  born 31/12/1970: 54                            -> 51-55, nữ
    F  F  born 15/01/1980, left 01/01/2025               -> not in service
    G  M  born 03/03/1985, recruited 01/07/2025          -> not yet in service
    K  F  born 01/01/1990 at Sở Nội vụ                   -> outside the scope

    ≤30: 1 nam, 1 nữ; 31-35: 0, 1; 51-55: 0, 1; 56-60: 1, 0; >60: 1, 0; the others
    0, 0. Total 3 men and 3 women."""
    admin, other = personas["admin"], tree["other"]
    for gender, born, extra in (
        ("F", dt.date(1996, 7, 1), {}),
        ("F", dt.date(1994, 6, 30), {}),
        ("M", dt.date(1994, 7, 1), {}),
        ("M", dt.date(1964, 6, 30), {}),
        ("M", dt.date(1965, 7, 1), {}),
        ("F", dt.date(1970, 12, 31), {}),
        ("F", dt.date(1980, 1, 15), {"left_on": dt.date(2025, 1, 1)}),
        ("M", dt.date(1985, 3, 3), {"recruited_on": dt.date(2025, 7, 1)}),
    ):
        factories.person(
            gender=gender,
            birth_date=born,
            unit=other,
            by=admin,
            start=dt.date(2010, 1, 1),
            **extra,
        )
    factories.person(gender="F", birth_date=dt.date(1990, 1, 1), unit=tree["home"])
    outsider = personas["outsider"]
    with CaptureQueriesContext(connection) as queries:
        bands = dashboard.age_pyramid(user=outsider, unit=other, on=ON)
    counts = {b.key: (b.men, b.women) for b in bands}
    assert counts == {
        "le30": (1, 1),
        "31_35": (0, 1),
        "36_40": (0, 0),
        "41_45": (0, 0),
        "46_50": (0, 0),
        "51_55": (0, 1),
        "56_60": (1, 0),
        "gt60": (1, 0),
    }
    # One aggregate (after the scope and the subtree's ids).
    assert sum("GROUP BY" in q["sql"] for q in queries.captured_queries) == 1
    # The same bands as the statistics engine's.
    stats = personnel_statistics(user=outsider, unit=other, on=ON)
    for band in bands:
        assert band.men + band.women == stats[f"age:{band.key}"].count
    assert sum(b.women for b in bands) == stats["gender:female"].count == 3


# --- The drill-down ------------------------------------------------------------------


def test_children_figures_equal_their_statistics(personas, tree, dataset):
    admin = personas["admin"]
    today = timezone.localdate()
    children = dashboard.children_figures(user=admin, unit=tree["province"], on=today)
    assert [c.unit for c in children] == [tree["home"], tree["other"]]
    for child in children:
        stats = personnel_statistics(user=admin, unit=child.unit, on=today)
        assert child.headcount == stats.headcount
        for key in dashboard.CHILD_KEYS:
            assert child.figures[key] == stats[key], key
    # Today: P1, P4, P6 at Sở Nội vụ (P2 retired, P3 moved), P3 and P5 at Sở Y tế.
    assert [c.headcount for c in children] == [3, 2]


def test_the_children_part_links_each_child(client, personas, tree, dataset):
    client.force_login(personas["leader"])
    response = client.get(URL, {"phan": "children"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page  # the fragment only
    assert 'id="part-children"' in page
    office = tree["office"]
    assert f'<a href="/thong-ke/bang-dieu-khien/{office.pk}/">Phòng Công chức</a>' in (
        page
    )


def test_outside_the_scope_is_404(client, personas, tree, dataset):
    client.force_login(personas["leader"])
    assert client.get(f"{URL}{tree['other'].pk}/").status_code == 404
    assert client.get(f"{URL}{tree['province'].pk}/").status_code == 404
    assert client.get(f"{URL}{tree['office'].pk}/").status_code == 200
    assert client.get(URL, {"phan": "nope"}).status_code == 404
    assert client.get(URL, {"on": "31/02/2020"}).status_code == 400


def test_anonymous_and_auditor(client, personas, settings):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    client.force_login(personas["auditor"])
    assert client.get(URL).status_code == 403


def test_the_paths_and_the_link_on_the_statistics_page(client, personas, tree):
    assert reverse("reports:statistics_dashboard") == URL
    assert reverse("reports:statistics_dashboard_unit", args=[7]) == f"{URL}7/"
    client.force_login(personas["leader"])
    assert f'href="{URL}"' in client.get("/thong-ke/").content.decode()


@pytest.mark.parametrize("part", ["pyramid", "planning", "training"])
def test_the_live_parts(client, personas, tree, dataset, part):
    client.force_login(personas["leader"])
    response = client.get(URL, {"phan": part, "on": "01/01/2024"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="part-{part}"' in page
    start = page.index("<svg")
    _parse(page[start : page.index("</svg>", start) + len("</svg>")])


def _children_queries(client, parent, n: int) -> int:
    for i in range(n):
        child = factories.unit(name=f"Phòng {i + 1}", parent=parent)
        factories.person(unit=child)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}{parent.pk}/", {"phan": "children"})
    assert response.status_code == 200
    assert response.content.decode().count("<tr data-unit=") == n
    return len(queries.captured_queries)


def test_constant_queries_for_2_and_10_children(client, personas, tree):
    client.force_login(personas["admin"])
    two = _children_queries(client, factories.unit(parent=tree["province"]), 2)
    ten = _children_queries(client, factories.unit(parent=tree["province"]), 10)
    assert two == ten


def test_the_pyramid_counts_people_where_they_were_on_the_date(personas, tree):
    """SNV at D1 (tests/reports/test_statistics.py): P1 27 (≤30, F), P2 57 (56-60),
    P3 32 (31-35; at SYT since 2020, but in SNV-CC on D1), P6 52 (51-55): the bands
    add up to the figures' headcount of 4, not to the 3 whose unit is SNV now."""
    statistics_data.build(tree, personas["admin"])
    bands = {
        b.key: (b.men, b.women)
        for b in dashboard.age_pyramid(user=personas["admin"], unit=tree["home"], on=D1)
    }
    assert bands["le30"] == (0, 1)
    assert bands["31_35"] == (1, 0)
    assert bands["51_55"] == (1, 0)
    assert bands["56_60"] == (1, 0)
    assert sum(m + w for m, w in bands.values()) == 4
