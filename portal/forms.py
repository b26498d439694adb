"""The forms of the member's pages: the private feed addresses."""

from django import forms
from django.utils.translation import gettext_lazy as _


class FeedTokenForm(forms.Form):
    """Make a new private feed address, or revoke one of the member's own."""

    action = forms.ChoiceField(choices=[("create", _("生成")), ("revoke", _("撤销"))])
    token_id = forms.IntegerField(required=False, min_value=1)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "revoke" and not cleaned.get("token_id"):
            self.add_error("token_id", _("请选择要撤销的订阅地址"))
        return cleaned
