from django import template

from disclosures.rendering import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
