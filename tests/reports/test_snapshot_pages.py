"""The pages of the periodic reports: definitions (administrators define and
schedule them), a definition's snapshots and "Lập số liệu ngay" (always a task,
the page polls for it), a snapshot's figures, what changed since the previous one,
its files (each download logged), freezing and refreshing, and the notices of the
bell. Personas of tests/conftest.py: admin, clerk (organizer of Sở Nội vụ), leader
(the same subtree), outsider (Sở Y tế)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from cadre_registry.models import AccessLog
from reports import services
from reports.models import Notification, Period, ReportDefinition, Snapshot
from reports.tables import BIEU10, PERSONNEL
from reports.tasks import make_snapshot_task
from tests import factories
from tests.conftest import PASSWORD
from tests.training.conftest import course_types  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

DAY1 = dt.date(2020, 12, 31)
DAY2 = dt.date(2023, 12, 31)


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def definition(personas, course_types):  # noqa: F811
    """The clerk's personnel report, sent to the leader as well."""
    return services.definition_create(
        by=personas["admin"],
        name="Chất lượng cán bộ Sở Nội vụ",
        tables=[PERSONNEL],
        period=Period.YEARLY,
        owner=personas["clerk"],
        recipients=[personas["leader"]],
    )


@pytest.fixture
def two_snapshots(definition, tree, personas):
    """31/12/2020: 3 people, 2 women (66.67%); then two men hired in 2022, and
    31/12/2023: 5 people, 2 women (40.00%)."""
    admin = personas["admin"]
    for gender in ("F", "F", "M"):
        factories.person(unit=tree["office"], gender=gender, by=admin)
    first = services.snapshot_make(definition=definition, on=DAY1).snapshot
    for _ in range(2):
        factories.person(
            unit=tree["office"],
            gender="M",
            start=dt.date(2022, 3, 1),
            recruited_on=dt.date(2022, 3, 1),
            by=admin,
        )
    second = services.snapshot_make(
        definition=definition, on=DAY2, by=personas["clerk"]
    ).snapshot
    return first, second


def _form(personas, tree, **overrides):
    data = {
        "name": "Báo cáo đào tạo năm",
        "tables": [BIEU10],
        "unit": tree["home"].pk,
        "period": Period.YEARLY,
        "fixed_date": "",
        "owner": personas["clerk"].pk,
        "recipients": [personas["leader"].pk],
        "scheduled": "on",
        "day_of_month": "5",
        "hour": "3",
        "minute": "30",
    }
    data.update(overrides)
    return data


# --- Definitions ---------------------------------------------------------------------


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("reports:definition_list"))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_list_shows_what_the_user_owns_or_receives(
    client, personas, definition, two_snapshots
):
    admin = personas["admin"]
    services.definition_create(
        by=admin, name="Báo cáo riêng", tables=[BIEU10], period="yearly", owner=admin
    )
    for who, expected in (
        ("clerk", ["Chất lượng cán bộ Sở Nội vụ"]),
        ("leader", ["Chất lượng cán bộ Sở Nội vụ"]),
        ("admin", ["Báo cáo riêng", "Chất lượng cán bộ Sở Nội vụ"]),
        ("outsider", []),
    ):
        client.logout()
        response = _login(client, personas[who]).get(reverse("reports:definition_list"))
        assert response.status_code == 200
        shown = [d.name for d in response.context["definitions"]]
        assert shown == expected, who
    # The latest snapshot of each, as a link.
    client.logout()
    response = _login(client, personas["clerk"]).get(reverse("reports:definition_list"))
    assert reverse("reports:snapshot_detail", args=[two_snapshots[1].pk]) in (
        response.content.decode()
    )


