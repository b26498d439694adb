from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ArchiveRecord(models.Model):
    """A disclosure filed in the archive (归档): numbered 年度-类别-件号 in the manner of DA/T 22,
    with a retention term and a manifest that holds the SHA-256 of every file and of the record."""

    class Term(models.TextChoices):
        PERMANENT = "permanent", _("永久")
        THIRTY_YEARS = "30y", _("30年")
        TEN_YEARS = "10y", _("10年")

    disclosure = models.OneToOneField(
        "disclosures.Disclosure",
        verbose_name=_("公开事项"),
        on_delete=models.PROTECT,
        related_name="archive_record",
    )
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="archive_records",
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    # The catalog category's order (01, 02 …); 99 for items outside the catalog.
    category_code = models.PositiveSmallIntegerField(_("类别号"))
    category_name = models.CharField(_("类别"), max_length=50)
    sequence = models.PositiveIntegerField(_("件号"))
    number = models.CharField(_("档号"), max_length=20)
    retention_term = models.CharField(_("保管期限"), max_length=10, choices=Term.choices)
    archived_at = models.DateTimeField(_("归档时间"))
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("归档人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    manifest = models.JSONField(_("归档清单"))
    manifest_sha256 = models.CharField(_("清单SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("归档记录")
        verbose_name_plural = _("归档记录")
        ordering = ["-year", "category_code", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "category_code", "sequence"],
                name="archive_unique_sequence",
            ),
            models.UniqueConstraint(fields=["unit", "number"], name="archive_unique_number"),
            models.CheckConstraint(
                condition=Q(retention_term__in=["permanent", "30y", "10y"]),
                name="archive_term_valid",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("archive:record", args=[self.pk])
