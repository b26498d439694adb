from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from organizations.models import (
    APPROVER_ROLES,
    OFFICE_ROLES,
    UNIT_WIDE_ROLES,
    Organization,
    Role,
)
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
    roles = list(
        request.user.roles.select_related("organization", "department").order_by(
            "organization__path", "role"
        )
    )
    held = {assignment.role for assignment in roles}
    # Each person sees the work screens of the roles they hold, not every screen of the product.
    can = {
        "draft": Role.DRAFTER in held,
        "office": bool(held & set(OFFICE_ROLES)),
        "approve": bool(held & set(APPROVER_ROLES)),
        "upper": Role.UPPER_OFFICE in held,
        "supervise": Role.SUPERVISOR in held,
    }
    can["deadlines"] = any(can.values())
    # Recording decisions and rounds is for the office and the drafting departments; others
    # (supervisors, approvers) are not shown a link that would answer 403.
    record_unit_ids = {
        a.organization_id for a in roles if a.role in OFFICE_ROLES or a.role == Role.DRAFTER
    }
    unit_wide_ids = {a.organization_id for a in roles if a.role in UNIT_WIDE_ROLES}
    context = {
        "roles": roles,
        "units": units_of(request.user),
        "can": can,
        "record_unit_ids": record_unit_ids,
        "unit_wide_ids": unit_wide_ids,
    }
    return render(request, "organizations/my_work.html", context)
