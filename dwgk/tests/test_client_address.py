"""X-Forwarded-For is believed only as far as the chain of trusted proxies goes."""

import pytest
from django.test import RequestFactory

from dwgk.client import client_address


@pytest.fixture(autouse=True)
def proxies(settings):
    settings.DWGK_TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]


def _address(remote, forwarded=None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


def test_it_takes_the_remote_address_without_a_proxy():
    assert _address("203.0.113.9") == "203.0.113.9"


def test_it_ignores_a_forwarded_header_from_an_untrusted_client():
    assert _address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_it_takes_the_forwarded_address_from_a_trusted_proxy():
    assert _address("127.0.0.1", "198.51.100.1") == "198.51.100.1"
    assert _address("::1", "2001:db8::7") == "2001:db8::7"


def test_it_takes_the_first_untrusted_address_from_the_right():
    # The client wrote 192.0.2.66 itself; 198.51.100.1 is what our first proxy saw.
    assert _address("127.0.0.1", "192.0.2.66, 198.51.100.1, 10.1.2.3") == "198.51.100.1"


def test_it_stops_at_a_hop_that_is_not_an_address():
    assert _address("127.0.0.1", "<script>, 198.51.100.1") == "198.51.100.1"
    assert _address("127.0.0.1", "198.51.100.1, unknown") == "127.0.0.1"


def test_it_reads_an_ipv4_mapped_address_as_ipv4():
    assert _address("::ffff:127.0.0.1", "198.51.100.1") == "198.51.100.1"
    assert _address("::ffff:203.0.113.9") == "203.0.113.9"


def test_it_names_a_request_without_an_address_unknown():
    assert _address("") == "unknown"


def test_it_trusts_only_the_configured_proxies(settings):
    settings.DWGK_TRUSTED_PROXIES = []
    assert _address("127.0.0.1", "198.51.100.1") == "127.0.0.1"
