from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("通知提醒")

    def ready(self):
        # The enumeration of the app's events, so that `audit.events.event_label` finds it.
        from notifications import events  # noqa: F401