def test_an_administrator_defines_a_report_and_its_schedule(
    client,
    personas,
    tree,
    course_types,  # noqa: F811
):
    _login(client, personas["admin"])
    response = client.post(reverse("reports:definition_create"), _form(personas, tree))
    definition = ReportDefinition.objects.get(name="Báo cáo đào tạo năm")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "reports:definition_detail", args=[definition.pk]
    )
    assert definition.owner == personas["clerk"] and definition.unit == tree["home"]
    assert list(definition.recipients.all()) == [personas["leader"]]
    task = definition.schedule
    assert task.task == "reports.tasks.make_snapshot_task" and task.enabled
    crontab = task.crontab
    # A yearly report runs in January (for the year before).
    assert (crontab.day_of_month, crontab.hour, crontab.minute) == ("5", "3", "30")
    assert crontab.month_of_year == "1"
    page = client.get(reverse("reports:definition_detail", args=[definition.pk]))
    assert "Ngày 5, tháng 1, lúc 3 giờ 30 phút" in page.content.decode()


def test_an_administrator_edits_a_definition_and_pauses_its_schedule(
    client,
    personas,
    tree,
    course_types,  # noqa: F811
):
    _login(client, personas["admin"])
    client.post(reverse("reports:definition_create"), _form(personas, tree))
    definition = ReportDefinition.objects.get()
    url = reverse("reports:definition_edit", args=[definition.pk])
    form = client.get(url).context["form"]
    assert form.initial["hour"] == "3" and form.initial["scheduled"]
    data = _form(
        personas,
        tree,
        name="Báo cáo đào tạo (sửa)",
        period=Period.QUARTERLY,
        scheduled="",
        is_active="on",
        recipients=[],
    )
    response = client.post(url, data)
    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.name == "Báo cáo đào tạo (sửa)"
    assert definition.period == Period.QUARTERLY
    assert not definition.recipients.exists()
    task = PeriodicTask.objects.get(pk=definition.schedule_id)
    assert not task.enabled and task.crontab.month_of_year == "1,4,7,10"


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"tables": ["bieu99"]}, "tables", "Các biểu: lựa chọn không hợp lệ."),
        ({"tables": []}, "tables", "Các biểu: không được để trống."),
        (
            {"period": Period.DATE, "fixed_date": ""},
            "fixed_date",
            "Ngày số liệu: cần nhập",
        ),
        (
            {"period": Period.DATE, "fixed_date": "31/02/2026"},
            "fixed_date",
            "Ngày số liệu: ngày không hợp lệ",
        ),
        ({"hour": "25"}, "hour", "Giờ: phải nhỏ hơn hoặc bằng 23."),
        ({"day_of_month": "32"}, "day_of_month", "Ngày trong tháng: nhập số"),
        ({"unit": "999999"}, "unit", "Đơn vị: lựa chọn không hợp lệ."),
    ],
)
def test_bad_definitions_are_refused_naming_the_field(
    client,
    personas,
    tree,
    course_types,  # noqa: F811
    overrides,
    field,
    message,
):
    _login(client, personas["admin"])
    response = client.post(
        reverse("reports:definition_create"), _form(personas, tree, **overrides)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(e.startswith(message) for e in errors), errors
    assert message in response.content.decode()
    assert not ReportDefinition.objects.exists()


def test_a_unit_outside_the_owners_scope_is_refused(
    client,
    personas,
    tree,
    course_types,  # noqa: F811
):
    _login(client, personas["admin"])
    response = client.post(
        reverse("reports:definition_create"),
        _form(personas, tree, unit=tree["other"].pk),  # Sở Y tế, not the clerk's
    )
    assert response.status_code == 400
    assert response.context["form"].errors["unit"] == [
        "Đơn vị nằm ngoài phạm vi của người phụ trách báo cáo."
    ]
    assert not ReportDefinition.objects.exists()
    assert not PeriodicTask.objects.filter(task=services.TASK_NAME).exists()


def test_only_administrators_define_or_edit(client, personas, definition, tree):
    _login(client, personas["clerk"])
    assert client.get(reverse("reports:definition_create")).status_code == 403
    response = client.post(reverse("reports:definition_create"), _form(personas, tree))
    assert response.status_code == 403
    # The owner sees the definition, and may not change it.
    edit = reverse("reports:definition_edit", args=[definition.pk])
    assert client.get(edit).status_code == 403
    client.logout()
    _login(client, personas["outsider"])
    assert client.get(edit).status_code == 404
    detail = reverse("reports:definition_detail", args=[definition.pk])
    assert client.get(detail).status_code == 404


# --- A definition's snapshots and "Lập số liệu ngay" ---------------------------------


def test_a_definitions_page_lists_its_snapshots(
    client, personas, definition, two_snapshots
):
    _login(client, personas["leader"])
    response = client.get(reverse("reports:definition_detail", args=[definition.pk]))
    assert response.status_code == 200
    assert response.context["snapshots"] == [two_snapshots[1], two_snapshots[0]]
    text = response.content.decode()
    assert "31/12/2023" in text and "31/12/2020" in text
    assert "tự động" in text  # the first was made by no one (the beat's way)
    assert "Hồ sơ #" in text  # the data version
    # A leader who is only a recipient does not make snapshots.
    assert response.context["form"] is None
    assert "Lập số liệu ngay" not in text


def test_make_now_sends_the_task_and_the_page_polls_for_it(
    client, personas, definition, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        make_snapshot_task, "delay", lambda *a, **kw: sent.append((a, kw))
    )
    _login(client, personas["clerk"])
    url = reverse("reports:snapshot_request", args=[definition.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"on": "30/06/2024"})
    assert sent == [((definition.pk, "2024-06-30"), {"by_id": personas["clerk"].pk})]
    detail = reverse("reports:definition_detail", args=[definition.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{detail}?cho=2024-06-30"
    # Nothing is made in the request: the page waits, and htmx polls a fragment.
    assert not Snapshot.objects.exists()
    page = client.get(response["Location"])
    assert 'hx-trigger="every 1s"' in page.content.decode()
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body and "Đang lập số liệu đến ngày 30/06/2024" in body
    assert "HX-Request" in fragment["Vary"]
    # What the worker does with the message; the next poll shows it and stops.
    make_snapshot_task.apply(
        args=sent[0][0], kwargs=sent[0][1]
    )  # .apply runs the task body here
    snapshot = Snapshot.objects.get()
    assert snapshot.made_by == personas["clerk"]
    body = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in body and "30/06/2024" in body


def test_make_now_refuses_a_bad_date_in_vietnamese(
    client, personas, definition, monkeypatch
):
    monkeypatch.setattr(make_snapshot_task, "delay", pytest.fail)
    _login(client, personas["clerk"])
    url = reverse("reports:snapshot_request", args=[definition.pk])
    for value, message in (
        ("31/13/2024", "Số liệu tính đến ngày: ngày không hợp lệ"),
        ("", "Số liệu tính đến ngày: không được để trống."),
        ("01/01/2099", "Số liệu tính đến ngày: không được sau ngày hôm nay."),
    ):
        response = client.post(url, {"on": value})
        assert response.status_code == 400
        assert message in response.content.decode()


def test_make_now_for_a_date_already_made_opens_it(
    client, personas, definition, two_snapshots, monkeypatch
):
    monkeypatch.setattr(make_snapshot_task, "delay", pytest.fail)
    _login(client, personas["clerk"])
    response = client.post(
        reverse("reports:snapshot_request", args=[definition.pk]),
        {"on": "31/12/2023"},
    )
    assert response["Location"] == reverse(
        "reports:snapshot_detail", args=[two_snapshots[1].pk]
    )


def test_only_the_owner_or_an_administrator_makes_a_snapshot(
    client, personas, definition
):
    url = reverse("reports:snapshot_request", args=[definition.pk])
    _login(client, personas["leader"])
    assert client.post(url, {"on": "31/12/2024"}).status_code == 403
    client.logout()
    _login(client, personas["outsider"])
    assert client.post(url, {"on": "31/12/2024"}).status_code == 404


# --- A snapshot ----------------------------------------------------------------------


def test_a_snapshot_shows_its_figures_and_what_changed(client, personas, two_snapshots):
    first, second = two_snapshots
    _login(client, personas["leader"])
    response = client.get(reverse("reports:snapshot_detail", args=[second.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Chất lượng cán bộ Sở Nội vụ · số liệu đến ngày 31/12/2023" in text
    assert "bởi clerk" in text  # made on the page, not by the beat
    (table,) = response.context["tables"]
    women = next(
        r["figure"]
        for r in table["rows"]
        if "figure" in r and r["figure"]["key"] == "gender:female"
    )
    assert (women["count"], women["denominator"], women["share"]) == (2, 5, "40.00")
    assert response.context["previous"] == first
    ((_, changes),) = response.context["changes"]
    by_label = {c.label: c for c in changes if not c.heading}
    total = by_label["Tổng số cán bộ"]
    assert (total.before, total.after, total.difference) == (3, 5, 2)
    women = by_label["Nữ"]
    assert (women.before, women.after, women.difference) == (2, 2, 0)
    assert (str(women.before_share), str(women.after_share)) == ("66.67", "40.00")
    assert str(women.share_difference) == "-26.67"
    men = by_label["Nam"]
    assert (men.before, men.after, str(men.share_difference)) == (1, 3, "26.67")
    # Shares as the statistics page shows them: the Vietnamese decimal comma.
    assert "66,67 → 40,00" in text and "-26,67" in text and "+2" in text
    # The first snapshot has nothing before it.
    response = client.get(reverse("reports:snapshot_detail", args=[first.pk]))
    assert "Đây là kỳ số liệu đầu tiên" in response.content.decode()


def test_a_snapshot_is_visible_to_owner_recipients_and_admins_only(
    client, personas, two_snapshots
):
    url = reverse("reports:snapshot_detail", args=[two_snapshots[0].pk])
    for who, status in (
        ("clerk", 200),
        ("leader", 200),
        ("admin", 200),
        ("outsider", 404),
        ("plainclerk", 404),  # same subtree, neither owner nor recipient
        ("auditor", 404),
    ):
        client.logout()
        assert _login(client, personas[who]).get(url).status_code == status, who
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    _login(client, personas["admin"])
    assert client.get("/thong-ke/ky-so-lieu/99999999999/").status_code == 404


def test_a_download_is_logged(client, personas, two_snapshots):
    snapshot = two_snapshots[1]
    stored = snapshot.files.get(format="xlsx")
    _login(client, personas["leader"])
    page = client.get(reverse("reports:snapshot_detail", args=[snapshot.pk]))
    url = reverse("reports:snapshot_file", args=[snapshot.pk, stored.pk])
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response.content[:2] == b"PK"  # a workbook
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.xlsx"')
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert log.user == personas["leader"]
    assert (log.object_type, log.object_id) == ("reports.snapshot", str(snapshot.pk))
    assert "31/12/2023" in log.description
    assert log.detail["file"] == stored.pk and log.detail["format"] == "xlsx"
    # Another snapshot's file through this one's address is not found.
    other = two_snapshots[0].files.get(format="xlsx")
    bad = reverse("reports:snapshot_file", args=[snapshot.pk, other.pk])
    assert client.get(bad).status_code == 404
    client.logout()
    _login(client, personas["outsider"])
    assert client.get(url).status_code == 404
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count() == 1


def test_a_leader_freezes_and_a_clerk_cannot(client, personas, two_snapshots):
    snapshot = two_snapshots[1]
    freeze = reverse("reports:snapshot_freeze", args=[snapshot.pk])
    detail = reverse("reports:snapshot_detail", args=[snapshot.pk])
    _login(client, personas["clerk"])
    page = client.get(detail).content.decode()
    assert "Chốt số liệu</button>" not in page and "Tính lại" in page
    assert client.post(freeze).status_code == 403
    client.logout()
    _login(client, personas["outsider"])
    assert client.post(freeze).status_code == 404
    client.logout()
    _login(client, personas["leader"])
    page = client.get(detail).content.decode()
    assert "Chốt số liệu</button>" in page
    assert "Tính lại" not in page  # the leader is not the owner
    response = client.post(freeze)
    assert response.status_code == 302 and response["Location"] == detail
    snapshot.refresh_from_db()
    assert snapshot.frozen_by == personas["leader"]
    page = client.get(detail).content.decode()
    assert "Đã chốt" in page and "bởi leader" in page
    assert "Chốt số liệu</button>" not in page
    # Twice: refused with the time it was frozen, 400, not a server error.
    response = client.post(freeze)
    assert response.status_code == 400
    assert "Số liệu đã được chốt lúc" in response.content.decode()
    # The owner is offered no refresh of a frozen snapshot, and is refused one.
    client.logout()
    _login(client, personas["clerk"])
    assert "Tính lại" not in client.get(detail).content.decode()
    response = client.post(reverse("reports:snapshot_refresh", args=[snapshot.pk]))
    assert response.status_code == 400
    assert "đã được chốt" in response.content.decode()


def test_the_owner_refreshes_an_unfrozen_snapshot(
    client, personas, tree, two_snapshots
):
    first = two_snapshots[0]
    factories.person(unit=tree["office"], gender="F", by=personas["admin"])
    refresh = reverse("reports:snapshot_refresh", args=[first.pk])
    _login(client, personas["leader"])
    assert client.post(refresh).status_code == 403  # a recipient, not the owner
    client.logout()
    _login(client, personas["clerk"])
    response = client.post(refresh)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.figures[PERSONNEL]["headcount"] == 4
    assert first.made_by == personas["clerk"]


# --- Notifications -------------------------------------------------------------------


def test_the_bell_counts_unread_notices_and_opening_one_reads_it(
    client, personas, two_snapshots
):
    first, second = two_snapshots
    leader = personas["leader"]
    _login(client, leader)
    # The page itself asks nothing of the notices: htmx loads the count.
    page = client.get(reverse("reports:definition_list")).content.decode()
    assert reverse("reports:notification_bell") in page
    bell = client.get(reverse("reports:notification_bell"), HTTP_HX_REQUEST="true")
    assert '<span class="bell-count" id="bell-count">2</span>' in bell.content.decode()
    listing = client.get(reverse("reports:notification_list"))
    assert [n.snapshot for n in listing.context["notices"]] == [second, first]
    notice = Notification.objects.get(user=leader, snapshot=second)
    assert reverse("reports:notification_open", args=[notice.pk]) in (
        listing.content.decode()
    )
    response = client.get(reverse("reports:notification_open", args=[notice.pk]))
    assert response["Location"] == reverse("reports:snapshot_detail", args=[second.pk])
    notice.refresh_from_db()
    assert notice.read_at is not None
    bell = client.get(reverse("reports:notification_bell")).content.decode()
    assert ">1</span>" in bell
    # Opening the snapshot itself reads its notice too.
    client.get(reverse("reports:snapshot_detail", args=[first.pk]))
    bell = client.get(reverse("reports:notification_bell")).content.decode()
    assert "hidden" in bell and ">0</span>" in bell
    # Someone else's notice is not found.
    clerks = Notification.objects.get(user=personas["clerk"], snapshot=first)
    open_clerks = reverse("reports:notification_open", args=[clerks.pk])
    assert client.get(open_clerks).status_code == 404


def test_reading_all_notices(client, personas, two_snapshots):
    leader = personas["leader"]
    _login(client, leader)
    response = client.post(reverse("reports:notification_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=leader, read_at__isnull=True).exists()
    assert Notification.objects.filter(
        user=personas["clerk"], read_at__isnull=True
    ).exists()


def test_the_notice_links_to_the_snapshot_page(two_snapshots):
    notice = Notification.objects.filter(snapshot=two_snapshots[0]).first()
    assert notice.url == reverse("reports:snapshot_detail", args=[two_snapshots[0].pk])
    assert notice.url == f"/thong-ke/ky-so-lieu/{two_snapshots[0].pk}/"


# --- Query budgets -------------------------------------------------------------------


def _more_snapshots(definition, personas, count):
    admin = personas["admin"]
    for year in range(2000, 2000 + count):
        services.snapshot_make(definition=definition, on=dt.date(year, 6, 30))
    services.definition_create(
        by=admin,
        name=f"Báo cáo thêm {count}",
        tables=[BIEU10],
        period="yearly",
        owner=personas["clerk"],
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_number_of_snapshots(
    client,
    personas,
    definition,
    two_snapshots,
):
    _login(client, personas["clerk"])
    urls = [
        reverse("reports:definition_list"),
        reverse("reports:definition_detail", args=[definition.pk]),
        reverse("reports:snapshot_detail", args=[two_snapshots[1].pk]),
        reverse("reports:notification_list"),
    ]
    before = [_queries(client, u) for u in urls]
    _more_snapshots(definition, personas, 6)
    after = [_queries(client, u) for u in urls]
    assert after == before
    assert max(before) <= 12, before
