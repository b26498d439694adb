from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from organizations.models import Organization
from organizations.permissions import units_of
from organizations.selectors import leadership_of


@require_GET
def leadership(request, code):
    """The leading group and office of a unit, laid out as section 四(一) of the plan. Public, as the plan is."""
    unit = get_object_or_404(
        Organization, code=code, tier__in=[Organization.Tier.UNIT, Organization.Tier.UPPER]
    )
    return render(request, "organizations/leadership.html", {"unit": unit, **leadership_of(unit)})


@login_required
@require_GET
def my_work(request):
    roles = request.user.roles.select_related("organization", "department").order_by(
        "organization__path", "role"
    )
    return render(
        request, "organizations/my_work.html", {"roles": roles, "units": units_of(request.user)}
    )
