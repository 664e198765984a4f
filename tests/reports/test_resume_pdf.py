"""The printed résumé (sơ yếu lý lịch, Mẫu 2C): the PDF read back with pdftotext
(items, histories, footer), the sensitive items only with the permission, markup in
a name printed as text, scope, the access log, a query count that does not grow
with the histories, and page 1 rendered to PNG with pdftoppm."""

import dataclasses
import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cadre_registry import services
from cadre_registry.models import (
    AbroadStay,
    AccessLog,
    Allowance,
    Assignment,
    Discipline,
    DisciplineForm,
    EthnicGroup,
    Evaluation,
    EvaluationLevel,
    FamilyMember,
    Grade,
    PartyPost,
    Position,
    Religion,
    Reward,
    SalaryRecord,
    TrainingRecord,
    WorkHistory,
)
from cadre_registry.selectors import person_get
from reports import pdf
from reports.resume import resume_data
from reports.resume_pdf import build_resume_pdf
from tests import factories

D = dt.date
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing in CI (.ci/run installs poppler-utils)")
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return path


@pytest.fixture
def pdftotext():
    tool = _tool("pdftotext")

    def read(content: bytes) -> str:
        done = subprocess.run(
            [tool, "-enc", "UTF-8", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
        )
        return done.stdout.decode()

    return read


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _url(person) -> str:
    return reverse("person_resume_pdf", args=[person.pk])


def _grade():
    return Grade.objects.get(code="01.003", code_list__key__contains="2021")


@pytest.fixture
def hang(tree, personas):
    """Nguyễn Thị Hằng, chuyên viên of Phòng Công chức, with a row in every
    history and the sensitive facts filled in."""
    clerk = personas["clerk"]
    clerk.last_name, clerk.first_name = "Trần Thị", "Lan"
    clerk.save()
    person = factories.person(
        full_name="Nguyễn Thị Hằng",
        other_names="Hằng Nga",
        gender="F",
        birth_date=D(1984, 5, 1),
        unit=tree["office"],
        position=Position.objects.get(code="chuyen_vien"),
        birthplace="Xã Tân Lập, huyện Đan Phượng, Hà Nội",
        hometown="Xã Yên Sở, huyện Hoài Đức, Hà Nội",
        personnel_code="SNV-0042",
        ethnic_group=EthnicGroup.objects.get(name="Tày"),
        religion=Religion.objects.get(name="Phật giáo"),
        national_id="001184000777",
        national_id_issued_on=D(2021, 6, 10),
        health="Sức khỏe loại một",
        height_cm=158,
        weight_kg=50,
        blood_group="O",
        party_joined_on=D(2010, 5, 19),
        party_official_on=D(2011, 5, 19),
        general_education="12/12",
        foreign_languages="Tiếng Anh B1",
        history_arrests="Chưa từng bị bắt giam",
        history_relatives_abroad="Em trai ở Nhật Bản",
        family_economy="Nhà ở tự mua 60 m2",
        start=D(2015, 1, 1),
    )
    rows = [
        WorkHistory(
            start=D(2006, 9, 1),
            end=D(2014, 12, 31),
            description="Cán sự Phòng Nội vụ huyện Đan Phượng",
        ),
        PartyPost(
            start=D(2020, 1, 1),
            organisation="Chi bộ Phòng Công chức",
            title="Phó Bí thư Chi bộ",
        ),
        TrainingRecord(
            category="chuyen_mon",
            institution="Học viện Hành chính Quốc gia",
            field="Quản lý công",
            mode="Chính quy",
            qualification="Thạc sĩ",
            start=D(2016, 9, 1),
            end=D(2018, 6, 30),
        ),
        SalaryRecord(
            grade=_grade(),
            step=3,
            coefficient=_grade().steps.get(step=3).coefficient,
            start=D(2021, 1, 1),
            decision_number="12/QĐ-SNV",
        ),
        Allowance(kind="chuc_vu", coefficient="0.20", start=D(2022, 1, 1)),
        AbroadStay(
            country="Hàn Quốc", purpose="Học tập kinh nghiệm", start=D(2019, 5, 1)
        ),
        Reward(year=2022, form="Bằng khen của Chủ tịch UBND tỉnh"),
        Evaluation(
            year=2023,
            level=EvaluationLevel.objects.filter(code="tot").first(),
            emulation="Chiến sĩ thi đua",
        ),
        Discipline(
            form=DisciplineForm.objects.get(code="khien_trach"),
            violation="Chậm nộp báo cáo",
            start=D(2018, 3, 1),
            end=D(2019, 3, 1),
        ),
        FamilyMember(
            relation="cha",
            full_name="Nguyễn Văn Bảo",
            birth_year=1955,
            details="Hưu trí",
        ),
        FamilyMember(
            side="spouse", relation="me", full_name="Lê Thị Mận", birth_year=1958
        ),
    ]
    for row in rows:
        services.history_row_save(person=person, row=row, by=clerk)
    return person


def test_pdf_prints_the_form_with_every_history(hang, personas, pdftotext):
    today = timezone.localdate()
    response = _client(personas["clerk"]).get(_url(hang))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="so-yeu-ly-lich-nguyen-thi-hang-{hang.pk}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    text = pdftotext(response.content)
    for expected in (
        "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC",
        "Mẫu 2C-BNV/2008",
        "SNV-0042",
        "Cơ quan, đơn vị có thẩm quyền quản lý CBCC: Sở Nội vụ",
        "Cơ quan, đơn vị sử dụng CBCC: Phòng Công chức",
        "Ảnh màu",
        "1) Họ và tên khai sinh: NGUYỄN THỊ HẰNG",
        "2) Tên gọi khác: Hằng Nga",
        "3) Sinh ngày: 01/05/1984",
        "Giới tính: Nữ",
        "Xã Tân Lập, huyện Đan Phượng, Hà Nội",
        "12) Chức vụ (chức danh) hiện tại: Chuyên viên, Phòng Công chức",
        "Mã ngạch: 01.003",
        "16) Ngày vào Đảng Cộng sản Việt Nam: 19/05/2010",
        "Ngày chính thức: 19/05/2011",
        # 27 training, 28 work (before and in the registry, Party posts), abroad
        "Học viện Hành chính Quốc gia",
        "Thạc sĩ",
        "09/2016 - 06/2018",
        "Cán sự Phòng Nội vụ huyện Đan Phượng",
        "01/2015 - nay",
        "Phó Bí thư Chi bộ, Chi bộ Phòng Công chức",
        "Hàn Quốc",
        # 21 rewards, 31 salary and allowances, 32 evaluations
        "Bằng khen của Chủ tịch UBND tỉnh",
        "12/QĐ-SNV",
        "Phụ cấp chức vụ: 0,20",
        "Hoàn thành tốt nhiệm vụ",
        "Chiến sĩ thi đua",
        # signatures and footer
        "NGƯỜI KHAI",
        "XÁC NHẬN CỦA CƠ QUAN, ĐƠN VỊ",
        "Nguyễn Thị Hằng",
        f"In bởi Trần Thị Lan lúc {today:%d/%m/%Y}",
        "Trang 1/",
    ):
        assert expected in text, expected
    # The clerk holds the sensitive permission: every sensitive item is printed.
    for sensitive in (
        "6) Dân tộc: Tày",
        "7) Tôn giáo: Phật giáo",
        "001184000777",
        "Sức khỏe loại một",
        "Chậm nộp báo cáo",
        "Chưa từng bị bắt giam",
        "Em trai ở Nhật Bản",
        "Nguyễn Văn Bảo",
        "Lê Thị Mận",
        "a) Về bản thân",
        "b) Về bên vợ (hoặc chồng)",
        "Nhà ở tự mua 60 m2",
    ):
        assert sensitive in text, sensitive
    assert "không in" not in text


def test_sensitive_items_are_left_out_without_the_permission(hang, personas, pdftotext):
    text = pdftotext(_client(personas["plainclerk"]).get(_url(hang)).content)
    assert "NGUYỄN THỊ HẰNG" in text and "Học viện Hành chính Quốc gia" in text
    for secret in (
        "Tày",
        "Phật giáo",
        "001184000777",
        "Sức khỏe loại một",
        "158 cm",
        "Chậm nộp báo cáo",
        "Chưa từng bị bắt giam",
        "Em trai ở Nhật Bản",
        "Nguyễn Văn Bảo",
        "Lê Thị Mận",
        "Nhà ở tự mua 60 m2",
    ):
        assert secret not in text, secret
    # The items keep their place and the note says why they are blank.
    assert "6) Dân tộc: —" in text and "7) Tôn giáo: —" in text
    assert "25) Số CCCD: —" in text
    assert "22) Kỷ luật: không in" in text and "30) QUAN HỆ GIA ĐÌNH: không in" in text
    note = " ".join(text.split())
    assert "Các mục 6, 7, 22, 23, 25, 29, 30 là thông tin nhạy cảm" in note
    assert "không có quyền xem thông tin nhạy cảm" in note


def test_markup_in_a_name_is_printed_as_text(tree, personas, pdftotext):
    person = factories.person(full_name="Lê <b>An</b> & Bình", unit=tree["office"])
    response = _client(personas["clerk"]).get(_url(person))
    assert response.status_code == 200
    text = pdftotext(response.content)
    assert "Lê <b>An</b> & Bình" in text  # the signature line
    assert "LÊ <B>AN</B> & BÌNH" in text  # item 1, in capitals as the form asks


def test_outsider_gets_404_and_anonymous_the_login(hang, personas):
    assert _client(personas["outsider"]).get(_url(hang)).status_code == 404
    assert (
        _client(personas["clerk"]).get("/can-bo/999999/so-yeu-ly-lich.pdf").status_code
        == 404
    )
    response = Client().get(_url(hang))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert not AccessLog.objects.filter(action=AccessLog.Action.PRINT).exists()


def test_each_print_is_logged(hang, personas):
    _client(personas["clerk"]).get(_url(hang))
    _client(personas["plainclerk"]).get(_url(hang))
    logs = list(
        AccessLog.objects.filter(action=AccessLog.Action.PRINT).order_by("at", "id")
    )
    assert [log.user for log in logs] == [personas["clerk"], personas["plainclerk"]]
    first, second = logs
    assert first.object_type == "cadre_registry.person"
    assert first.object_id == str(hang.pk)
    assert first.description == "In sơ yếu lý lịch (Mẫu 2C) Nguyễn Thị Hằng"
    assert first.detail["report"] == "resume_2c" and first.detail["format"] == "pdf"
    assert first.detail["sensitive"] is True and first.detail["hidden_items"] == []
    # Work 3 (before, the assignment, the Party post), training, abroad, reward,
    # discipline, 2 family, salary, allowance, evaluation: 12; the second print
    # leaves out the discipline and the family.
    assert first.row_count == 12
    assert second.detail["sensitive"] is False
    assert second.detail["hidden_items"] == ["6", "7", "22", "23", "25", "29", "30"]
    assert second.row_count == 9


def test_the_person_page_links_to_the_print(hang, personas):
    page = _client(personas["leader"]).get(hang.get_absolute_url()).text
    assert f'href="{_url(hang)}"' in page and "In sơ yếu lý lịch (2C)" in page


def _fill(person, n: int) -> None:
    """n rows in every history of the person (bulk: no change history)."""
    grade = _grade()
    coefficient = grade.steps.get(step=1).coefficient
    level = EvaluationLevel.objects.filter(code="tot").first()
    form = DisciplineForm.objects.get(code="khien_trach")
    unit = person.unit
    for i in range(n):
        start, end = D(1990 + i, 1, 1), D(1990 + i, 12, 31)
        common = {"person": person, "start": start, "end": end}
        WorkHistory.objects.create(**common, description=f"Công tác số {i}")
        Assignment.objects.create(
            **common, unit=unit, title=f"Kiêm nhiệm số {i}", is_main=False
        )
        PartyPost.objects.create(**common, organisation="Chi bộ", title=f"Ủy viên {i}")
        TrainingRecord.objects.create(
            **common, category="khac", institution=f"Trường số {i}"
        )
        SalaryRecord.objects.create(
            **common, grade=grade, step=1, coefficient=coefficient
        )
        Allowance.objects.create(**common, kind="khac", percent=5)
        AbroadStay.objects.create(**common, country=f"Nước số {i}")
        Reward.objects.create(person=person, year=1990 + i, form=f"Giấy khen {i}")
        Evaluation.objects.create(person=person, year=1990 + i, level=level)
        Discipline.objects.create(**common, form=form, violation=f"Vi phạm {i}")
        FamilyMember.objects.create(
            person=person, relation="con", full_name=f"Con số {i}", birth_year=2000
        )
    services.person_refresh_current(person=person)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["clerk", "plainclerk"])
