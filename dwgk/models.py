from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """What `dwgk scheduler` did with one job, on any server: counters for /metrics and the last
    run for /readyz. One row per job, updated in place (a log of every run would only grow)."""

    name = models.CharField(_("任务"), max_length=60, unique=True)
    runs = models.PositiveBigIntegerField(_("运行次数"), default=0)
    failures = models.PositiveBigIntegerField(_("失败次数"), default=0)
    last_run_at = models.DateTimeField(_("最近运行"), null=True, blank=True)
    last_failed_at = models.DateTimeField(_("最近失败"), null=True, blank=True)

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")

    def __str__(self):
        return self.name
