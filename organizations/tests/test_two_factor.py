"""Two-factor sign-in (django-otp TOTP): required of staff when DWGK_REQUIRE_2FA is on, enrolment
by QR code with a confirming code, ten one-time recovery codes, the code asked after the password
before any page (site, back office, cached member pages), members may opt in; idle staff sessions
end."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Event
from organizations.demo import DEMO_PASSWORD
from organizations.services import totp_device_prepare, two_factor_enrol
from organizations.signin import STAFF_SEEN, TWO_FACTOR_STEP
from pagecache.models import CachedPage

pytestmark = pytest.mark.django_db

ENROL, VERIFY, MY_WORK = (
    "/organizations/me/two-factor/",
    "/organizations/me/two-factor/verify/",
    "/organizations/me/",
)


@pytest.fixture
def required(settings):
    settings.DWGK_REQUIRE_2FA = True


def _code(device) -> str:
    """The authenticator's code now (time_machine moves the clock totp reads)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def _sign_in(user, path="/accounts/login/") -> Client:
    client = Client()
    response = client.post(path, {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = totp_device_prepare(user=user)
    return device, two_factor_enrol(device=device, actor=user)


def _later(minutes=1):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


@pytest.mark.parametrize("who", ["office", "approver", "unit_admin", "upper", "superuser"])
def test_it_sends_staff_without_a_device_to_enrolment_when_required(personas, required, who):
    client = _sign_in(getattr(personas, who))
    response = client.get(MY_WORK)
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Forganizations%2Fme%2F"
    assert client.get("/").status_code == 302  # before any page, public ones too


@pytest.mark.parametrize("who", ["member", "drafter", "supervisor"])
def test_it_does_not_require_two_factor_of_others(personas, required, who):
    assert _sign_in(getattr(personas, who)).get(MY_WORK).status_code == 200


def test_it_does_not_require_two_factor_when_the_setting_is_off(personas, settings):
    settings.DWGK_REQUIRE_2FA = False
    assert _sign_in(personas.office).get(MY_WORK).status_code == 200


def test_the_enrolment_page_shows_an_inline_qr_code_and_the_secret(personas, required):
    client = _sign_in(personas.office)
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=personas.office, confirmed=False)
    assert re.search(r"<svg[^>]*>.*<path", page, re.S)
    assert "style=" not in page and "<script" not in page
    assert device.config_url not in page  # the QR code is drawn here, not fetched
    secret = re.search(r'class="otp-secret">([A-Z2-7]+)<', page).group(1)
    assert len(secret) == 32
    assert client.get(ENROL).content.decode().count(secret) == 1  # the same device on reload


def test_it_refuses_an_enrolment_with_a_wrong_code(personas, required):
    client = _sign_in(personas.office)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=personas.office, confirmed=True).exists()
    assert client.get(MY_WORK).status_code == 302


