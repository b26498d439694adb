"""Signing in: throttling (django-axes), the two-factor step, idle staff sessions, and the audit
trail of sign-ins.

At a successful password login the session is marked with what is still owed before any page:
the code of an enrolled device ("verify") or, for staff when `DWGK_REQUIRE_2FA` is on, an enrolment
("enrol"); a staff session also records when it was last used. `session_gate` reads only the
session, so a plain member's request costs nothing more; it runs in `SessionGateMiddleware` before
every view, and inside `pagecache.cache.member_page_cache` (after the one statement that reads the
session with the stored page) for the views that wrapper serves.
"""

import math

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Max
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from audit.services import event_record
from dwgk.client import client_address
from organizations.events import SignInEvents
from organizations.forms import NextForm
from organizations.models import APPROVER_ROLES, OFFICE_ROLES, Role, User
from organizations.permissions import roles_held, units_of

TWO_FACTOR_STEP = "dwgk_two_factor"  # "verify" or "enrol" until the step is done
VERIFY, ENROL = "verify", "enrol"
STAFF_SEEN = "dwgk_staff_seen"  # a staff session's last request (POSIX seconds)
SEEN_RESOLUTION = 60  # the session row is rewritten at most once a minute

STAFF_ROLES = {*OFFICE_ROLES, *APPROVER_ROLES, Role.ADMIN, Role.UPPER_OFFICE}
# Views an unfinished two-factor step still reaches.
_OPEN_VIEWS = {"logout", "admin:logout", "portal:language", "portal:display"}
_STEP_VIEWS = {VERIFY: "organizations:two_factor_verify", ENROL: "organizations:two_factor"}


def is_staff_person(user) -> bool:
    """Office, approvers, administrators, upper-level office, and anyone with the back office."""
    return bool(
        user.is_superuser
        or user.is_staff
        or any(role in STAFF_ROLES for _o, role, _d, _p in roles_held(user))
    )


def two_factor_required(user) -> bool:
    return settings.DWGK_REQUIRE_2FA and is_staff_person(user)


def has_device(user) -> bool:
    from django_otp import devices_for_user

    return any(True for _device in devices_for_user(user, confirmed=True))


def client_ip(request) -> str | None:
    """The client's address for django-axes (None when unknown: its column holds addresses)."""
    address = client_address(request)
    return None if address == "unknown" else address


def unit_of(user):
    """The unit whose administrators see this person's sign-in events."""
    return units_of(user).order_by("path").first()


def sign_in_event(*, user, action: str, request, comment: str = "") -> None:
    """An event about signing in, on the person (not as its actor: the actor column protects its
    user from deletion, and a sign-in alone must not keep an account forever)."""
    address = client_ip(request) or "unknown"
    event_record(
        target=user,
        action=action,
        unit=unit_of(user),
        comment=f"{address} {comment}".strip(),
    )


def two_factor_done(request, device) -> None:
    """The second factor is given: a new session key (pages stored for the old one are never served
    to this one), the device remembered, the step cleared."""
    import django_otp

    request.session.cycle_key()
    django_otp.login(request, device)
    request.session.pop(TWO_FACTOR_STEP, None)


@receiver(user_logged_in, dispatch_uid="dwgk_signed_in")
def _signed_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    session = request.session
    if has_device(user):
        session[TWO_FACTOR_STEP] = VERIFY
    elif two_factor_required(user):
        session[TWO_FACTOR_STEP] = ENROL
    idle = settings.DWGK_STAFF_IDLE_MINUTES
    if idle > 0 and is_staff_person(user):
        session[STAFF_SEEN] = int(timezone.now().timestamp())
        session.set_expiry(idle * 60)
    sign_in_event(user=user, action=SignInEvents.SIGNED_IN.action, request=request)


