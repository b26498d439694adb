from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from catalog.selectors import catalog_in_force
from organizations.models import Organization


@require_GET
def home(request):
    units = Organization.objects.filter(tier=Organization.Tier.UNIT).order_by("sort_order", "path")
    rows = [(unit, catalog_in_force(unit)) for unit in units[:200]]
    return render(request, "portal/home.html", {"rows": rows})


@require_GET
def unit(request, code):
    organization = get_object_or_404(Organization, code=code)
    return render(
        request,
        "portal/unit.html",
        {"unit": organization, "version": catalog_in_force(organization)},
    )
