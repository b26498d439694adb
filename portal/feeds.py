"""RSS 2.0 and Atom feeds. Public feeds carry exactly what an anonymous visitor may read; a
member's private feed carries what the token's user may read now. Both ask the scoping function."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from disclosures.rendering import render_markdown
from organizations.models import Organization
from portal import selectors
from portal.models import FeedToken

FEED_SIZE = 30
SUMMARY_CHARS = 200


class _DisclosureFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-Hans"

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Readers show the summary as HTML: the body rendered and sanitised as on the pages (no
        # scripts, frames, handlers or javascript: links), then shortened with its tags closed.
        return Truncator(render_markdown(item.body)).chars(SUMMARY_CHARS, html=True)

    def item_author_name(self, item):
        return item.unit.name

    def item_categories(self, item):
        names = [item.unit.display_short]
        if item.item_id:
            names.append(item.item.category.name)
        return names

    def item_pubdate(self, item):
        # For the public, a disclosure is new when it became public (先党内后党外 comes later).
        return item.public_at or item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class PublicFeed(_DisclosureFeed):
    def get_object(self, request, code=None, category_id=None):
        if code is None:
            return None
        unit = get_object_or_404(Organization, code=code)
        category = None
        if category_id is not None:
            category = selectors.category_of_unit(unit, category_id)
            if category is None:
                raise Http404
        return unit, category

    def title(self, obj):
        site = _("党务公开网")
        if obj is None:
            return site
        unit, category = obj
        return f"{unit.name} · {category.name}" if category else f"{unit.name} · {site}"

    def link(self, obj):
        if obj is None:
            return reverse("portal:home")
        unit, category = obj
        if category:
            return reverse("portal:category", args=[unit.code, category.pk])
        return reverse("portal:unit", args=[unit.code])

    def description(self, obj):
        return _("社会公开的党务公开信息")

    def items(self, obj):
        disclosures = selectors.public_disclosures().order_by("-public_at", "-id")
        if obj is not None:
            unit, category = obj
            disclosures = disclosures.filter(unit=unit)
            if category:
                disclosures = selectors.in_category(disclosures, category)
        return disclosures[:FEED_SIZE]


class PublicAtomFeed(PublicFeed):
    feed_type = Atom1Feed
    subtitle = PublicFeed.description


class PrivateAtomFeed(_DisclosureFeed):
    """A member's feed: what that member may read (internal included), behind a revocable token."""

    feed_type = Atom1Feed

    def get_object(self, request, token):
        feed_token = (
            FeedToken.objects.select_related("user")
            .filter(token=token, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if feed_token is None:
            raise Http404
        return feed_token

    def title(self, obj):
        return _("党务公开网 · %(name)s可阅读的公开信息") % {"name": obj.user.display_name}

    def link(self, obj):
        return reverse("portal:my_units")

    def subtitle(self, obj):
        return _("私人订阅地址，请勿转发。")

    def items(self, obj):
        return (
            selectors.portal_disclosures(obj.user)
            .filter(published_at__isnull=False)
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        names = super().item_categories(item)
        names.append(_("社会公开") if item.is_public else _("党内"))
        return names

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The address is the secret: keep it out of shared caches and referrers.
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response
