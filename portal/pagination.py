from django.core.exceptions import BadRequest
from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404

PER_PAGE = 20


def paginate(request, queryset, per_page: int = PER_PAGE) -> Page:
    """Page `?page=N` of a list: 400 for anything but a positive number, 404 past the last page,
    so that a page's address is stable and crawlers do not index endless empty pages."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise BadRequest("页码应为正整数。 / The page number must be a positive integer.")
    try:
        return Paginator(queryset, per_page).page(int(raw))
    except EmptyPage as error:
        raise Http404("没有这一页。 / No such page.") from error