def test_queries_do_not_grow_with_the_histories(tree, personas, persona):
    client = _client(personas[persona])
    few = factories.person(full_name="Phạm Văn Ít", unit=tree["office"])
    many = factories.person(full_name="Phạm Văn Nhiều", unit=tree["office"])
    _fill(few, 2)
    _fill(many, 20)
    assert _count(client, _url(few)) == _count(client, _url(many))


def test_a_long_history_repeats_table_headers_and_numbers_pages(
    tree, personas, pdftotext
):
    person = factories.person(full_name="Phạm Văn Nhiều", unit=tree["office"])
    _fill(person, 25)
    text = pdftotext(_client(personas["clerk"]).get(_url(person)).content)
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert f"Trang {number}/{len(pages)}" in page
    for i in (0, 12, 24):
        for row in (f"Công tác số {i}", f"Trường số {i}", f"Con số {i}"):
            assert row in text, row
    # Every work row once, in date order.
    positions = [text.index(f"Công tác số {i}\n") for i in range(25)]
    assert positions == sorted(positions)


def test_a_photo_fills_the_slot(hang, personas, pdftotext):
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 40, 40)).save(image, format="PNG")
    person = person_get(user=personas["clerk"], pk=hang.pk)
    data = resume_data(person=person, show_sensitive=True, on=D(2026, 1, 5))
    data = dataclasses.replace(data, photo=image.getvalue())
    printed = pdf.PrintInfo("Trần Thị Lan", dt.datetime(2026, 1, 5, 9, 0))
    content = build_resume_pdf(data, printed=printed)
    text = pdftotext(content)
    assert "NGUYỄN THỊ HẰNG" in text and "Ảnh màu" not in text
    assert "In bởi Trần Thị Lan lúc 05/01/2026 09:00" in text


def test_missing_font_gives_the_503_page(hang, personas, settings, tmp_path):
    settings.PDF_FONT_DIR = str(tmp_path)
    response = _client(personas["clerk"]).get(_url(hang))
    assert response.status_code == 503 and "fonts-dejavu-core" in response.text
    assert not AccessLog.objects.filter(action=AccessLog.Action.PRINT).exists()


def test_page_one_renders_to_png(hang, personas):
    tool = _tool("pdftoppm")
    response = _client(personas["clerk"]).get(_url(hang))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("resume-2c*.png"):
        old.unlink()
    subprocess.run(
        [
            tool,
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-",
            str(ARTIFACTS / "resume-2c"),
        ],
        input=response.content,
        check=True,
    )
    png = next(ARTIFACTS.glob("resume-2c*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
