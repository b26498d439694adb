from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Scope
from disclosures.states import DisclosureStatus, UpdateStatus, WorkPlanStatus
from disclosures.steps import DisclosureSteps, UpdateSteps, WorkPlanSteps
from workflow.engine import StatusField, WorkflowModel


class WorkPlan(WorkPlanSteps, WorkflowModel):
    """工作方案 for an item outside the catalog: the upper level must approve it before disclosure.
    Its steps are declared in disclosures/steps.py."""

    Status = WorkPlanStatus

    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="work_plans",
    )
    title = models.CharField(_("事项名称"), max_length=200)
    body = models.TextField(_("工作方案"))
    scope = models.CharField(_("拟公开范围"), max_length=25, choices=Scope.choices)
    status = StatusField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("目录外事项工作方案")
        verbose_name_plural = _("目录外事项工作方案")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved", "rejected"]),
                name="work_plan_status_valid",
            )
        ]

    def __str__(self):
        return self.title


class Disclosure(DisclosureSteps, WorkflowModel):
    """One act of opening a catalog item (or an approved off-catalog item). Its steps are declared
    in disclosures/steps.py."""

    Status = DisclosureStatus
    # States in which the disclosure has reached its readers (members, and the public if public_at is set).
    READABLE = (Status.INTERNAL, Status.PUBLIC, Status.RETENTION_ENDED, Status.ARCHIVED)
    # States only the people who work on it see.
    WORKING = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.REVIEWED, Status.APPROVED)

    class Withholding(models.TextChoices):
        SECRET = "secret", _("涉及党和国家秘密")
        NOT_YET = "not_yet", _("暂不宜公开")
        CANNOT = "cannot", _("不能公开")

    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("目录事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    obligation = models.ForeignKey(
        "obligations.Obligation",
        verbose_name=_("公开义务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    work_plan = models.ForeignKey(
        WorkPlan,
        verbose_name=_("目录外事项工作方案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("起草处室"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    forms = models.ManyToManyField(
        "catalog.DisclosureForm", verbose_name=_("公开形式"), related_name="disclosures"
    )
    scope = models.CharField(_("公开范围"), max_length=25, choices=Scope.choices)
    audience_departments = models.ManyToManyField(
        "organizations.Department", verbose_name=_("一定范围：处室"), blank=True, related_name="+"
    )
    audience_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("一定范围：人员"), blank=True, related_name="+"
    )
    status = StatusField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Optimistic locking: an edit made on a stale version is refused with both versions shown.
    revision = models.PositiveIntegerField(_("修订号"), default=1)
    secrecy_review = models.JSONField(_("保密审查"), default=dict, blank=True)
    withholding = models.CharField(
        _("暂缓类别"), max_length=10, choices=Withholding.choices, blank=True
    )
    withheld_reason = models.TextField(_("暂缓理由"), blank=True)
    filed_with_upper_at = models.DateTimeField(_("报上级备案时间"), null=True, blank=True)
    filing_acknowledged_at = models.DateTimeField(_("上级确认备案时间"), null=True, blank=True)
    retracted_reason = models.TextField(_("撤回理由"), blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"))
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    # The internal period (working days) the approver sets for 先党内后党外; counted from publication.
    internal_period_workdays = models.PositiveSmallIntegerField(
        _("党内公开期（工作日）"), null=True, blank=True
    )
    # When a 先党内后党外 disclosure becomes public (set by the approver); the release job acts on it.
    public_from = models.DateTimeField(_("转社会公开时间"), null=True, blank=True, db_index=True)
    public_at = models.DateTimeField(_("社会公开时间"), null=True, blank=True, db_index=True)
    retention_until = models.DateField(_("保留公开至"), null=True, blank=True, db_index=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "submitted",
                        "returned",
                        "reviewed",
                        "approved",
                        "internal",
                        "public",
                        "retention_ended",
                        "archived",
                        "withheld",
                        "retracted",
                    ]
                ),
                name="disclosure_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=Scope.values), name="disclosure_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(item__isnull=False) | Q(work_plan__isnull=False),
                name="disclosure_item_or_work_plan",
            ),
            models.CheckConstraint(
                condition=~Q(status="withheld") | ~Q(withholding=""),
                name="disclosure_withheld_has_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="public") | Q(public_at__isnull=False),
                name="disclosure_public_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["unit", "status", "published_at"], name="disclosure_unit_status_pub"
            ),
            models.Index(fields=["status", "public_at"], name="disclosure_status_public_at"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("disclosures:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.public_at is not None and self.status in self.READABLE

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED


class DisclosureUpdate(UpdateSteps, WorkflowModel):
    """A progress update (随时公开) of a published disclosure, reviewed and approved like the first.
    Its steps are declared in disclosures/steps.py."""

    Status = UpdateStatus

    disclosure = models.ForeignKey(
        Disclosure, verbose_name=_("公开事项"), on_delete=models.PROTECT, related_name="updates"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("进展情况"))
    status = StatusField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(_("修订号"), default=1)
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("进展更新")
        verbose_name_plural = _("进展更新")
        ordering = ["disclosure", "-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "reviewed", "published"]),
                name="disclosure_update_status_valid",
            )
        ]

    @property
    def workflow_unit(self):
        return self.disclosure.unit

    def __str__(self):
        return self.title


class Attachment(models.Model):
    """A file of a disclosure (or of one of its updates or evidence), stored outside the web roots."""

    disclosure = models.ForeignKey(
        Disclosure, verbose_name=_("公开事项"), on_delete=models.PROTECT, related_name="attachments"
    )
    update = models.ForeignKey(
        DisclosureUpdate,
        verbose_name=_("进展更新"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to="attachments/%Y/%m/", max_length=255)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Text extracted for full-text search (PDF, docx); empty where nothing could be extracted.
    text = models.TextField(_("提取文本"), blank=True)
    # The reader failed or refused the file (damaged, a decompression bomb, over its time or memory).
    text_failed = models.BooleanField(_("未能提取文字"), default=False)
    is_evidence = models.BooleanField(
        _("公开凭证附件"), default=False, help_text=_("如会议记录，不对读者展示")
    )
    uploaded_at = models.DateTimeField(_("上传时间"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Evidence(models.Model):
    """What shows a form the system cannot publish itself took place: a meeting, a document, the press."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("会议")
        DOCUMENT = "document", _("文件")
        PRESS = "press", _("报刊、广播、电视")
        OTHER = "other", _("其他")

    disclosure = models.ForeignKey(
        Disclosure, verbose_name=_("公开事项"), on_delete=models.PROTECT, related_name="evidence"
    )
    form = models.ForeignKey(
        "catalog.DisclosureForm",
        verbose_name=_("公开形式"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("日期"))
    meeting_name = models.CharField(_("会议名称"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("参会人数"), null=True, blank=True)
    minutes = models.ForeignKey(
        Attachment,
        verbose_name=_("会议记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_number = models.CharField(_("发文字号"), max_length=100, blank=True)
    distribution = models.CharField(_("发送范围"), max_length=200, blank=True)
    outlet = models.CharField(_("媒体名称"), max_length=100, blank=True)
    address = models.CharField(_("版面或网址"), max_length=300, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_at = models.DateTimeField(_("记录时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("公开凭证")
        verbose_name_plural = _("公开凭证")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["meeting", "document", "press", "other"]),
                name="evidence_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="document") | ~Q(document_number=""),
                name="evidence_document_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(kind="meeting") | ~Q(meeting_name=""), name="evidence_meeting_has_name"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"
