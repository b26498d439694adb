from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.events import event_label


class Event(models.Model):
    """An append-only record of one state change: who, when, what, from, to, which fields.

    Rows are never updated or deleted; database triggers (migration 0002) refuse it.
    """

    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    # What the event is about, as "app_label.model" and primary key, so every app can use one table.
    target_type = models.CharField(_("对象类型"), max_length=60)
    target_id = models.CharField(_("对象编号"), max_length=40)
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_state = models.CharField(_("原状态"), max_length=30, blank=True)
    to_state = models.CharField(_("新状态"), max_length=30, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"], name="event_target_idx")]

    def __str__(self):
        # Read in the back office's breadcrumbs: the action by its label, never its stored code.
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {event_label(self.action)}"
