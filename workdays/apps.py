from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "workdays"
    verbose_name = _("工作日历")

    def ready(self):
        from django.core.signals import request_started

        # events: the enumeration of the app's events, found by `audit.events.event_label`.
        from workdays import calendar, events  # noqa: F401

        # Not business logic: each request compares the cached calendar with the database once.
        request_started.connect(calendar.recheck, dispatch_uid="workdays_recheck")
