"""The official working-day calendar: the days that differ from Monday–Friday, grouped by year.

A year's row carries its source (the State Council General Office notice) and a version that goes
up on every change; the arithmetic lives in `workdays.calendar`, changes in `workdays.services`.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source_title = models.CharField(_("依据文件"), max_length=200, blank=True)
    source_date = models.DateField(_("发布日期"), null=True, blank=True)
    source_url = models.URLField(_("文件地址"), max_length=300, blank=True)
    # False: the days are a forecast, not an announced schedule; deadlines through it are provisional.
    official = models.BooleanField(_("已正式公布"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    note = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("年度放假安排")
        verbose_name_plural = _("年度放假安排")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1949, year__lte=2100), name="calendaryear_year_range"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="calendaryear_version"),
        ]

    def __str__(self):
        return f"{self.year}"


class SpecialDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    year = models.ForeignKey(
        CalendarYear, verbose_name=_("年份"), on_delete=models.CASCADE, related_name="days"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("特殊日")
        verbose_name_plural = _("特殊日")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["holiday", "workday"]), name="specialday_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()
