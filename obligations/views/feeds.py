"""Private iCalendar addresses of deadlines, and the feed they answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dwgk.refusals import add_to_form
from obligations import services
from obligations.feeds import feed_calendar
from obligations.forms import FeedTokenForm
from obligations.models import FeedToken
from organizations.models import Department
from organizations.permissions import drafter_department_ids, is_office, units_of


def _feed_departments(user):
    """The departments one may subscribe to (obligations.rules.subscribes): those one drafts for
    and those of the units whose office one sits in."""
    ids = drafter_department_ids(user)
    office_units = [u for u in units_of(user) if is_office(user, u)]
    return Department.objects.filter(pk__in=ids).select_related("unit") | Department.objects.filter(
        unit__in=office_units
    ).select_related("unit")


@login_required
@require_http_methods(["GET", "POST"])
def feed_tokens(request):
    departments = _feed_departments(request.user).distinct().order_by("unit__path", "sort_order")
    form = FeedTokenForm(departments=departments)
    if request.method == "POST":
        form = FeedTokenForm(request.POST, departments=departments)
        if form.is_valid():
            department_id = form.cleaned_data["department"]
            department = Department.objects.get(pk=department_id) if department_id else None
            try:
                services.feed_token_create(actor=request.user, department=department)
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("订阅地址已创建"))
                return redirect("obligations:feeds")
    tokens = FeedToken.objects.filter(user=request.user).select_related("department__unit")
    rows = [
        (token, request.build_absolute_uri(reverse("obligations:ics", args=[token.token])))
        for token in tokens
    ]
    return render(
        request,
        "obligations/feeds.html",
        {"rows": rows, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def feed_token_revoke(request, pk):
    token = get_object_or_404(FeedToken, pk=pk, user=request.user)
    services.feed_token_revoke(token=token, actor=request.user)
    messages.success(request, _("订阅地址已撤销"))
    return redirect("obligations:feeds")


@require_GET
def ics_feed(request, token):
    feed = get_object_or_404(
        FeedToken.objects.select_related("user", "department"), token=token, revoked_at__isnull=True
    )
    if not feed.user.is_active:
        raise Http404
    body = feed_calendar(feed, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dwgk-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
