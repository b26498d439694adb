import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_demo_login_reaches_my_work(personas, page, login):
    login("wumi")
    page.goto("/organizations/me/")
    assert page.locator("h1").inner_text() == "我的工作"
    assert "办公室副主任" in page.content()


def test_a_wrong_password_is_refused_in_chinese(personas, page, login):
    login("wumi", "wrong-password")
    assert "用户名或密码不正确" in page.content()
