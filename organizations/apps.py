from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("组织与人员")

    def ready(self):
        # The sign-in receivers (audit, two-factor step), and the enumeration of the app's events
        # so that `audit.events.event_label` finds it.
        from organizations import events, signin  # noqa: F401
