"""Who is who, asked the same way by every channel."""

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from organizations.models import (
    APPROVER_ROLES,
    LEADING_GROUP_ROLES,
    OFFICE_ROLES,
    Department,
    Membership,
    Organization,
    Role,
    RoleAssignment,
)


def roles_held(user) -> list[tuple[int, str, int | None, str]]:
    """All (organization id, role, department id, organization path) of a user, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_dwgk_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).values_list(
                "organization_id", "role", "department_id", "organization__path"
            )
        )
        user._dwgk_roles = cached
    return cached


def has_role(user, organization: Organization, roles) -> bool:
    roles = {roles} if isinstance(roles, str) else set(roles)
    return any(
        org_id == organization.pk and role in roles for org_id, role, _d, _p in roles_held(user)
    )


def is_office(user, unit: Organization) -> bool:
    return has_role(user, unit, OFFICE_ROLES)


def is_approver(user, unit: Organization) -> bool:
    return has_role(user, unit, APPROVER_ROLES)


def is_leading_group(user, unit: Organization) -> bool:
    return has_role(user, unit, LEADING_GROUP_ROLES)


def is_supervisor(user, unit: Organization) -> bool:
    return has_role(user, unit, Role.SUPERVISOR)


def is_upper_office_for(user, unit: Organization) -> bool:
    """True when the user sits in the office of an upper level above this unit."""
    return any(
        role == Role.UPPER_OFFICE and unit.path.startswith(path) and org_id != unit.pk
        for org_id, role, _d, path in roles_held(user)
    )


def drafter_department_ids(user, unit: Organization | None = None) -> set[int]:
    return {
        dept_id
        for org_id, role, dept_id, _p in roles_held(user)
        if role == Role.DRAFTER and dept_id and (unit is None or org_id == unit.pk)
    }


def member_unit_ids(user) -> set[int]:
    """Units whose party-internal disclosures this user may read as a party member."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_dwgk_member_units", None)
    if cached is None:
        # One query for the request: the memberships with their organization and its parent (a
        # branch's unit), kept as the user's prefetched memberships, so that `user.memberships.all()`
        # (audience departments in the scoping function) reads them again without a query.
        prefetch_related_objects(
            [user],
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organization__parent"),
            ),
        )
        rows = [m for m in user.memberships.all() if m.is_party_member]
        cached = {m.organization.unit().pk for m in rows}
        user._dwgk_member_units = cached
    return cached


def upper_office_paths(user) -> list[str]:
    return [path for _o, role, _d, path in roles_held(user) if role == Role.UPPER_OFFICE]


def units_administered_by(user) -> QuerySet[Organization]:
    """Organizations a user may manage in the back office: the subtree under each admin or upper-office role."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    paths = [
        path for _o, role, _d, path in roles_held(user) if role in (Role.ADMIN, Role.UPPER_OFFICE)
    ]
    if not paths:
        return Organization.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition)


def departments_administered_by(user) -> QuerySet[Department]:
    return Department.objects.filter(unit__in=units_administered_by(user))


def units_of(user) -> QuerySet[Organization]:
    """The units a user belongs to or works for, for "my unit" views."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    ids = member_unit_ids(user) | {org_id for org_id, _r, _d, _p in roles_held(user)}
    return Organization.objects.filter(
        pk__in=ids, tier__in=[Organization.Tier.UNIT, Organization.Tier.UPPER]
    )


def may_unlock(actor, user) -> bool:
    """The superuser, or an administrator of a unit the person belongs to or works for, may lift
    the person's login lockout."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_superuser:
        return True
    paths = [path for _o, role, _d, path in roles_held(actor) if role == Role.ADMIN]
    if not paths or user.is_superuser:
        return False
    theirs = Organization.objects.filter(
        Q(memberships__user=user) | Q(role_assignments__user=user)
    ).values_list("path", flat=True)
    return any(path.startswith(admin_path) for path in theirs for admin_path in paths)
