"""The events the archive records."""

from django.utils.translation import gettext_lazy as _

from audit.events import EventKind, Events


class ArchiveEvents(Events):
    CREATE = EventKind("archive.create", _("建立归档记录"))
