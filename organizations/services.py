from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import event_record
from organizations.events import OrganizationEvents, SignInEvents
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
        raise ValidationError(_("上级党组织只能位于另一上级党组织之下"))
    if tier == Organization.Tier.UNIT and (
        parent is None or parent.tier != Organization.Tier.UPPER
    ):
        raise ValidationError(_("单位必须隶属于上级党组织"))
    if tier == Organization.Tier.BRANCH and (
        parent is None or parent.tier != Organization.Tier.UNIT
    ):
        raise ValidationError(_("党支部必须隶属于单位"))
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
        action=OrganizationEvents.ORGANIZATION_CREATED.action,
        actor=actor,
        unit=organization.unit(),
        changes={"name": ("", name), "parent": ("", parent)},
    )
    return organization


@transaction.atomic
def organization_change(*, organization: Organization, actor, changed: list[str]) -> None:
    """Save an organization edited in the back office, recording which fields changed."""
    before = Organization.objects.get(pk=organization.pk)
    organization.save()
    event_record(
        target=organization,
        action=OrganizationEvents.ORGANIZATION_CHANGED.action,
        actor=actor,
        unit=organization,
        changes={
            name: (getattr(before, name), getattr(organization, name))
            for name in changed
            if getattr(before, name) != getattr(organization, name)
        },
    )


@transaction.atomic
def department_create(
    *, unit: Organization, name: str, is_office_seat: bool = False, actor=None, sort_order: int = 0
) -> Department:
    if unit.tier != Organization.Tier.UNIT:
        raise ValidationError(_("只有单位设有处室"))
    department = Department(
        unit=unit, name=name, is_office_seat=is_office_seat, sort_order=sort_order
    )
    department.full_clean()
    department.save()
    event_record(
        target=department,
        action=OrganizationEvents.DEPARTMENT_CREATED.action,
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
        target=user,
        action=OrganizationEvents.USER_CREATED.action,
        actor=actor,
        changes={"username": ("", username)},
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
        raise ValidationError(_("处室不属于该组织所在单位"))
    membership = Membership(
        user=user, organization=organization, department=department, is_party_member=is_party_member
    )
    membership.full_clean()
    membership.save()
    event_record(
        target=membership,
        action=OrganizationEvents.MEMBERSHIP_ADDED.action,
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
        raise ValidationError(_("起草人必须指定处室"))
    if department is not None and department.unit_id != organization.unit().pk:
        raise ValidationError(_("处室不属于该单位"))
    if role == Role.UPPER_OFFICE and organization.tier != Organization.Tier.UPPER:
        raise ValidationError(_("上级办公室角色只能设在上级党组织"))
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
        action=OrganizationEvents.ROLE_ASSIGNED.action,
        actor=actor,
        unit=organization.unit(),
        changes={"user": ("", user), "role": ("", role), "department": ("", department)},
    )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor=None) -> None:
    event_record(
        target=assignment,
        action=OrganizationEvents.ROLE_REVOKED.action,
        actor=actor,
        unit=assignment.organization.unit(),
        changes={"user": (assignment.user, ""), "role": (assignment.role, "")},
    )
    assignment.delete()


def _unit_of(user: User):
    from organizations.signin import unit_of

    return unit_of(user)


@transaction.atomic
def account_unlock(*, user: User, actor) -> int:
    """Lift a login lockout (every address) before its time; returns the failed attempts dropped."""
    from axes.utils import reset

    from organizations.permissions import may_unlock

    if not may_unlock(actor, user):
        raise PermissionDenied(_("只有本单位管理员或超级管理员可以解除锁定"))
    dropped = reset(username=user.get_username())
    event_record(
        target=user,
        action=SignInEvents.UNLOCKED.action,
        actor=actor,
        unit=_unit_of(user),
        changes={"failed_attempts": (dropped, 0)},
    )
    return dropped


RECOVERY_CODES = 10


@transaction.atomic
def totp_device_prepare(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (made once, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
        event_record(
            target=user,
            action=SignInEvents.TWO_FACTOR_ENROLMENT_STARTED.action,
            actor=user,
            unit=_unit_of(user),
        )
    return device


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_enrol(*, device: TOTPDevice, actor: User) -> list[str]:
    """Confirm an authenticator whose code was checked; returns 10 new one-time recovery codes."""
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDenied(_("无法确认该设备"))
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(actor)
    event_record(
        target=actor,
        action=SignInEvents.TWO_FACTOR_ENROLLED.action,
        actor=actor,
        unit=_unit_of(actor),
        from_state="off",
        to_state="on",
    )
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User, actor: User) -> list[str]:
    if user.pk != actor.pk or not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise PermissionDenied(_("尚未启用两步验证"))
    codes = _recovery_codes_replace(user)
    event_record(
        target=user,
        action=SignInEvents.RECOVERY_CODES_RENEWED.action,
        actor=actor,
        unit=_unit_of(user),
    )
    return codes


@transaction.atomic
def two_factor_disable(*, user: User, actor: User) -> None:
    from organizations.signin import two_factor_required

    if user.pk != actor.pk:
        raise PermissionDenied(_("只能关闭自己的两步验证"))
    if two_factor_required(user):
        raise ValidationError(_("您的岗位必须使用两步验证"))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    event_record(
        target=user,
        action=SignInEvents.TWO_FACTOR_DISABLED.action,
        actor=actor,
        unit=_unit_of(user),
        from_state="on",
        to_state="off",
    )
