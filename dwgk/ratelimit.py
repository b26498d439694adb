"""Rate limits of the expensive requests: search, the working-day calculator and the API.

Anonymous requests are counted per client address (`dwgk.client.client_address`; an IPv6 client
by its /64 network, which one household or server holds), signed-in users per account with the
larger `DWGK_RATE_LIMIT_SIGNED_IN`. The counters live in the "ratelimit" cache, a table in the
database every server shares (Django's DatabaseCache), so a limit holds however many servers
answer. Each limit counts the requests of a fixed window (a minute for "30/m"). The cache reads
and writes a counter in two statements: requests racing at the same instant may be counted once,
so a client sending k requests at a time gets at most k times the limit, still bounded.
(django-ratelimit is not used: it refuses the database cache, its check E003, for that reason.)
"""

import functools
import ipaddress
import math
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.utils.translation import gettext as _

from dwgk.client import client_address

CACHE = "ratelimit"
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/([smhd])$")


def parse_rate(text: str) -> tuple[int, int] | None:
    """(requests, seconds) of "N/s|m|h|d"; None for an empty text (no limit)."""
    if not text:
        return None
    match = RATE.match(text.strip())
    if match is None:
        raise ImproperlyConfigured(f"rate {text!r} must look like 30/m (N per s, m, h or d)")
    return int(match[1]), PERIODS[match[2]]


def _who(request, group: str) -> tuple[str, str]:
    """(key, rate) of the request's client: the account when signed in, else the address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}", settings.DWGK_RATE_LIMIT_SIGNED_IN
    address = client_address(request)
    if ":" in address:
        address = str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return f"ip:{address}", settings.DWGK_RATE_LIMITS[group]


def retry_after(request, group: str) -> int | None:
    """Count this request in `group`; the seconds to wait when it is over the limit, else None."""
    who, rate_text = _who(request, group)
    rate = parse_rate(rate_text)
    if rate is None:
        return None
    limit, period = rate
    now = time.time()
    window = int(now // period)
    ends = (window + 1) * period
    key = f"{group}:{who}:{period}:{window}"
    cache = caches[CACHE]
    count = cache.get(key, 0) + 1
    if count > limit:
        return max(1, math.ceil(ends - now))
    cache.set(key, count, timeout=math.ceil(ends - now) + 5)
    return None


def too_many_requests(request, seconds: int):
    """The 429 page in the site's layout and the reader's language, with Retry-After."""
    context = {
        "status": 429,
        "title": _("请求过于频繁"),
        "message": _("您的请求过于频繁，请在 %(seconds)d 秒后再试。") % {"seconds": seconds},
    }
    response = render(request, "error.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def rate_limited(group: str):
    """Refuse a view's request with 429 once its client is over the limit of `group`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            seconds = retry_after(request, group)
            if seconds is not None:
                return too_many_requests(request, seconds)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
