from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("归档管理")

    def ready(self):
        from archive import events  # noqa: F401 - so that audit.events.event_label finds them
