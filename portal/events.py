"""The events of the members' pages: their private feed addresses."""

from django.utils.translation import gettext_lazy as _

from audit.events import EventKind, Events


class PortalEvents(Events):
    FEED_TOKEN_CREATE = EventKind("feed_token.create", _("生成私人订阅地址"))
    FEED_TOKEN_REVOKE = EventKind("feed_token.revoke", _("撤销私人订阅地址"))
