"""Two-factor sign-in in a real browser (Debian's Chromium) under the Content-Security-Policy:
enrolment by the secret shown beside the QR code, the recovery codes, then the code after the
password; the browser reports no policy violation on the way."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device, drift=0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:06d}"


def _watch_policy(page) -> list[str]:
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_staff_enrol_and_then_give_the_code_after_the_password(personas, page, login, settings):
    settings.DWGK_REQUIRE_2FA = True
    violations = _watch_policy(page)
    login("wumi")
    assert page.locator("h1").inner_text() == "启用两步验证"
    assert page.locator(".qr-code svg").is_visible()
    box = page.locator(".qr-code svg").bounding_box()
    assert box["width"] > 100  # sized by the stylesheet, not by an inline style
    secret = page.locator(".otp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    device = TOTPDevice.objects.get(user=personas.office, confirmed=False)
    page.fill("#id_code", _code(device))
    page.click("main form button[type=submit]")
    assert page.locator(".recovery-codes li").count() == 10
    page.click("text=我已保存恢复码，继续")
    assert page.locator("h1").inner_text() == "我的工作"
    page.click("header form button[type=submit]")  # 退出
    page.wait_for_load_state()

    login("wumi")
    assert page.locator("h1").inner_text() == "两步验证"
    # The next time step's code (accepted within the device's tolerance): a code is used once.
    page.fill("#id_code", _code(device, drift=1))
    # Wait for the answer's page itself: on a busy machine the old page may still be loaded.
    with page.expect_navigation():
        page.click("main form.stacked-form button[type=submit]")
    assert page.locator("h1").inner_text() == "我的工作"
    assert not violations, violations


def test_a_locked_out_login_says_how_long_to_wait(personas, page, login, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        login("wumi", "wrong-password")
    login("wumi")
    assert "登录失败次数过多" in page.content()
    assert "分钟后再试" in page.content()
