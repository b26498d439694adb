"""The forms of the catalog's manage page: which step on which version, and each step's fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dwgk.dates import ChineseDateField

NEW_DRAFT = "new_draft"


class ManageActionForm(forms.Form):
    """What was asked: a new draft, or one step on one of the unit's versions (by number)."""

    action = forms.ChoiceField(
        choices=[
            (NEW_DRAFT, _("创建新草稿（修订目录）")),
            ("approve", _("批准（党组审批）")),
            ("file", _("报上级备案")),
            ("acknowledge", _("上级确认备案")),
        ],
        error_messages={"required": _("未知的操作"), "invalid_choice": _("未知的操作")},
        widget=forms.HiddenInput,
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = versions

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action is None or action == NEW_DRAFT:
            cleaned["version"] = None
            return cleaned
        number = cleaned.get("version")
        version = self.versions.filter(number=number).first() if number else None
        if version is None:
            raise forms.ValidationError(_("请选择目录版本"))
        cleaned["version"] = version
        return cleaned


class ApproveForm(forms.Form):
    effective_from = ChineseDateField(label=_("施行日期"))
    approval_reference = forms.CharField(
        label=_("审批依据（如党组会议纪要、文号）"), max_length=100, required=False
    )
    approved_on = ChineseDateField(label=_("党组审批日期（不填为今天）"), required=False)


class FileForm(forms.Form):
    filed_on = ChineseDateField(label=_("备案日期"))
    filing_reference = forms.CharField(label=_("备案文号"), max_length=100)


class AcknowledgeForm(forms.Form):
    acknowledged_on = ChineseDateField(label=_("上级确认日期（不填为今天）"), required=False)


# The fields each step asks for, by the step's name on CatalogVersion.
STEP_FORMS = {"approve": ApproveForm, "file": FileForm, "acknowledge": AcknowledgeForm}
