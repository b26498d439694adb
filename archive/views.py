"""The staff's archive: browse by year and category, and each record with its manifest."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from archive.selectors import archive_records_visible_to
from archive.services import verify_record
from disclosures.selectors import can_work_on
from dwgk.params import is_whole_number


@login_required
@require_GET
def browse(request):
    records = archive_records_visible_to(request.user).select_related("unit", "disclosure")
    years = list(records.values_list("year", flat=True).distinct().order_by("-year"))
    categories = list(
        records.values("category_code", "category_name")
        .annotate(n=Count("id"))
        .order_by("category_code")
    )
    year = request.GET.get("year", "")
    category = request.GET.get("category", "")
    if is_whole_number(year):
        records = records.filter(year=int(year))
    if is_whole_number(category):
        records = records.filter(category_code=int(category))
    return render(
        request,
        "archive/browse.html",
        {
            "records": records.order_by("-year", "category_code", "sequence")[:500],
            "years": years,
            "categories": categories,
            "year": year,
            "category": category,
        },
    )


@login_required
@require_GET
def record(request, pk):
    record = get_object_or_404(
        archive_records_visible_to(request.user).select_related("disclosure", "archived_by"), pk=pk
    )
    if not can_work_on(request.user, record.disclosure):
        raise Http404  # the manifest (file paths, events) is for those who work on the archive
    return render(
        request,
        "archive/record.html",
        {"record": record, "problems": verify_record(record)},
    )
