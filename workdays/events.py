"""Every event the workdays app writes: changes to a year's calendar of holidays and adjusted
working days. Services record them by `Kind.action`; the audit trail reads their labels through
`audit.events.event_label`. The stored strings never change."""

from django.utils.translation import gettext_lazy as _

from audit.events import EventKind, Events


class WorkdayEvents(Events):
    """A year's calendar edited by hand or imported from the State Council's notice (each bumps the
    year's version, shown as 第N版)."""

    YEAR_EDITED = EventKind("workdays.year_edited", _("修改年度工作日安排"))
    YEAR_IMPORTED = EventKind("workdays.year_imported", _("导入年度工作日安排"))
