"""Login throttling (django-axes): a username is locked from one address after too many wrong
passwords, on the site and in the back office; the page says how long to wait; other addresses are
not affected; the unit's administrator or the superuser can unlock; all of it is in the audit trail."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from audit.models import Event
from organizations.demo import DEMO_PASSWORD
from organizations.services import account_unlock

pytestmark = pytest.mark.django_db

SITE, BACK_OFFICE = "/accounts/login/", "/admin/login/"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


def _post(user, password, *, path=SITE, address="198.51.100.7", client=None, **extra):
    client = client or Client()
    data = {"username": user.username, "password": password}
    return client.post(path, data, REMOTE_ADDR=address, **extra)


def _fail(user, times, **kwargs):
    return [_post(user, "wrong-password", **kwargs) for _i in range(times)]


def _signed_in(response) -> bool:
    return response.status_code == 302 and "sessionid" in response.cookies


def test_it_locks_a_username_from_an_address_after_five_wrong_passwords(personas):
    answers = _fail(personas.member, 5)
    assert [a.status_code for a in answers[:4]] == [200] * 4
    assert answers[4].status_code == 429
    refused = _post(personas.member, DEMO_PASSWORD)
    assert refused.status_code == 429
    assert not _signed_in(refused)
    page = refused.content.decode()
    assert "登录失败次数过多" in page and "请15分钟后再试" in page


def test_it_counts_the_minutes_left(personas):
    _fail(personas.member, 5)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10, seconds=30)):
        page = _post(personas.member, DEMO_PASSWORD).content.decode()
    assert "请5分钟后再试" in page


def test_it_locks_the_back_office_login_too(personas):
    answers = _fail(personas.unit_admin, 5, path=BACK_OFFICE)
    assert answers[4].status_code == 429
    refused = _post(personas.unit_admin, DEMO_PASSWORD, path=BACK_OFFICE)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "登录失败次数过多" in page and 'class="errornote"' in page


def test_a_lockout_on_the_site_holds_in_the_back_office(personas):
    _fail(personas.unit_admin, 5)
    assert _post(personas.unit_admin, DEMO_PASSWORD, path=BACK_OFFICE).status_code == 429


def test_it_tells_an_english_reader_in_english(personas):
    client = Client()
    client.cookies["django_language"] = "en"
    _fail(personas.member, 5, client=client)
    page = _post(personas.member, DEMO_PASSWORD, client=client).content.decode()
    assert "try again in 15 minutes" in page


def test_another_address_is_not_locked(personas):
    _fail(personas.member, 6)
    assert _signed_in(_post(personas.member, DEMO_PASSWORD, address="198.51.100.8"))


def test_another_username_from_the_same_address_is_not_locked(personas):
    _fail(personas.member, 6)
    assert _signed_in(_post(personas.supervisor, DEMO_PASSWORD))


def test_it_locks_the_address_behind_the_trusted_proxy(personas, settings):
    settings.DWGK_TRUSTED_PROXIES = ["127.0.0.1"]
    _fail(personas.member, 5, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = _post(
        personas.member, DEMO_PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert locked.status_code == 429
    other = _post(
        personas.member, DEMO_PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6"
    )
    assert _signed_in(other)


def test_it_refuses_to_believe_a_forwarded_address_from_an_untrusted_client(personas, settings):
    settings.DWGK_TRUSTED_PROXIES = ["127.0.0.1"]
    for n in range(5):  # a new made-up address every time
        _post(personas.member, "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    locked = _post(personas.member, DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert locked.status_code == 429


def test_the_lockout_ends_after_the_cool_off(personas):
    _fail(personas.member, 5)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert _signed_in(_post(personas.member, DEMO_PASSWORD))


def test_tries_during_the_lockout_do_not_prolong_it(personas):
    _fail(personas.member, 5)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        _fail(personas.member, 3)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert _signed_in(_post(personas.member, DEMO_PASSWORD))


def test_a_successful_login_clears_the_failures(personas):
    _fail(personas.member, 4)
    assert _signed_in(_post(personas.member, DEMO_PASSWORD))
    _fail(personas.member, 4)
    assert _signed_in(_post(personas.member, DEMO_PASSWORD))


def test_the_unit_administrator_unlocks_a_person_of_their_unit(personas):
    _fail(personas.member, 5)
    admin = personas.client(personas.unit_admin)
    response = admin.post(
        "/admin/organizations/user/",
        {"action": "unlock_login", "_selected_action": [personas.member.pk]},
    )
    assert response.status_code == 302
    assert _signed_in(_post(personas.member, DEMO_PASSWORD))
    event = Event.objects.get(action="user.unlocked", target_id=str(personas.member.pk))
    assert event.actor == personas.unit_admin
    assert event.unit == personas.unit


def test_it_refuses_an_unlock_by_another_units_administrator(personas):
    _fail(personas.member, 5)
    with pytest.raises(PermissionDenied):
        account_unlock(user=personas.member, actor=personas.other_admin)
    assert _post(personas.member, DEMO_PASSWORD).status_code == 429
    assert not Event.objects.filter(action="user.unlocked").exists()


@pytest.mark.parametrize("who", ["office", "member", "approver", "supervisor"])
def test_it_refuses_an_unlock_by_anyone_but_an_administrator(personas, who):
    _fail(personas.drafter, 5)
    with pytest.raises(PermissionDenied):
        account_unlock(user=personas.drafter, actor=getattr(personas, who))


def test_another_units_administrator_does_not_even_see_the_person(personas):
    _fail(personas.member, 5)
    personas.client(personas.other_admin).post(
        "/admin/organizations/user/",
        {"action": "unlock_login", "_selected_action": [personas.member.pk]},
    )
    assert _post(personas.member, DEMO_PASSWORD).status_code == 429


def test_the_superuser_unlocks_anyone(personas):
    _fail(personas.outsider, 5, path=BACK_OFFICE)
    assert account_unlock(user=personas.outsider, actor=personas.superuser) == 1
    assert _signed_in(_post(personas.outsider, DEMO_PASSWORD))


def test_sign_ins_failures_and_lockouts_reach_the_audit_trail(personas):
    _fail(personas.member, 5)
    _post(personas.member, DEMO_PASSWORD, address="198.51.100.9")
    events = Event.objects.filter(target_type="organizations.user", target_id=personas.member.pk)
    actions = list(events.values_list("action", flat=True))
    assert actions.count("user.login_failed") == 5
    assert actions.count("user.locked_out") == 1
    signed_in = events.get(action="user.signed_in")
    assert signed_in.comment == "198.51.100.9"
    assert signed_in.unit == personas.unit


def test_a_failed_login_for_an_unknown_name_is_recorded_too(personas):
    Client().post(SITE, {"username": "nobody", "password": "x"}, REMOTE_ADDR="198.51.100.7")
    event = Event.objects.get(action="user.login_failed")
    assert event.target_type == "axes.accessattempt"
    assert "nobody" in event.comment and "198.51.100.7" in event.comment
