"""The forms of signing in beyond the password: the two-factor code, its management, and the
page to go back to afterwards."""

from django import forms
from django.utils.translation import gettext_lazy as _


class NextForm(forms.Form):
    """The page to return to (checked against the host before it is followed)."""

    next = forms.CharField(required=False, max_length=2000)

    @classmethod
    def target(cls, request) -> str:
        for data in (request.POST, request.GET):
            form = cls({"next": data.get("next", "")})
            if form.is_valid() and form.cleaned_data["next"]:
                return form.cleaned_data["next"]
        return ""


class CodeForm(forms.Form):
    """A six-digit code or a recovery code, as typed: spaces and hyphens dropped, lower case."""

    code = forms.CharField(required=False, max_length=64)

    def clean_code(self) -> str:
        typed = self.cleaned_data["code"][:32]
        return "".join(typed.split()).replace("-", "").lower()


class TwoFactorManageForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("renew", _("重新生成恢复码")), ("disable", _("关闭两步验证"))],
        error_messages={"required": _("未知操作"), "invalid_choice": _("未知操作")},
    )
