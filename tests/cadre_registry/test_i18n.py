"""Vietnamese by default, whatever the browser asks; English when chosen."""

from django.urls import reverse

from cadre_registry.i18n import parse_po, write_mo


def test_vietnamese_even_when_the_browser_prefers_english(client, personas):
    client.force_login(personas["clerk"])
    page = client.get(
        reverse("person_list"), headers={"Accept-Language": "en-US,en;q=0.9"}
    ).content.decode()
    assert "Danh sách cán bộ" in page and 'lang="vi"' in page


def test_english_when_chosen(client, personas):
    client.force_login(personas["clerk"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("person_list")).content.decode()
    assert "Clear filters" in page and 'lang="en"' in page
    assert "Party member" in page  # a filter label from the form


def test_mo_writer_round_trips(tmp_path):
    import gettext

    po = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Đơn vị"\nmsgstr "Units"\n\n#, fuzzy\nmsgid "Lưu"\nmsgstr "Save"\n'
    messages = parse_po(po)
    assert messages["Đơn vị"] == "Units" and "Lưu" not in messages
    write_mo(messages, tmp_path / "x.mo")
    with (tmp_path / "x.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Đơn vị") == "Units"
