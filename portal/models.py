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
