"""What follows a catalog step, on the apps below the catalog (the steps name these in `effects`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from organizations.models import Role, RoleAssignment


def tell_upper_office(version, *, actor=None, source=None, result=None) -> None:
    """The upper level's office is mailed that a catalog waits for its confirmation (after the
    filing commits)."""
    upper = version.unit.parent
    if upper is None:
        return
    recipients = sorted(
        {
            a.user.email
            for a in RoleAssignment.objects.filter(
                organization=upper, role=Role.UPPER_OFFICE
            ).select_related("user")
            if a.user.email
        }
    )
    if not recipients:
        return
    link = settings.DWGK_BASE_URL.rstrip("/") + reverse(
        "catalog:version", args=[version.unit.code, version.number]
    )
    subject = _("公开目录备案待确认：%(unit)s（第%(n)s版）") % {
        "unit": version.unit.name,
        "n": version.number,
    }
    body = _(
        "%(unit)s已将党务公开目录（第%(n)s版，备案文号%(ref)s）报上级备案，请确认：%(link)s"
    ) % {
        "unit": version.unit.name,
        "n": version.number,
        "ref": version.filing_reference,
        "link": link,
    }
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
        )
    )
