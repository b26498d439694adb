from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "workdays"
    verbose_name = _("工作日历")

    def ready(self):
        from django.core.signals import request_started

        from workdays import calendar

        # Not business logic: each request compares the cached calendar with the database once.
        request_started.connect(calendar.recheck, dispatch_uid="workdays_recheck")
