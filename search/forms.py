from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from search.text import MAX_QUERY_LENGTH

# A select of every unit is usable up to this many; beyond, the reader types the unit's name or code.
UNIT_SELECT_LIMIT = 100


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("检索词"),
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "required": _("请输入检索词"),
            "max_length": _("检索词不能超过%(limit_value)d个字"),
        },
    )
    unit = forms.CharField(label=_("单位"), required=False)
    category = forms.ChoiceField(label=_("类别"), required=False)
    year = forms.TypedChoiceField(label=_("年份"), required=False, coerce=int, empty_value=None)
    form = forms.ChoiceField(label=_("公开形式"), required=False)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("current", _("当前公开")), ("archived", _("已归档"))],
    )
    page = forms.IntegerField(
        label=_("页码"),
        required=False,
        min_value=1,
        max_value=10000,
        error_messages={"invalid": _("页码应为数字")},
    )

    def __init__(self, data, *, choices: dict, units: list[tuple[str, str]]):
        super().__init__(data)
        everything = [("", _("全部"))]
        self.fields["category"].choices = everything + [(c, c) for c in choices["categories"]]
        self.fields["form"].choices = everything + list(choices["forms"])
        this_year = timezone.localdate().year
        self.fields["year"].choices = everything + [
            (str(y), str(y)) for y in range(this_year, 2010, -1)
        ]
        self.units = units
        self.unit_select = len(units) <= UNIT_SELECT_LIMIT
        if not self.unit_select:
            self.fields["unit"].help_text = _("输入单位全称、简称或代码")

    def clean_unit(self):
        value = self.cleaned_data["unit"].strip()
        if not value:
            return None
        unit = (
            Organization.objects.filter(code=value).first()
            or Organization.objects.filter(name=value).first()
            or Organization.objects.filter(short_name=value).first()
        )
        if unit is None:
            raise forms.ValidationError(_("没有这个单位"))
        return unit
