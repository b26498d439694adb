from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DwgkConfig(AppConfig):
    """The project package as an app: it carries the cross-app commands (demo, serve, scheduler)."""

    name = "dwgk"
    verbose_name = _("党务公开管理平台")
