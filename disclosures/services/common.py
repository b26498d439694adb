"""What the disclosure services share: the secrecy checklist, the stale-edit conflict, dates."""

import datetime
import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dwgk.refusals import BadInput
from workdays import calendar

logger = logging.getLogger("dwgk.disclosures")

# The secrecy review (保密审查) the office confirms before a draft goes to the approver.
SECRECY_CHECKLIST = [
    ("no_secrets", gettext_lazy("不涉及党和国家秘密")),
    ("no_privacy", gettext_lazy("不涉及个人隐私和商业秘密")),
    ("accurate", gettext_lazy("内容真实准确，表述规范")),
    ("scope_ok", gettext_lazy("公开范围、形式适当")),
]


class DisclosureConflict(BadInput):
    """An edit made on a stale revision: carries the stored version and the one the user sent."""

    def __init__(self, current, attempted: dict):
        self.current = current
        self.attempted = attempted
        super().__init__(
            _("保存冲突：他人已修改此稿（当前第%(rev)s版），请对照后重新提交")
            % {"rev": current.revision}
        )


def stale_revision_check(revision: int, attempted: dict):
    """A `check` for the engine: refuse an edit made on an earlier revision than the stored one."""

    def check(locked):
        if int(revision) != locked.revision:
            raise DisclosureConflict(locked, attempted)

    return check


def local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def add_workdays(start: datetime.date, days: int) -> datetime.date:
    """The working-day calendar's answer; weekdays only past the years it can count."""
    try:
        return calendar.add_workdays(start, int(days)).due
    except ValueError:
        logger.warning("working-day calendar cannot count from %s; weekdays only", start)
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def checklist_missing(checklist) -> list[str]:
    confirmed = set(checklist or ())
    return [str(label) for key, label in SECRECY_CHECKLIST if key not in confirmed]
