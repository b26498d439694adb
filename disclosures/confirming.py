"""What approving or publishing a disclosure will do, said before it is done.

Approval and publication cannot be taken back (a published disclosure can only be retracted, on
the record), so the pages ask once more and say who will read it and from when."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Scope
from disclosures import services
from disclosures.models import Disclosure


def _day(value: datetime.date) -> str:
    return _("%(y)s年%(m)s月%(d)s日") % {"y": value.year, "m": value.month, "d": value.day}


def _public_day(
    disclosure: Disclosure,
    *,
    internal_period_workdays: int | None,
    public_from: datetime.date | None,
    publishing_on: datetime.date,
) -> datetime.date:
    """The day an internal-then-public disclosure opens to the public, as the services set it."""
    if public_from is not None:
        return public_from
    if disclosure.public_from is not None and not internal_period_workdays:
        return timezone.localdate(disclosure.public_from)
    days = internal_period_workdays or settings.DWGK_INTERNAL_PERIOD_WORKDAYS
    return services.add_workdays(publishing_on, days)


def audience_sentence(
    disclosure: Disclosure,
    *,
    internal_period_workdays: int | None = None,
    public_from: datetime.date | None = None,
) -> str:
    """Who will read the disclosure once published today, and from when."""
    today = timezone.localdate()
    scope = disclosure.scope
    if scope == Scope.PUBLIC:
        return _("发布后，所有人（包括未登录的公众）即可在门户网站阅读。")
    if scope == Scope.INTERNAL:
        return _("发布后，本单位党员登录后即可阅读，不向社会公开。")
    if scope == Scope.INTERNAL_RANGE:
        names = [d.name for d in disclosure.audience_departments.all()] + [
            u.display_name for u in disclosure.audience_users.all()
        ]
        return _("发布后，仅以下范围的党员登录后可阅读：%(names)s。") % {"names": "、".join(names)}
    opens = _public_day(
        disclosure,
        internal_period_workdays=internal_period_workdays,
        public_from=public_from,
        publishing_on=today,
    )
    return _("发布后，本单位党员登录后即可阅读；若今天发布，%(day)s起向社会公开。") % {
        "day": _day(opens)
    }


def approval_consequences(
    disclosure: Disclosure,
    *,
    internal_period_workdays: int | None,
    public_from: datetime.date | None,
) -> list[str]:
    # The approval service's own check of the period and the date, before anything is said.
    services.approval_values(
        disclosure, internal_period_workdays=internal_period_workdays, public_from=public_from
    )
    return [
        _("同意后，内容不再修改，由党务公开办公室发布。"),
        audience_sentence(
            disclosure,
            internal_period_workdays=internal_period_workdays,
            public_from=public_from,
        ),
    ]


def publication_consequences(
    disclosure: Disclosure, *, retention_until: datetime.date | None
) -> list[str]:
    lines = [audience_sentence(disclosure)]
    if retention_until is not None:
        lines.append(_("保留公开至%(day)s。") % {"day": _day(retention_until)})
    lines.append(_("发布后不能撤销；如有错误，只能撤回，撤回会留下记录。"))
    return lines
