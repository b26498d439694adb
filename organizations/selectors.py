from organizations.models import (
    LEADING_GROUP_ROLES,
    OFFICE_ROLES,
    Organization,
    Role,
    RoleAssignment,
)


def leadership_of(unit: Organization) -> dict:
    """The leading group and the office of a unit, in the order the plan lists them."""
    rows = (
        RoleAssignment.objects.filter(
            organization=unit, role__in=[*LEADING_GROUP_ROLES, *OFFICE_ROLES]
        )
        .select_related("user")
        .order_by("sort_order", "id")
    )
    by_role: dict[str, list[RoleAssignment]] = {
        role: [] for role in [*LEADING_GROUP_ROLES, *OFFICE_ROLES]
    }
    for row in rows:
        by_role[row.role].append(row)

    def section(roles, labels):
        return [(label, by_role[role]) for role, label in zip(roles, labels, strict=True)]

    office_seat = unit.departments.filter(is_office_seat=True).first()
    return {
        "leading_group": section(
            LEADING_GROUP_ROLES,
            [Role.GROUP_LEADER.label, Role.GROUP_DEPUTY.label, Role.GROUP_MEMBER.label],
        ),
        "office": section(
            OFFICE_ROLES,
            [Role.OFFICE_DIRECTOR.label, Role.OFFICE_DEPUTY.label, Role.OFFICE_MEMBER.label],
        ),
        "office_seat": office_seat,
    }
