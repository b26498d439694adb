"""Who may read which disclosure: one scoping function, used by every channel (pages, attachments,
history, back office, exports, search, feeds, API). A person who may not see a disclosure gets 404."""

from django.db.models import Q, QuerySet

from catalog.models import Scope
from disclosures.models import Disclosure
from organizations.models import APPROVER_ROLES, OFFICE_ROLES, Organization, Role
from organizations.permissions import _roles, drafter_department_ids, member_unit_ids

Status = Disclosure.Status


def reached_readers() -> Q:
    """Disclosures that reached their readers and were never withheld or retracted. An archived
    disclosure that had been withheld or retracted before archiving stays with the staff only."""
    return Q(status__in=Disclosure.READABLE, withholding="", retracted_reason="")


def public_condition() -> Q:
    """What anyone may read: disclosures that have been made public and not retracted or withheld."""
    return reached_readers() & Q(public_at__isnull=False)


def _member_condition(user) -> Q:
    """What a party member reads by scope: their units' internal disclosures, and named ranges."""
    readable = reached_readers()
    condition = Q(pk__in=[])
    unit_ids = member_unit_ids(user)
    if unit_ids:
        condition |= Q(
            unit_id__in=unit_ids,
            scope__in=[Scope.INTERNAL, Scope.INTERNAL_THEN_PUBLIC, Scope.PUBLIC],
        )
    # 党内一定范围: only the named audience, by person or by department.
    department_ids = [m.department_id for m in user.memberships.all() if m.department_id]
    audience = Q(audience_users=user)
    if department_ids:
        audience |= Q(audience_departments__in=department_ids)
    condition |= Q(scope=Scope.INTERNAL_RANGE) & Q(
        pk__in=Disclosure.objects.filter(audience).values("pk")
    )
    return readable & condition


def _staff_condition(user) -> Q:
    """Everyone who works on a unit's disclosures sees them in every state, withheld ones included:
    the responsible department's drafters, the office, the approvers, the supervisors, the upper office."""
    condition = Q(pk__in=[])
    staff_roles = {*OFFICE_ROLES, *APPROVER_ROLES}
    unit_ids = {org_id for org_id, role, _d, _p in _roles(user) if role in staff_roles}
    if unit_ids:
        condition |= Q(unit_id__in=unit_ids)
    # Supervisors watch everything of their unit except what is withheld as a party or state secret.
    supervised = {org_id for org_id, role, _d, _p in _roles(user) if role == Role.SUPERVISOR}
    if supervised:
        condition |= Q(unit_id__in=supervised) & ~Q(withholding=Disclosure.Withholding.SECRET)
    department_ids = drafter_department_ids(user)
    if department_ids:
        condition |= Q(department_id__in=department_ids)
    upper_paths = [path for _o, role, _d, path in _roles(user) if role == Role.UPPER_OFFICE]
    if upper_paths:
        below = Q()
        for path in upper_paths:
            below |= Q(path__startswith=path)
        condition |= Q(unit_id__in=Organization.objects.filter(below).values("pk"))
    return condition


def disclosure_visibility(user) -> Q:
    """The permission filter as a Q, so that search and counts can put it inside their own query."""
    if getattr(user, "is_superuser", False):
        return Q()
    condition = public_condition()
    if getattr(user, "is_authenticated", False):
        condition |= _member_condition(user) | _staff_condition(user)
    return condition


def disclosures_visible_to(user) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(disclosure_visibility(user))


def disclosure_for_reader(user, pk) -> Disclosure:
    """The disclosure if this user may see it, else Http404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        disclosures_visible_to(user).select_related("unit", "item", "department"), pk=pk
    )


def can_work_on(user, disclosure: Disclosure) -> bool:
    """True for those who see the disclosure in every state (not plain readers)."""
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return Disclosure.objects.filter(_staff_condition(user), pk=disclosure.pk).exists()