@receiver(user_login_failed, dispatch_uid="dwgk_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = (credentials or {}).get("username") or ""
    user = User.objects.filter(username=username).first()
    locked = " locked" if getattr(request, "axes_locked_out", False) else ""
    if user is not None:
        sign_in_event(
            user=user, action=SignInEvents.LOGIN_FAILED.action, request=request, comment=locked
        )
        return
    # No such account: the record is axes' attempt for the name tried.
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=client_ip(request))
        .order_by("-attempt_time")
        .first()
    )
    if attempt is not None:
        event_record(
            target=attempt,
            action=SignInEvents.LOGIN_FAILED.action,
            comment=f"{client_ip(request) or 'unknown'} {username}{locked}",
        )


@receiver(user_locked_out, dispatch_uid="dwgk_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    # Sent again for every try during the lockout; the audit trail records the lockout once.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    user = User.objects.filter(username=username or "").first()
    if user is not None:
        sign_in_event(user=user, action=SignInEvents.LOCKED_OUT.action, request=request)


def lockout_minutes_left(request, username: str) -> int:
    cool_off = get_cool_off(request)
    last = AccessAttempt.objects.filter(
        username=username, ip_address=getattr(request, "axes_ip_address", None)
    ).aggregate(last=Max("attempt_time"))["last"]
    left = (last + cool_off - timezone.now()) if last else cool_off
    return max(1, math.ceil(left.total_seconds() / 60))


def lockout_message(request, username: str) -> str:
    return _("登录失败次数过多，该账号已在此地址暂时锁定，请%(minutes)d分钟后再试。") % {
        "minutes": lockout_minutes_left(request, username)
    }


def lockout_response(request, original_response=None, credentials=None):
    """The login page (the site's or the back office's) again, saying how long to wait (429)."""
    typed = AuthenticationForm(request, data=request.POST)
    username = (credentials or {}).get("username") or typed["username"].value() or ""
    message = lockout_message(request, username)
    next_url = NextForm.target(request)
    if request.path.startswith(reverse("admin:index")):
        context = {
            **admin.site.each_context(request),
            "title": _("登录"),
            "app_path": request.get_full_path(),
            "form": AdminAuthenticationForm(request, initial={"username": username}),
            "next": next_url,
            "lockout": message,
        }
        return render(request, "admin/login.html", context, status=429)
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "next": next_url,
        "lockout": message,
    }
    return render(request, "registration/login.html", context, status=429)


def session_gate(request):
    """A response that stops this request (the two-factor step, or the sign-in page after an idle
    staff session), or None. Reads the session only when the request has one."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    session = request.session
    seen = session.get(STAFF_SEEN)
    if seen is not None:
        now = int(timezone.now().timestamp())
        idle = settings.DWGK_STAFF_IDLE_MINUTES * 60
        if idle > 0 and now - seen > idle:
            user = request.user
            if user.is_authenticated:
                sign_in_event(
                    user=user, action=SignInEvents.SIGNED_OUT_IDLE.action, request=request
                )
            logout(request)
            messages.info(
                request,
                _("您已超过%(minutes)d分钟未操作，已自动退出，请重新登录。")
                % {"minutes": settings.DWGK_STAFF_IDLE_MINUTES},
            )
            return _to(settings.LOGIN_URL, request)
        if now - seen >= SEEN_RESOLUTION:
            session[STAFF_SEEN] = now
    step = session.get(TWO_FACTOR_STEP)
    if step in _STEP_VIEWS:
        match = request.resolver_match
        name = match.view_name if match else ""
        if name != _STEP_VIEWS[step] and name not in _OPEN_VIEWS:
            return _to(_STEP_VIEWS[step], request)
    return None


def _to(view_name: str, request):
    path = request.get_full_path() if request.method == "GET" else ""
    url = reverse(view_name)
    return redirect(f"{url}?{urlencode({'next': path})}" if path else url)


class SessionGateMiddleware:
    """`session_gate` before each view; views that gate themselves (the member page cache, which
    reads the session with the stored page) say so with a `gates_session` attribute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "gates_session", False):
            return None
        return session_gate(request)
