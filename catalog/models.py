import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog import rules
from catalog.effects import tell_upper_office
from catalog.events import CatalogEvents
from dwgk.refusals import BadInput
from workflow.engine import StatusField, WorkflowModel, step


class DisclosureForm(models.Model):
    """A form of disclosure (公开形式). The list is data; more can be added."""

    class Evidence(models.TextChoices):
        ONLINE = "online", _("系统内发布（内网、网站）")
        MEETING = "meeting", _("会议记录")
        DOCUMENT = "document", _("发文记录")
        PRESS = "press", _("媒体刊播记录")
        OTHER = "other", _("其他记录")

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    evidence = models.CharField(_("公开凭证"), max_length=10, choices=Evidence.choices)
    # Words that mean this form in imported spreadsheets besides the name (e.g. 报刊 for 报纸).
    aliases = models.CharField(_("别名"), max_length=100, blank=True, help_text=_("以顿号分隔"))
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("公开形式")
        verbose_name_plural = _("公开形式")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class TimeLimit(models.TextChoices):
    LONG_TERM = "long_term", _("长期")
    PERIODIC = "periodic", _("定期")
    IMMEDIATE = "immediate", _("及时")
    ON_APPLICATION = "on_application", _("依申请")


class Scope(models.TextChoices):
    # Ordered from the narrowest to the widest audience; scope_rank() relies on this order.
    INTERNAL_RANGE = "internal_range", _("党内一定范围")
    INTERNAL = "internal", _("党内")
    INTERNAL_THEN_PUBLIC = "internal_then_public", _("先党内后党外")
    PUBLIC = "public", _("社会")


def scope_rank(scope: str) -> int:
    return list(Scope.values).index(scope)


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")
    YEARLY = "yearly", _("每年")
    PER_ROUND = "per_round", _("每轮工作完成后")


class CatalogVersion(WorkflowModel):
    """One version of a unit's catalog. Only a draft is edited; approval freezes it.

    Its status changes only through `workflow.engine.perform` and the steps declared below:
    draft → approved (the party group) → filed (with the upper level) → acknowledged (by it)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        APPROVED = "approved", _("党组已审批")
        FILED = "filed", _("已报上级备案")
        ACKNOWLEDGED = "acknowledged", _("上级已确认备案")

    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="catalog_versions",
    )
    number = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("目录名称"), max_length=100)
    status = StatusField(_("状态"), max_length=15, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("修订自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approval_reference = models.CharField(
        _("审批依据"), max_length=100, blank=True, help_text=_("如党组会议纪要")
    )
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filing_reference = models.CharField(_("备案文号"), max_length=100, blank=True)
    acknowledged_at = models.DateTimeField(_("上级确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上级确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("公开目录版本")
        verbose_name_plural = _("公开目录版本")
        ordering = ["unit", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"], name="catalog_version_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "approved", "filed", "acknowledged"]),
                name="catalog_version_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(effective_from__isnull=False, approved_at__isnull=False),
                name="catalog_version_approved_has_dates",
            ),
            # One draft at a time per unit: a second would make "the next version" ambiguous.
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(status="draft"),
                name="catalog_version_one_draft_per_unit",
            ),
        ]

    def __str__(self):
        return _("%(title)s（第%(number)s版）") % {"title": self.title, "number": self.number}

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    # The steps. Their checks concern the step itself; who may take it is the rule's answer.

    @step(
        source=Status.DRAFT,
        target=Status.APPROVED,
        allowed=rules.approver,
        event=CatalogEvents.APPROVE,
    )
    def approve(self, *, effective_from, approval_reference="", approved_at=None, approved_by=None):
        """The party group approves the draft: frozen, and in force from effective_from."""
        if not self.items.exists():
            raise BadInput(gettext("目录没有事项，不能审批"))
        previous = (
            CatalogVersion.objects.filter(unit_id=self.unit_id, effective_from__isnull=False)
            .exclude(pk=self.pk)
            .order_by("-effective_from")
            .first()
        )
        if previous and effective_from <= previous.effective_from:
            raise BadInput(
                gettext("施行日期必须晚于上一版本的施行日期（%(date)s）")
                % {"date": previous.effective_from.isoformat()},
                field="effective_from",
            )
        self.effective_from = effective_from
        self.approval_reference = approval_reference
        self.approved_at = approved_at or timezone.now()
        self.approved_by = approved_by

    @step(
        source=Status.APPROVED,
        target=Status.FILED,
        allowed=rules.filer,
        event=CatalogEvents.FILE,
        effects=[tell_upper_office],
    )
    def file(self, *, filed_on, filing_reference):
        """Filing (备案) with the upper level; its office is mailed."""
        reference = (filing_reference or "").strip()
        if not reference:
            raise BadInput(gettext("请填写备案文号"), field="filing_reference")
        if self.approved_at and filed_on < timezone.localdate(self.approved_at):
            raise BadInput(gettext("备案日期不能早于党组审批日期"), field="filed_on")
        self.filed_on = filed_on
        self.filing_reference = reference

    @step(
        source=Status.FILED,
        target=Status.ACKNOWLEDGED,
        allowed=rules.upper_office,
        event=CatalogEvents.ACKNOWLEDGE,
    )
    def acknowledge(self, *, acknowledged_at=None, acknowledged_by=None):
        """The upper level's office confirms the filing."""
        acknowledged_at = acknowledged_at or timezone.now()
        if self.filed_on and timezone.localdate(acknowledged_at) < self.filed_on:
            raise BadInput(gettext("确认日期不能早于备案日期"), field="acknowledged_on")
        self.acknowledged_at = acknowledged_at
        self.acknowledged_by = acknowledged_by


