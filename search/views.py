from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.views.decorators.http import require_GET

from disclosures.models import Disclosure
from dwgk.ratelimit import rate_limited
from organizations.models import Organization
from pagecache.cache import anonymous_page_cache, member_page_cache
from search.forms import UNIT_SELECT_LIMIT, SearchForm
from search.selectors import QueryError, search_disclosures, search_form_choices

PER_PAGE = 20


class _Hit:
    def __init__(self, hit, url):
        self.disclosure, self.snippet_html, self.rank = hit
        self.url = url


def _url(disclosure) -> str:
    # The detail page is built in the disclosures app; link to its address even before it lands.
    try:
        return disclosure.get_absolute_url()
    except NoReverseMatch:
        return f"/disclosures/{disclosure.pk}/"


def _units() -> list[tuple[str, str]]:
    rows = Organization.objects.filter(
        tier__in=[Organization.Tier.UPPER, Organization.Tier.UNIT]
    ).values_list("code", "short_name", "name")[: UNIT_SELECT_LIMIT + 1]
    return [(code, short or name) for code, short, name in rows]


@require_GET
@anonymous_page_cache
@member_page_cache
@rate_limited("search")  # inside the page cache: a page served from it costs no search
def search(request):
    form = SearchForm(
        request.GET if request.GET else None, choices=search_form_choices(), units=_units()
    )
    context = {"form": form, "results": None}
    if not form.is_bound:
        return render(request, "search/search.html", context)
    if not form.is_valid():
        return render(request, "search/search.html", context, status=400)
    data = form.cleaned_data
    try:
        results = search_disclosures(
            request.user,
            data["q"],
            unit=data["unit"],
            category=data["category"] or None,
            year=data["year"],
            form=data["form"] or None,
            state=data["state"] or None,
            page=data["page"] or 1,
            per_page=PER_PAGE,
        )
    except QueryError as error:
        form.add_error("q", str(error))
        return render(request, "search/search.html", context, status=400)
    if results.page > results.num_pages:
        raise Http404("没有这一页 / No such page")
    params = request.GET.copy()
    params.pop("page", None)
    context.update(
        results=results,
        hits=[_Hit(hit, _url(hit.disclosure)) for hit in results.results],
        first_number=(results.page - 1) * results.per_page + 1,
        readable_states=Disclosure.READABLE,
        base_query=params.urlencode(),
        pages=_page_window(results.page, results.num_pages),
    )
    return render(request, "search/search.html", context)


def _page_window(current: int, last: int) -> list[int | None]:
    """Page numbers to link: the first, the last, and two either side of the current (None = gap)."""
    wanted = {1, last, *range(current - 2, current + 3)}
    pages: list[int | None] = []
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if pages and pages[-1] is not None and number - pages[-1] > 1:
            pages.append(None)
        pages.append(number)
    return pages
