from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagecacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("页面缓存")
