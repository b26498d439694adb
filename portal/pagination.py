from django.core.exceptions import BadRequest
from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404

from dwgk.params import is_whole_number

PER_PAGE = 20
# The same bound as the search form's page field: deeper pages cost an ever larger OFFSET.
MAX_PAGE = 10000


def paginate(request, queryset, per_page: int = PER_PAGE) -> Page:
    """Page `?page=N` of a list: 400 for anything but a number from 1 to MAX_PAGE, 404 past the
    last page, so that a page's address is stable and crawlers do not index endless empty pages."""
    raw = request.GET.get("page", "1")
    if not is_whole_number(raw) or not 1 <= int(raw) <= MAX_PAGE:
        raise BadRequest(
            f"页码应为 1 至 {MAX_PAGE} 的整数。 / The page number must be a whole number from 1 to "
            f"{MAX_PAGE}."
        )
    try:
        return Paginator(queryset, per_page).page(int(raw))
    except EmptyPage as error:
        raise Http404("没有这一页。 / No such page.") from error
