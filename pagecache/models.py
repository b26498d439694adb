"""The tables of the shared page cache (pagecache.cache). They were created by the portal app's
migrations and keep their names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicContentVersion(models.Model):
    """One row: a counter that every change of what the public may read increments, in the same
    transaction as the change (`pagecache.cache.public_content_changed`). Cached anonymous pages are
    keyed by it, so a retracted or withheld disclosure leaves every cached page, on every server,
    when its transaction commits. `access_version` is incremented by database triggers on every
    change of organizations, departments, memberships and roles; members' cached pages are keyed
    by both (see pagecache.cache)."""

    version = models.BigIntegerField(_("版本"), default=0)
    access_version = models.BigIntegerField(_("权限版本"), default=0)

    class Meta:
        db_table = "portal_publiccontentversion"  # created by portal's migrations, kept by name
        verbose_name = _("公开内容版本")
        verbose_name_plural = _("公开内容版本")

    def __str__(self):
        return str(self.version)


class CachedPage(models.Model):
    """A page as pagecache.cache stored it, shared by every server. The key holds the public content
    and access versions it was rendered under and a digest of the request (see pagecache.cache)."""

    key = models.CharField(_("键"), max_length=120, primary_key=True)
    content_type = models.CharField(_("内容类型"), max_length=100)
    content = models.BinaryField(_("内容"))
    expires_at = models.DateTimeField(_("过期时间"), db_index=True)

    class Meta:
        db_table = "portal_cachedpage"  # created by portal's migrations, kept by name
        verbose_name = _("页面缓存")
        verbose_name_plural = _("页面缓存")

    def __str__(self):
        return self.key
