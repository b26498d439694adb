from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "obligations"
    verbose_name = _("公开时限与义务")

    def ready(self):
        from workdays.signals import calendar_years_changed

        calendar_years_changed.connect(
            _recompute_for_calendar_change, dispatch_uid="obligations_recompute_for_calendar"
        )


def _recompute_for_calendar_change(sender, *, years, actor, **kwargs):
    """The calendar of `years` changed: the deadlines that run through them are computed again."""
    from obligations.services import obligations_recompute_for_calendar_change

    obligations_recompute_for_calendar_change(years=years, actor=actor)
