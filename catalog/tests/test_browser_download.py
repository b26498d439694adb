import openpyxl
import pytest

from catalog.tests.helpers import load_seed_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_opens_the_catalog_and_downloads_the_xlsx(personas, page, login, tmp_path):
    load_seed_catalog()
    login("zhangwei")
    page.goto("/catalog/yytjj/")
    assert page.locator("h1").inner_text() == "岳阳市统计局党组党务公开目录"
    assert page.locator("table.catalog-table tbody tr").count() == 35
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel表格（xlsx）").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    sheet = openpyxl.load_workbook(target).active
    assert sheet["A1"].value == "岳阳市统计局党组党务公开目录"
    assert sheet.max_row == 3 + 35
    assert sheet["C20"].value == "党费收缴、管理和使用情况"


def test_the_date_picker_works_without_javascript(personas, browser, live_server):
    load_seed_catalog()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/catalog/yytjj/")
    page.fill("#on", "2010-01-01")
    page.get_by_role("button", name="查看", exact=True).click()
    assert "2010-01-01没有施行的党务公开目录" in page.content()
    context.close()