def test_an_enrolment_confirmed_with_a_valid_code_shows_ten_recovery_codes_once(personas, required):
    client = _sign_in(personas.office)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=personas.office)
    response = client.post(ENROL, {"code": _code(device), "next": "/obligations/"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(set(codes)) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    assert client.get(MY_WORK).status_code == 200  # verified in this session
    manage = client.get(ENROL).content.decode()
    assert "剩余恢复码：10个" in manage
    assert not any(code in manage for code in codes)  # shown once
    assert Event.objects.filter(action="two_factor.enrolled", actor=personas.office).exists()


def test_after_the_password_a_user_with_a_device_is_asked_for_the_code(personas):
    device, _codes = _enrolled(personas.office)
    client = _sign_in(personas.office)
    for path in [
        "/",
        MY_WORK,
        "/my/",
        "/search/?q=x",
        ENROL,
        "/api/workdays/add?date=2026-05-06&n=1",
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{VERIFY}?next="), path
    with _later():
        response = client.post(VERIFY, {"code": _code(device), "next": "/obligations/"})
    assert response.status_code == 302 and response["Location"] == "/obligations/"
    assert client.get(MY_WORK).status_code == 200
    assert Event.objects.filter(action="user.two_factor_passed").count() == 1


def test_the_back_office_asks_for_the_code_too(personas):
    _enrolled(personas.unit_admin)
    client = _sign_in(personas.unit_admin, path="/admin/login/?next=/admin/")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"


def test_it_refuses_a_wrong_code_and_slows_down_guessing(personas):
    device, _codes = _enrolled(personas.office)
    client = _sign_in(personas.office)
    with _later():
        assert client.post(VERIFY, {"code": "123456"}).status_code == 400
        # Right after a wrong code even the right one is refused (django-otp's throttling).
        assert client.post(VERIFY, {"code": _code(device)}).status_code == 400
    assert client.get(MY_WORK).status_code == 302
    with _later(2):
        assert client.post(VERIFY, {"code": _code(device)}).status_code == 302
    assert client.get(MY_WORK).status_code == 200
    assert Event.objects.filter(action="user.two_factor_failed").count() == 2


def test_a_recovery_code_works_once(personas):
    _device, codes = _enrolled(personas.office)
    first = _sign_in(personas.office)
    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get(MY_WORK).status_code == 200
    second = _sign_in(personas.office)
    with _later():
        assert second.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert StaticToken.objects.count() == 9


def test_the_code_step_gives_the_session_a_new_key(personas):
    device, _codes = _enrolled(personas.member)
    client = _sign_in(personas.member)
    before = client.cookies["sessionid"].value
    with _later():
        client.post(VERIFY, {"code": _code(device)})
    assert client.cookies["sessionid"].value != before


def test_a_stored_member_page_is_not_served_to_a_session_owing_the_code(personas):
    device, _codes = _enrolled(personas.member)
    client = _sign_in(personas.member)
    with _later():
        client.post(VERIFY, {"code": _code(device)})
        for _i in range(2):  # rendered and stored, then served from the page cache
            assert client.get("/my/").status_code == 200
        assert CachedPage.objects.exists()
        # The same session owing the code again: the stored page is there, but not served.
        session = client.session
        session[TWO_FACTOR_STEP] = "verify"
        session.save()
        response = client.get("/my/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_the_enrolment_page_is_closed_to_a_session_owing_the_code(personas):
    _enrolled(personas.member)
    client = _sign_in(personas.member)
    assert client.post(ENROL, {"action": "disable"}).status_code == 302
    assert TOTPDevice.objects.filter(user=personas.member, confirmed=True).exists()


def test_signing_out_works_while_the_code_is_owed(personas):
    _enrolled(personas.member)
    client = _sign_in(personas.member)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get(MY_WORK)["Location"].startswith("/accounts/login/")


def test_a_member_may_opt_in_from_the_account_page_and_is_then_asked(personas):
    client = personas.client(personas.member)
    assert ENROL in client.get(MY_WORK).content.decode()
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=personas.member)
    assert client.post(ENROL, {"code": _code(device)}).status_code == 200
    assert _sign_in(personas.member).get("/my/").status_code == 302


def test_a_member_may_turn_it_off(personas):
    client = personas.client(personas.member)  # signed in, then enrolled
    _enrolled(personas.member)
    assert client.post(ENROL, {"action": "disable"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.member).exists()
    assert _sign_in(personas.member).get("/my/").status_code == 200


def test_it_refuses_to_turn_it_off_for_staff_when_required(personas, required):
    device, _codes = _enrolled(personas.office)
    client = _sign_in(personas.office)
    with _later():
        client.post(VERIFY, {"code": _code(device)})
    response = client.post(ENROL, {"action": "disable"})
    assert response.status_code == 400
    assert "必须使用两步验证" in response.content.decode()
    assert TOTPDevice.objects.filter(user=personas.office).exists()


def test_new_recovery_codes_replace_the_old_ones(personas):
    client = personas.client(personas.member)
    _device, old = _enrolled(personas.member)
    page = client.post(ENROL, {"action": "renew"}).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_it_refuses_an_unknown_action_and_anonymous_visitors(personas):
    client = personas.client(personas.member)
    _enrolled(personas.member)
    assert client.post(ENROL, {"action": "x"}).status_code == 400
    assert Client().get(ENROL).status_code == 302
    assert Client().get(VERIFY).status_code == 302
    assert client.put(ENROL).status_code == 405


def test_an_idle_staff_session_ends(personas, settings):
    settings.DWGK_STAFF_IDLE_MINUTES = 30
    client = _sign_in(personas.office)
    with _later(20):
        assert client.get(MY_WORK).status_code == 200
    with _later(45):  # 25 minutes after the last request
        assert client.get(MY_WORK).status_code == 200
    with _later(76):
        response = client.get(MY_WORK)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert client.get(MY_WORK).status_code == 302


def test_the_sign_in_gate_ends_a_staff_session_idle_longer_than_allowed(personas, settings):
    settings.DWGK_STAFF_IDLE_MINUTES = 30
    client = _sign_in(personas.office)
    session = client.session  # the row would live on (saved for another reason just now)
    session[STAFF_SEEN] -= 31 * 60
    session.save()
    response = client.get(MY_WORK)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Event.objects.filter(
        action="user.signed_out_idle", target_id=personas.office.pk
    ).exists()
    assert client.get(MY_WORK).status_code == 302


def test_a_members_session_does_not_end_when_idle(personas, settings):
    settings.DWGK_STAFF_IDLE_MINUTES = 30
    client = _sign_in(personas.member)
    with _later(120):
        assert client.get(MY_WORK).status_code == 200