class Category(models.Model):
    version = models.ForeignKey(
        CatalogVersion,
        verbose_name=_("目录版本"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    name = models.CharField(_("类别"), max_length=50)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("类别")
        verbose_name_plural = _("类别")
        ordering = ["version", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "name"], name="category_unique_name_per_version"
            )
        ]

    def __str__(self):
        return self.name


class Item(models.Model):
    """One item of a catalog version (公开事项)."""

    version = models.ForeignKey(
        CatalogVersion, verbose_name=_("目录版本"), on_delete=models.CASCADE, related_name="items"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("类别"), on_delete=models.CASCADE, related_name="items"
    )
    # The same item across versions shares a lineage, so obligations and disclosures follow it.
    lineage = models.UUIDField(_("事项标识"), default=uuid.uuid4, db_index=True)
    number = models.PositiveIntegerField(_("序号"))
    content = models.CharField(_("公开内容"), max_length=200)
    forms = models.ManyToManyField(DisclosureForm, verbose_name=_("公开形式"), related_name="items")
    time_limit = models.CharField(_("公开时限"), max_length=20, choices=TimeLimit.choices)
    important = models.BooleanField(
        _("重要党务工作"), default=False, help_text=_("定期公开不超过7个工作日")
    )
    cadence = models.CharField(
        _("定期公开周期"),
        max_length=15,
        choices=Cadence.choices,
        default=Cadence.PER_ROUND,
        blank=True,
    )
    scope = models.CharField(_("公开范围"), max_length=25, choices=Scope.choices)
    audience = models.CharField(
        _("一定范围"), max_length=200, blank=True, help_text=_("党内一定范围时写明范围")
    )
    departments = models.ManyToManyField(
        "organizations.Department", verbose_name=_("责任处室"), related_name="catalog_items"
    )
    retention_days = models.PositiveIntegerField(
        _("保留公开天数"), null=True, blank=True, help_text=_("公开后保留的天数；空表示长期保留")
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("目录事项")
        verbose_name_plural = _("目录事项")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="item_unique_number_per_version"
            ),
            models.UniqueConstraint(
                fields=["version", "lineage"], name="item_unique_lineage_per_version"
            ),
            models.CheckConstraint(
                condition=Q(time_limit__in=TimeLimit.values), name="item_time_limit_valid"
            ),
            models.CheckConstraint(condition=Q(scope__in=Scope.values), name="item_scope_valid"),
            models.CheckConstraint(
                condition=~Q(scope="internal_range") | ~Q(audience=""),
                name="item_range_names_audience",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.content}"
