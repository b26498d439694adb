"""What the obligation pages share."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from obligations.selectors import can_see_unit_wide, display_label
from organizations.models import Organization
from organizations.permissions import drafter_department_ids


def unit_for(request, code) -> Organization:
    """A unit the user works in or oversees; 404 for everybody else."""
    unit = get_object_or_404(Organization, code=code, tier=Organization.Tier.UNIT)
    if can_see_unit_wide(request.user, unit) or drafter_department_ids(request.user, unit):
        return unit
    raise Http404


def with_labels(rows):
    """The shown status in words on each row annotated with `display_status`."""
    for row in rows:
        row.display_label = display_label(row.display_status)
    return rows
