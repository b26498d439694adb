from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

register = template.Library()


@register.simple_tag(takes_context=True)
def display_toggle(context, name: str) -> str:
    """The address that flips one display mode and comes back to this page (works without JS)."""
    request = context["request"]
    current = request.COOKIES.get(f"dwgk_{name}") == "1"
    query = urlencode({name: "0" if current else "1", "next": request.get_full_path()})
    return f"{reverse('portal:display')}?{query}"


@register.simple_tag(takes_context=True)
def language_switch(context, code: str) -> str:
    """The address that switches the interface language and comes back to this page."""
    query = urlencode({"language": code, "next": context["request"].get_full_path()})
    return f"{reverse('portal:language')}?{query}"


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """This page's address with ?page=N, keeping the other query parameters."""
    params = context["request"].GET.copy()
    if number == 1:
        params.pop("page", None)
    else:
        params["page"] = number
    query = params.urlencode()
    return f"?{query}" if query else context["request"].path


# Disclosure lists (a page of 20 rows on every list and search page) are written in Python: the
# same markup as a template loop, without a template node, a translation lookup and a reverse() per
# row (about a third of a list page's time at a million rows).


def _detail_url_parts() -> tuple[str, str]:
    sentinel = "987654321987654321"
    before, _sentinel, after = reverse("disclosures:detail", args=[int(sentinel)]).partition(
        sentinel
    )
    return before, after


def _labels() -> dict[str, str]:
    return {
        name: escape(gettext(text))
        for name, text in (
            ("public", gettext_noop("社会公开")),
            ("range", gettext_noop("党内一定范围")),
            ("internal", gettext_noop("党内")),
            ("archived", gettext_noop("已归档")),
            ("retention_ended", gettext_noop("公开期满")),
            ("unit", gettext_noop("单位：")),
            ("category", gettext_noop("类别：")),
            ("off_catalog", gettext_noop("目录外事项")),
            ("published", gettext_noop("发布日期：")),
        )
    }


def _scope_badge(d, labels) -> str:
    if d.is_public:
        return f'<span class="badge public">{labels["public"]}</span>'
    if d.scope == "internal_range":
        return f'<span class="badge range">{labels["range"]}</span>'
    return f'<span class="badge internal">{labels["internal"]}</span>'


def _meta(d, labels, *, show_unit: bool) -> str:
    parts = []
    if show_unit:
        parts.append(
            f'<span><span class="visually-hidden">{labels["unit"]}</span>'
            f"{escape(d.unit.display_short)}</span>"
        )
    if d.item_id:
        number = gettext("第%(number)s项") % {"number": d.item.number}
        category = f"{escape(d.item.category.name)} · {escape(number)}"
    else:
        category = labels["off_catalog"]
    parts.append(
        f'<span><span class="visually-hidden">{labels["category"]}</span>{category}</span>'
    )
    if d.published_at:
        day = timezone.localdate(d.published_at).isoformat()
        parts.append(f'<span>{labels["published"]}<time datetime="{day}">{day}</time></span>')
    return "\n      ".join(parts)


@register.simple_tag(takes_context=True)
def disclosure_rows(context, disclosures, show_unit=False):
    """The rows of portal/_disclosure_list.html: title link, scope badge (for members), state."""
    labels = _labels()
    before, after = _detail_url_parts()
    member = context["user"].is_authenticated if "user" in context else False
    rows = []
    for d in disclosures:
        badges = _scope_badge(d, labels) if member else ""
        if d.status == "archived":
            badges += f'<span class="badge archived">{labels["archived"]}</span>'
        elif d.status == "retention_ended":
            badges += f'<span class="badge archived">{labels["retention_ended"]}</span>'
        rows.append(
            f'  <li>\n    <div class="doc-title">\n      <a href="{before}{d.pk}{after}">'
            f"{escape(d.title)}</a>\n      {badges}\n    </div>\n"
            f'    <div class="doc-meta">\n      {_meta(d, labels, show_unit=show_unit)}\n'
            "    </div>\n  </li>\n"
        )
    return mark_safe("".join(rows))


@register.simple_tag
def search_rows(hits, readable_states):
    """The rows of a search result page: title link, scope or state badge, snippet, unit, category."""
    labels = _labels()
    rows = []
    for hit in hits:
        d = hit.disclosure
        if d.status in readable_states:
            badges = _scope_badge(d, labels)
        else:
            badges = f'<span class="badge provisional">{escape(d.get_status_display())}</span>'
        if d.status == "archived":
            badges += f'<span class="badge archived">{labels["archived"]}</span>'
        snippet = f'<p class="snippet">{hit.snippet_html}</p>\n' if hit.snippet_html else ""
        rows.append(
            f'  <li>\n    <div class="doc-title">\n      <a href="{escape(hit.url)}">'
            f"{escape(d.title)}</a>\n      {badges}\n    </div>\n    {snippet}"
            f'    <div class="doc-meta">\n      {_meta(d, labels, show_unit=True)}\n'
            "    </div>\n  </li>\n"
        )
    return mark_safe("".join(rows))
