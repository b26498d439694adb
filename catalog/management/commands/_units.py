from django.core.management.base import CommandError
from django.db.models import Q

from organizations.models import Organization


def unit_from_argument(value: str) -> Organization:
    """A unit named on the command line by its code, full name or short name."""
    value = (value or "").strip()
    unit = (
        Organization.objects.filter(tier=Organization.Tier.UNIT)
        .filter(Q(code=value) | Q(name=value) | Q(short_name=value))
        .first()
    )
    if unit is None:
        raise CommandError(f"找不到单位“{value}” / No unit “{value}” (code or full name)")
    return unit
