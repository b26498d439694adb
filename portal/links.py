from django.urls import NoReverseMatch

from disclosures.models import Disclosure


def disclosure_url(disclosure: Disclosure) -> str:
    """The disclosure page (disclosures:detail, built in the disclosures app).

    Until that route exists the portal links to the address it will have, so lists and feeds
    do not break while the apps land one after the other."""
    try:
        return disclosure.get_absolute_url()
    except NoReverseMatch:
        return f"/disclosures/{disclosure.pk}/"
