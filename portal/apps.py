from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("门户")

    def ready(self):
        from portal import (
            effects,  # noqa: F401 - connects its receivers of workflow steps
            events,  # noqa: F401 - so that audit.events.event_label finds them
        )
