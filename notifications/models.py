from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """An in-app notice for one person; it stays until read."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("即将到期")
        OVERDUE = "overdue", _("已逾期")
        OFFICE_OVERDUE = "office_overdue", _("本单位逾期清单")
        UPPER_COUNTS = "upper_counts", _("下级单位逾期统计")
        OTHER = "other", _("其他")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["due_soon", "overdue", "office_overdue", "upper_counts", "other"]
                ),
                name="notice_kind_valid",
            )
        ]

    def __str__(self):
        return self.title


class ReminderDelivery(models.Model):
    """The claim on one reminder: inserted, under a unique key, in the same transaction that
    writes the notice and queues the mail. A second run (or a second server at the same moment)
    fails to insert the same key and sends nothing, so a reminder goes out once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Notice.Kind.choices)
    # obligation:<id>:<due date> for one obligation's reminder; unit:<id>:<date> for a daily list.
    key = models.CharField(_("提醒标识"), max_length=100)
    obligation = models.ForeignKey(
        "obligations.Obligation",
        verbose_name=_("公开义务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_date = models.DateField(_("提醒日期"))
    sent_at = models.DateTimeField(_("发送时间"))

    class Meta:
        verbose_name = _("提醒发送记录")
        verbose_name_plural = _("提醒发送记录")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], name="reminder_delivery_once"
            )
        ]

    def __str__(self):
        return f"{self.recipient} {self.kind} {self.key}"
