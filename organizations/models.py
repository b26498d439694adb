from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Their place in the party comes from Membership and RoleAssignment."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Session(AbstractBaseSession):
    """A browser's session (Django's database session) with the user signed in on it, so that a
    signed-in request reads the session and the user in one statement (organizations.sessions),
    and a user's sessions go when the user does."""

    user = models.ForeignKey(
        User,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("会话")
        verbose_name_plural = _("会话")

    @classmethod
    def get_session_store_class(cls):
        from organizations.sessions import SessionStore

        return SessionStore


class Organization(models.Model):
    """A party organization. They form a tree: upper level → unit → branch."""

    class Tier(models.TextChoices):
        UPPER = "upper", _("上级党组织")
        UNIT = "unit", _("单位")
        BRANCH = "branch", _("党支部")

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("党委")
        WORK_COMMITTEE = "work_committee", _("党工委")
        PARTY_GROUP = "party_group", _("党组")
        GENERAL_BRANCH = "general_branch", _("党总支")
        BRANCH = "branch", _("党支部")

    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("组织类别"), max_length=20, choices=Kind.choices)
    tier = models.CharField(_("层级"), max_length=10, choices=Tier.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path ("/1/7/12/") so that a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    website_name = models.CharField(_("门户网站名称"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    # Separation of duties: whoever drafted a disclosure, update or work plan does not review or
    # approve it. A very small unit's administrator may lift this (the log still names each step).
    drafter_may_review = models.BooleanField(
        _("起草人可审核、审批本人起草的内容（仅限人员很少的单位）"), default=False
    )

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tier__in=["upper", "unit", "branch"]), name="organization_tier_valid"
            ),
            models.CheckConstraint(
                condition=Q(tier="upper") | Q(parent__isnull=False),
                name="organization_only_upper_is_root",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portal:unit", args=[self.code])

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    def unit(self) -> "Organization":
        """The unit this organization belongs to (itself for a unit or an upper level)."""
        if self.tier == self.Tier.BRANCH and self.parent_id:
            return self.parent
        return self

    def subtree(self):
        return Organization.objects.filter(path__startswith=self.path)

    def ancestors(self):
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        return Organization.objects.filter(id__in=ids).exclude(id=self.id).order_by("path")


class Department(models.Model):
    """A department (科室) of a unit; responsible departments draft the catalog's disclosures."""

    unit = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("名称"), max_length=50)
    is_office_seat = models.BooleanField(
        _("党务公开工作办公室所在"),
        default=False,
        help_text=_("党务公开工作办公室设在该处室"),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("责任处室")
        verbose_name_plural = _("责任处室")
        ordering = ["unit", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="department_unique_name_per_unit")
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """Where a person belongs: an organization (unit or branch) and optionally a department."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所在组织"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("所在处室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    is_party_member = models.BooleanField(_("党员"), default=True)

    class Meta:
        verbose_name = _("组织关系")
        verbose_name_plural = _("组织关系")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_unique_user_organization"
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization}"


class Role(models.TextChoices):
    MEMBER = "member", _("党员")
    SUPERVISOR = "supervisor", _("党务公开监督员")
    DRAFTER = "drafter", _("处室起草人")
    OFFICE_DIRECTOR = "office_director", _("办公室主任")
    OFFICE_DEPUTY = "office_deputy", _("办公室副主任")
    OFFICE_MEMBER = "office_member", _("办公室成员")
    GROUP_LEADER = "group_leader", _("领导小组组长")
    GROUP_DEPUTY = "group_deputy", _("领导小组副组长")
    GROUP_MEMBER = "group_member", _("领导小组成员")
    APPROVER = "approver", _("党组审批人")
    UPPER_OFFICE = "upper_office", _("上级党务公开办公室")
    ADMIN = "admin", _("系统管理员")


OFFICE_ROLES = (Role.OFFICE_DIRECTOR, Role.OFFICE_DEPUTY, Role.OFFICE_MEMBER)
LEADING_GROUP_ROLES = (Role.GROUP_LEADER, Role.GROUP_DEPUTY, Role.GROUP_MEMBER)
# Who approves for the party group: the leading group's leader and deputies, and named approvers.
APPROVER_ROLES = (Role.APPROVER, Role.GROUP_LEADER, Role.GROUP_DEPUTY)
# Those who see a unit's work as a whole (all its obligations, its overdue list).
UNIT_WIDE_ROLES = frozenset({*OFFICE_ROLES, *APPROVER_ROLES, *LEADING_GROUP_ROLES, Role.SUPERVISOR})


class RoleAssignment(models.Model):
    """One role one person holds in one organization. A person may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="roles"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("处室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("起草人所属处室"),
    )
    note = models.CharField(_("备注"), max_length=20, blank=True, help_text=_("如：兼"))
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["organization", "role", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role", "department"], name="role_unique_assignment"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="role_valid"),
            models.CheckConstraint(
                condition=~Q(role="drafter") | Q(department__isnull=False),
                name="role_drafter_has_department",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.organization})"
