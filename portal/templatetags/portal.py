from urllib.parse import urlencode

from django import template
from django.urls import reverse

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
