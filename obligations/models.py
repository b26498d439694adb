from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import TimeLimit


class DeadlineRule(models.Model):
    """How many working days a unit allows for a kind of item. Rows are never edited: a change is
    a new row with its own effective date, so the history of the rules is kept."""

    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="deadline_rules",
    )
    time_limit = models.CharField(_("公开时限"), max_length=20, choices=TimeLimit.choices)
    important = models.BooleanField(_("重要党务工作"), default=False)
    workdays = models.PositiveSmallIntegerField(_("工作日数"))
    trigger = models.CharField(_("起算事件"), max_length=100)
    effective_from = models.DateField(_("生效日期"))
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("调整理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("公开时限规则")
        verbose_name_plural = _("公开时限规则")
        ordering = ["unit", "time_limit", "important", "-effective_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(workdays__gte=1), name="deadline_rule_positive_workdays"
            ),
            models.CheckConstraint(
                condition=Q(time_limit__in=TimeLimit.values), name="deadline_rule_time_limit_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_time_limit_display()}{'（重要）' if self.important else ''}：{self.workdays}个工作日"


class Obligation(models.Model):
    """One duty to disclose a catalog item within a number of working days after a trigger date."""

    class Status(models.TextChoices):
        OPEN = "open", _("待公开")
        PAUSED = "paused", _("已暂停")
        MET_ON_TIME = "met_on_time", _("按时公开")
        MET_LATE = "met_late", _("逾期公开")
        WITHHELD = "withheld", _("暂缓公开并备案")

    TRANSITIONS = {
        Status.OPEN: {Status.PAUSED, Status.MET_ON_TIME, Status.MET_LATE, Status.WITHHELD},
        Status.PAUSED: {Status.OPEN, Status.WITHHELD},
        Status.MET_ON_TIME: set(),
        Status.MET_LATE: set(),
        Status.WITHHELD: {Status.OPEN},
    }

    class Trigger(models.TextChoices):
        DECIDED = "decided", _("事项确定")
        CHANGED = "changed", _("事项修改")
        ROUND_COMPLETED = "round_completed", _("一轮工作完成")
        DECISION = "decision", _("作出决定")
        APPLICATION = "application", _("受理申请")

    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("目录事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    # The item across catalog versions; obligations follow it when the catalog is revised.
    item_lineage = models.UUIDField(_("事项标识"), null=True, blank=True, db_index=True)
    departments = models.ManyToManyField(
        "organizations.Department", verbose_name=_("责任处室"), related_name="obligations"
    )
    title = models.CharField(_("名称"), max_length=200)
    round_key = models.CharField(
        _("轮次"),
        max_length=40,
        help_text=_("如 2026-Q3、2026-10-08-决定；同一事项同一轮次只有一项义务"),
    )
    trigger = models.CharField(_("起算事件"), max_length=20, choices=Trigger.choices)
    trigger_date = models.DateField(_("起算日期"))
    workdays = models.PositiveSmallIntegerField(_("工作日数"))
    rule = models.ForeignKey(
        DeadlineRule,
        verbose_name=_("依据规则"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_workdays = models.PositiveSmallIntegerField(_("延长工作日数"), default=0)
    paused_workdays = models.PositiveSmallIntegerField(
        _("暂停顺延工作日数"), default=0, help_text=_("已结束的暂停所顺延的工作日")
    )
    paused_since = models.DateField(_("暂停起始日"), null=True, blank=True)
    due_date = models.DateField(_("截止日期"), db_index=True)
    provisional = models.BooleanField(
        _("暂定"), default=False, help_text=_("截止日期经过尚未公布放假安排的年份")
    )
    explanation = models.JSONField(_("计算说明"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=15, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    met_on = models.DateField(_("公开日期"), null=True, blank=True)
    met_note = models.TextField(_("公开说明"), blank=True)
    withheld_reason = models.TextField(_("暂缓公开理由"), blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("公开义务")
        verbose_name_plural = _("公开义务")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "paused", "met_on_time", "met_late", "withheld"]),
                name="obligation_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["met_on_time", "met_late"]) | Q(met_on__isnull=False),
                name="obligation_met_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="paused") | Q(paused_since__isnull=False),
                name="obligation_paused_has_start",
            ),
            models.UniqueConstraint(
                fields=["unit", "item_lineage", "round_key"],
                name="obligation_unique_round_per_item",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due_date"], name="obligation_unit_status_due")
        ]

    def __str__(self):
        return self.title

    @property
    def is_met(self) -> bool:
        return self.status in (self.Status.MET_ON_TIME, self.Status.MET_LATE)
