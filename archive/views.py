"""The staff's archive: browse by year and category, and each record with its manifest."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from archive.forms import ArchiveForm
from archive.selectors import archive_records_visible_to
from archive.services import archive_disclosure, default_term, verify_record
from disclosures.selectors import can_work_on, disclosure_for_reader
from disclosures.views.common import carry_out, done, error_page
from dwgk.params import is_whole_number
from workflow.engine import has_right


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


@login_required
@require_http_methods(["GET", "POST"])
def file_disclosure(request, pk):
    """归档: the office confirms, with the retention term; the disclosure is read-only after.
    404 for who may not see the disclosure, 403 for who may see it but not file it."""
    disclosure = disclosure_for_reader(request.user, pk)
    if not has_right(request.user, disclosure, "archive"):
        return error_page(request, _("无权进行此操作"), 403, disclosure.get_absolute_url())
    title = gettext_lazy("归档")
    if request.method == "POST":
        form = ArchiveForm(request.POST, disclosure=disclosure)
        carry_out(
            form,
            lambda data: archive_disclosure(
                disclosure=disclosure,
                actor=request.user,
                retention_term=data["retention_term"] or None,
                comment=data["reason"],
            ),
        )
        if not form.errors:
            return done(request, title, disclosure.get_absolute_url())
    else:
        form = ArchiveForm(
            disclosure=disclosure, initial={"retention_term": default_term(disclosure)}
        )
    context = {"d": disclosure, "kind": "archive", "title": title, "form": form}
    return render(
        request, "disclosures/confirm.html", context, status=400 if form.is_bound else 200
    )
