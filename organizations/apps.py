from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("组织与人员")

    def ready(self):
        from organizations import signin  # noqa: F401  (sign-in receivers: audit, two-factor step)
