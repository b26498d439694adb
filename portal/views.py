from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from catalog.models import Item
from catalog.selectors import catalog_in_force
from dwgk.params import is_whole_number
from organizations.models import Organization
from organizations.permissions import units_of
from pagecache.cache import anonymous_page_cache, member_page_cache
from portal import selectors, services
from portal.forms import FeedTokenForm
from portal.models import FeedToken
from portal.pagination import paginate

HOME_LATEST = 15
HOME_UNITS = 30
DISPLAY_COOKIE_AGE = 365 * 24 * 3600
DISPLAY_MODES = ("large_text", "high_contrast")


def _unit(code: str) -> Organization:
    # Any organization has a page (get_absolute_url); only units have catalogs and disclosures.
    return get_object_or_404(Organization, code=code)


@require_safe
@anonymous_page_cache
def home(request):
    units = selectors.units_with_catalog()
    return render(
        request,
        "portal/home.html",
        {
            "latest": selectors.list_rows(selectors.portal_disclosures(request.user))[:HOME_LATEST],
            "units": units[:HOME_UNITS],
            "more_units": units[HOME_UNITS : HOME_UNITS + 1].exists(),
            "due_soon": selectors.due_soon(),
        },
    )


@require_safe
@anonymous_page_cache
def units(request):
    page = paginate(request, selectors.units_with_catalog(), per_page=50)
    return render(request, "portal/units.html", {"page": page})


def _unit_context(request, unit: Organization) -> dict:
    version = catalog_in_force(unit)
    return {
        "unit": unit,
        "version": version,
        "categories": selectors.unit_categories(version),
    }


@require_safe
@anonymous_page_cache
def unit(request, code):
    unit = _unit(code)
    disclosures = selectors.portal_disclosures(request.user).filter(unit=unit)
    context = _unit_context(request, unit)
    context["page"] = paginate(request, selectors.list_rows(disclosures))
    return render(request, "portal/unit.html", context)


@require_safe
@anonymous_page_cache
def category(request, code, category_id):
    unit = _unit(code)
    category = selectors.category_of_unit(unit, category_id)
    if category is None:
        raise Http404(_("没有这个类别。"))
    disclosures = selectors.in_category(
        selectors.portal_disclosures(request.user).filter(unit=unit), category
    )
    context = _unit_context(request, unit)
    context.update(category=category, page=paginate(request, selectors.list_rows(disclosures)))
    return render(request, "portal/category.html", context)


@require_safe
@anonymous_page_cache
def item(request, code, number):
    unit = _unit(code)
    context = _unit_context(request, unit)
    if context["version"] is None:
        raise Http404(_("本单位尚无施行的目录。"))
    catalog_item = get_object_or_404(
        Item.objects.select_related("category").prefetch_related("forms", "departments"),
        version=context["version"],
        number=number,
    )
    disclosures = selectors.in_item(
        selectors.portal_disclosures(request.user).filter(unit=unit), catalog_item
    )
    context.update(item=catalog_item, page=paginate(request, selectors.list_rows(disclosures)))
    return render(request, "portal/item.html", context)


@require_safe
@anonymous_page_cache
def archive_index(request, code):
    unit = _unit(code)
    context = _unit_context(request, unit)
    context["years"] = selectors.archive_years(request.user, unit)
    return render(request, "portal/archive_index.html", context)


@require_safe
@anonymous_page_cache
def archive_year(request, code, year):
    unit = _unit(code)
    if not 1949 <= year <= 2999:
        raise Http404(_("没有这一年。"))
    disclosures = selectors.portal_disclosures(request.user, archived=True).filter(
        unit=unit, published_at__year=year
    )
    context = _unit_context(request, unit)
    selected = None
    raw = request.GET.get("category", "")
    if raw:
        if not is_whole_number(raw):
            raise BadRequest("类别应为数字。 / The category must be a number.")
        selected = selectors.category_of_unit(unit, int(raw))
        if selected is None:
            raise Http404(_("没有这个类别。"))
        disclosures = selectors.in_category(disclosures, selected)
    context.update(
        year=year, selected=selected, page=paginate(request, selectors.list_rows(disclosures))
    )
    return render(request, "portal/archive_year.html", context)


@require_safe
@member_page_cache  # before login_required: it reads the session with the page
@login_required
def my_units(request):
    mine = list(units_of(request.user))
    disclosures = selectors.portal_disclosures(request.user).filter(unit__in=mine)
    context = {"units": mine, "page": paginate(request, selectors.list_rows(disclosures))}
    return render(request, "portal/my_units.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_feeds(request):
    if request.method == "POST":
        form = FeedTokenForm(request.POST)
        if not form.is_valid():
            raise BadRequest(_("参数不正确。"))
        try:
            if form.cleaned_data["action"] == "create":
                services.feed_token_create(user=request.user, actor=request.user)
                messages.success(request, _("已生成新的订阅地址。"))
            else:
                token = get_object_or_404(
                    FeedToken, pk=form.cleaned_data["token_id"], user=request.user
                )
                services.feed_token_revoke(token=token, actor=request.user)
                messages.success(request, _("订阅地址已撤销，原地址不再可用。"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("portal:my_feeds")
    tokens = FeedToken.objects.filter(user=request.user)
    return render(request, "portal/my_feeds.html", {"tokens": tokens})


@require_safe
def display(request):
    """Large text and high contrast without JavaScript: a link sets a cookie and comes back."""
    changes = {}
    for name in DISPLAY_MODES:
        if name in request.GET:
            value = request.GET[name]
            if value not in ("0", "1"):
                raise BadRequest("取值应为0或1。 / The value must be 0 or 1.")
            changes[name] = value
    if not changes:
        raise BadRequest("缺少显示设置。 / No display setting given.")
    response = HttpResponseRedirect(_safe_next(request))
    for name, value in changes.items():
        if value == "1":
            response.set_cookie(
                f"dwgk_{name}", "1", max_age=DISPLAY_COOKIE_AGE, samesite="Lax", httponly=True
            )
        else:
            response.delete_cookie(f"dwgk_{name}", samesite="Lax")
    return response


def _safe_next(request) -> str:
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    return target


@require_safe
def language(request):
    """The language switcher: a link (no form, no CSRF token, so public pages can be shared from
    the page cache) that keeps the choice in Django's language cookie and comes back."""
    code = request.GET.get("language", "")
    if code not in {code for code, _name in settings.LANGUAGES}:
        raise BadRequest("不支持该语言。 / Unsupported language.")
    response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_safe
def robots(request):
    sitemap = request.build_absolute_uri(reverse("portal:sitemap"))
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /my/",
        "Disallow: /feeds/private/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
