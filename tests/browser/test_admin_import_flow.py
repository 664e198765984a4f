"""django-import-export's admin import of units in a real browser: the file is
checked by UnitResource.import_data (the import pages' engine), the preview shows
its counts, the confirm writes the unit and the import is logged."""

import pytest
from playwright.sync_api import expect

from cadre_registry.models import AccessLog, Unit
from tests.browser.conftest import ARTIFACTS, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên"


def _csv(path, *rows):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(path)


def _upload(page, path):
    page.goto("/admin/cadre_registry/unit/import/")
    page.select_option("select[name=format]", label="csv")
    page.set_input_files("input[name=import_file]", path)
    page.click("form[enctype] input[type=submit]")


def test_admin_import_preview_then_confirm(page, tree, personas, tmp_path):
    login(page, "admin", PASSWORD)
    _upload(page, _csv(tmp_path / "sai.csv", "SNV-X,Phòng X,Cơ sở,KHONG-CO"))
    expect(page.locator("h2").first).to_have_text("Một số dòng bị từ chối")
    rejected = page.locator("table.import-preview")
    expect(rejected).to_contain_text("KHONG-CO")
    expect(page.locator("input[name=confirm]")).to_have_count(0)

    _upload(page, _csv(tmp_path / "don-vi.csv", "SNV-TC,Phòng Tổ chức,Cơ sở,SNV"))
    expect(page.locator("ul.import-totals")).to_contain_text("Thêm mới: 1")
    page.screenshot(path=str(ARTIFACTS / "admin-import-preview.png"), full_page=True)
    assert not Unit.objects.filter(code="SNV-TC").exists()
    expect(page.locator("input[name=confirm]")).to_have_value("Xác nhận nhập")
    page.click("input[name=confirm]")
    expect(page.locator("ul.messagelist")).to_contain_text("Đã nhập xong: 1 thêm mới")
    assert Unit.objects.get(code="SNV-TC").parent == tree["home"]
    assert AccessLog.objects.filter(action=AccessLog.Action.IMPORT).count() == 1
