import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Cadence, TimeLimit
from obligations.states import ExtensionStatus, ObligationStatus
from obligations.steps import ExtensionRequestSteps, ObligationSteps
from workflow.engine import StatusField, WorkflowModel

_DATED_ROUNDS = {
    "decision": _("%(date)s作出决定"),
    "round": _("%(date)s一轮工作完成"),
    "changed": _("%(date)s事项修改"),
}


def round_label(key: str) -> str:
    """Reads the keys written by the obligation services (see `_free_round_key`, `periods`)."""
    match = re.fullmatch(r"(decision|round|changed)-(\d{4})-(\d{2})-(\d{2})(?:-(\d+))?", key)
    if match:
        kind, year, month, day, number = match.groups()
        date = _("%(y)s年%(m)s月%(d)s日") % {"y": year, "m": int(month), "d": int(day)}
        label = _DATED_ROUNDS[kind] % {"date": date}
        return label + (_("（第%(n)s次）") % {"n": number} if number else "")
    if match := re.fullmatch(r"decided-(\d+)", key):
        return _("第%(n)s版目录施行") % {"n": match.group(1)}
    if match := re.fullmatch(r"(\d{4})-(\d{2})", key):
        return _("%(y)s年%(m)s月") % {"y": match.group(1), "m": int(match.group(2))}
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", key):
        return _("%(y)s年第%(q)s季度") % {"y": match.group(1), "q": match.group(2)}
    if match := re.fullmatch(r"(\d{4})-H([12])", key):
        if match.group(2) == "1":
            return _("%(y)s年上半年") % {"y": match.group(1)}
        return _("%(y)s年下半年") % {"y": match.group(1)}
    if re.fullmatch(r"\d{4}", key):
        return _("%(y)s年度") % {"y": key}
    return key


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
        values = {"limit": self.get_time_limit_display(), "n": self.workdays}
        if self.important:
            return _("%(limit)s（重要）：%(n)s个工作日") % values
        return _("%(limit)s：%(n)s个工作日") % values


class Obligation(ObligationSteps, WorkflowModel):
    """One duty to disclose a catalog item within a number of working days after a trigger date.
    Its status changes only through its steps (obligations/steps.py) and `workflow.engine.perform`."""

    Status = ObligationStatus

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
    calendar_version = models.CharField(_("日历版本"), max_length=200, blank=True)
    status = StatusField(
        _("状态"), max_length=15, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    met_on = models.DateField(_("公开日期"), null=True, blank=True)
    met_note = models.TextField(_("公开说明"), blank=True)
    withheld_reason = models.TextField(_("暂缓公开理由"), blank=True)
    # 涉及党和国家秘密: the reason is then for the office, approvers, leading group, responsible
    # departments and upper office only, never for the unit's supervisors.
    withheld_secret = models.BooleanField(_("涉及党和国家秘密"), default=False)
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
    def round_label(self) -> str:
        """The round in words (2026年第3季度, 2026年11月28日作出决定), never its key."""
        return round_label(self.round_key)

    @property
    def is_met(self) -> bool:
        return self.status in (self.Status.MET_ON_TIME, self.Status.MET_LATE)


class CadenceSetting(models.Model):
    """The cadence a department set for a 定期 item, overriding the catalog's.

    The approved catalog is frozen, but how often a round of periodic work completes is the
    department's to say (issue 3); each change is a new row, so the history is kept."""

    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    item_lineage = models.UUIDField(_("事项标识"), db_index=True)
    cadence = models.CharField(_("定期公开周期"), max_length=15, choices=Cadence.choices)
    set_at = models.DateTimeField(_("设置时间"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("定期公开周期")
        verbose_name_plural = _("定期公开周期")
        ordering = ["unit", "item_lineage", "-set_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cadence__in=Cadence.values), name="cadence_setting_valid"
            )
        ]

    def __str__(self):
        return self.get_cadence_display()


class ExtensionRequest(ExtensionRequestSteps, WorkflowModel):
    """A department asks for more working days; the office approves or rejects (steps
    `approve`, `reject`; an approval extends the obligation)."""

    Status = ExtensionStatus

    obligation = models.ForeignKey(
        Obligation,
        verbose_name=_("公开义务"),
        on_delete=models.CASCADE,
        related_name="extension_requests",
    )
    workdays = models.PositiveSmallIntegerField(_("延长工作日数"))
    reason = models.TextField(_("理由"))
    status = StatusField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("申请时间"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected"]),
                name="extension_request_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(workdays__gte=1), name="extension_request_positive_workdays"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="extension_request_decided_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.obligation}：+{self.workdays}"

    @property
    def workflow_unit(self):
        return self.obligation.unit


class FeedToken(models.Model):
    """A private address for an iCalendar feed of deadlines: a user's own, or one department's.

    The feed shows what its owner may see now (obligations_visible_to), so a lost role empties it;
    a revoked token answers 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="obligation_feed_tokens",
    )
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("处室"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("空表示本人可见的全部义务"),
    )
    token = models.CharField(_("令牌"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("日历订阅令牌")
        verbose_name_plural = _("日历订阅令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user} · {self.department or _('本人')}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
