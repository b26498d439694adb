"""Two-factor sign-in pages: enrolment with a QR code, the code asked after the password, the
one-time recovery codes (shown once), and turning it off for those not required to use it."""

from base64 import b32encode

import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

from organizations import services
from organizations.events import SignInEvents
from organizations.forms import CodeForm, NextForm, TwoFactorManageForm
from organizations.signin import (
    TWO_FACTOR_STEP,
    VERIFY,
    sign_in_event,
    two_factor_done,
    two_factor_required,
)


def _next(request) -> str:
    candidate = NextForm.target(request)
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _code(request) -> str:
    """The code as typed: spaces and hyphens dropped, recovery codes in lower case."""
    form = CodeForm(request.POST)
    return form.cleaned_data["code"] if form.is_valid() else ""


def _qr_svg(data: str) -> str:
    """The QR code as inline SVG markup, drawn here (the secret never leaves the server)."""
    return qrcode.make(data, image_factory=SvgPathImage, border=2).to_string(encoding="unicode")


def _codes_page(request, codes: list[str], next_url: str):
    context = {"codes": codes, "next": next_url}
    return render(request, "organizations/two_factor_codes.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Enrol an authenticator (QR code, secret for manual entry, a code to confirm), or, once
    enrolled, renew the recovery codes or turn two-factor sign-in off."""
    user = request.user
    next_url = _next(request)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return _manage(request, user, next_url)
    device = services.totp_device_prepare(user=user)
    error = ""
    if request.method == "POST":
        if device.verify_token(_code(request)):
            codes = services.two_factor_enrol(device=device, actor=user)
            two_factor_done(request, device)
            return _codes_page(request, codes, next_url)
        error = _("验证码不正确，请输入认证器当前显示的六位数字。")
    context = {
        "qr": _qr_svg(device.config_url),
        "secret": b32encode(device.bin_key).decode(),
        "error": error,
        "next": next_url,
        "required": two_factor_required(user),
    }
    return render(
        request, "organizations/two_factor_enrol.html", context, status=400 if error else 200
    )


def _manage(request, user, next_url: str):
    error = ""
    if request.method == "POST":
        form = TwoFactorManageForm(request.POST)
        action = form.cleaned_data["action"] if form.is_valid() else None
        if action == "renew":
            codes = services.recovery_codes_renew(user=user, actor=user)
            return _codes_page(request, codes, next_url)
        if action == "disable":
            try:
                services.two_factor_disable(user=user, actor=user)
            except ValidationError as refused:
                error = refused.messages[0]
            else:
                messages.success(request, _("两步验证已关闭。"))
                return redirect("organizations:my_work")
        else:
            error = form.errors["action"][0]
    context = {
        "required": two_factor_required(user),
        "codes_left": StaticToken.objects.filter(device__user=user).count(),
        "error": error,
        "next": next_url,
    }
    return render(
        request, "organizations/two_factor_manage.html", context, status=400 if error else 200
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The code from the authenticator (or a recovery code), asked after the password."""
    next_url = _next(request)
    if request.session.get(TWO_FACTOR_STEP) != VERIFY:
        return redirect(next_url)
    error = ""
    if request.method == "POST":
        code = _code(request)
        device = _device_accepting(request.user, code) if code else None
        if device is not None:
            two_factor_done(request, device)
            sign_in_event(
                user=request.user, action=SignInEvents.TWO_FACTOR_PASSED.action, request=request
            )
            return redirect(next_url)
        sign_in_event(
            user=request.user, action=SignInEvents.TWO_FACTOR_FAILED.action, request=request
        )
        error = _("验证码不正确或尝试过于频繁，请稍后重试。")
    context = {"error": error, "next": next_url}
    return render(
        request, "organizations/two_factor_verify.html", context, status=400 if error else 200
    )


def _device_accepting(user, code: str):
    """The enrolled device (authenticator or recovery codes) that accepts this code; each device
    slows down repeated wrong codes (django-otp's throttling), and a recovery code is used up."""
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None
