from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedToken(models.Model):
    """A private address for a member's Atom feed of what they may read. Revoked tokens answer 404;
    the feed asks the scoping function for the token's user on every request, so a lost role
    empties it at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="disclosure_feed_tokens",
    )
    token = models.CharField(_("令牌"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("订阅令牌")
        verbose_name_plural = _("订阅令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portal:private_feed", args=[self.token])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PublicContentVersion(models.Model):
    """One row: a counter that every change of what the public may read increments, in the same
    transaction as the change (`portal.cache.public_content_changed`). Cached anonymous pages are
    keyed by it, so a retracted or withheld disclosure leaves every cached page, on every server,
    when its transaction commits. `access_version` is incremented by database triggers on every
    change of organizations, departments, memberships and roles; members' cached pages are keyed
    by both (see portal.cache)."""

    version = models.BigIntegerField(_("版本"), default=0)
    access_version = models.BigIntegerField(_("权限版本"), default=0)

    class Meta:
        verbose_name = _("公开内容版本")
        verbose_name_plural = _("公开内容版本")

    def __str__(self):
        return str(self.version)


class CachedPage(models.Model):
    """A page as portal.cache stored it, shared by every server. The key holds the public content
    and access versions it was rendered under and a digest of the request (see portal.cache)."""

    key = models.CharField(_("键"), max_length=120, primary_key=True)
    content_type = models.CharField(_("内容类型"), max_length=100)
    content = models.BinaryField(_("内容"))
    expires_at = models.DateTimeField(_("过期时间"), db_index=True)

    class Meta:
        verbose_name = _("页面缓存")
        verbose_name_plural = _("页面缓存")

    def __str__(self):
        return self.key
