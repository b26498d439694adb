from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import event_record
from organizations.models import Department, Membership, Organization, Role, RoleAssignment, User


@transaction.atomic
def organization_create(
    *,
    code: str,
    name: str,
    kind: str,
    tier: str,
    parent: Organization | None = None,
    short_name: str = "",
    actor=None,
    sort_order: int = 0,
) -> Organization:
    if (
        tier == Organization.Tier.UPPER
        and parent is not None
        and parent.tier != Organization.Tier.UPPER
    ):
        raise ValidationError(
            _(
                "上级党组织只能位于另一上级党组织之下 / An upper level can only sit under another upper level"
            )
        )
    if tier == Organization.Tier.UNIT and (
        parent is None or parent.tier != Organization.Tier.UPPER
    ):
        raise ValidationError(_("单位必须隶属于上级党组织 / A unit must sit under an upper level"))
    if tier == Organization.Tier.BRANCH and (
        parent is None or parent.tier != Organization.Tier.UNIT
    ):
        raise ValidationError(_("党支部必须隶属于单位 / A branch must sit under a unit"))
    organization = Organization(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        tier=tier,
        parent=parent,
        path="",
        sort_order=sort_order,
    )
    organization.full_clean(exclude=["path"])
    organization.save()
    organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
    organization.save(update_fields=["path"])
    event_record(
        target=organization,
        action="organization.created",
        actor=actor,
        unit=organization.unit(),
        changes={"name": ("", name), "parent": ("", parent)},
    )
    return organization


@transaction.atomic
def department_create(
    *, unit: Organization, name: str, is_office_seat: bool = False, actor=None, sort_order: int = 0
) -> Department:
    if unit.tier != Organization.Tier.UNIT:
        raise ValidationError(_("只有单位设有处室 / Only a unit has departments"))
    department = Department(
        unit=unit, name=name, is_office_seat=is_office_seat, sort_order=sort_order
    )
    department.full_clean()
    department.save()
    event_record(
        target=department,
        action="department.created",
        actor=actor,
        unit=unit,
        changes={"name": ("", name)},
    )
    return department


@transaction.atomic
def user_create(
    *, username: str, full_name: str, password: str | None, email: str = "", actor=None
) -> User:
    user = User(username=username, full_name=full_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    event_record(
        target=user, action="user.created", actor=actor, changes={"username": ("", username)}
    )
    return user


@transaction.atomic
def membership_add(
    *,
    user: User,
    organization: Organization,
    department: Department | None = None,
    is_party_member: bool = True,
    actor=None,
) -> Membership:
    if department is not None and department.unit_id != organization.unit().pk:
        raise ValidationError(
            _("处室不属于该组织所在单位 / The department is not in this organization's unit")
        )
    membership = Membership(
        user=user, organization=organization, department=department, is_party_member=is_party_member
    )
    membership.full_clean()
    membership.save()
    event_record(
        target=membership,
        action="membership.added",
        actor=actor,
        unit=organization.unit(),
        changes={"organization": ("", organization), "department": ("", department)},
    )
    return membership


@transaction.atomic
def role_assign(
    *,
    user: User,
    organization: Organization,
    role: str,
    department: Department | None = None,
    note: str = "",
    sort_order: int = 0,
    actor=None,
) -> RoleAssignment:
    if role == Role.DRAFTER and department is None:
        raise ValidationError(_("起草人必须指定处室 / A drafter needs a department"))
    if department is not None and department.unit_id != organization.unit().pk:
        raise ValidationError(_("处室不属于该单位 / The department is not in this unit"))
    if role == Role.UPPER_OFFICE and organization.tier != Organization.Tier.UPPER:
        raise ValidationError(
            _(
                "上级办公室角色只能设在上级党组织 / The upper-level office role belongs to an upper level"
            )
        )
    existing = RoleAssignment.objects.filter(
        user=user, organization=organization, role=role, department=department
    ).first()
    if existing:
        return existing
    assignment = RoleAssignment.objects.create(
        user=user,
        organization=organization,
        role=role,
        department=department,
        note=note,
        sort_order=sort_order,
    )
    event_record(
        target=assignment,
        action="role.assigned",
        actor=actor,
        unit=organization.unit(),
        changes={"user": ("", user), "role": ("", role), "department": ("", department)},
    )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor=None) -> None:
    event_record(
        target=assignment,
        action="role.revoked",
        actor=actor,
        unit=assignment.organization.unit(),
        changes={"user": (assignment.user, ""), "role": (assignment.role, "")},
    )
    assignment.delete()
