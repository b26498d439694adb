from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Cadence, TimeLimit
from dwgk.dates import ChineseDateField


class MetForm(forms.Form):
    met_on = ChineseDateField(label=_("公开日期"))
    note = forms.CharField(
        label=_("公开说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PauseForm(forms.Form):
    on = ChineseDateField(label=_("暂停日期"))
    reason = forms.CharField(label=_("暂停理由"), max_length=500)


class ResumeForm(forms.Form):
    on = ChineseDateField(label=_("恢复日期"))


class ExtensionForm(forms.Form):
    workdays = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("延期理由"), max_length=500)


class DecideExtensionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批结果"), choices=[("approve", _("批准")), ("reject", _("不批准"))]
    )
    note = forms.CharField(label=_("审批意见"), required=False, max_length=500)


class WithholdForm(forms.Form):
    reason = forms.CharField(label=_("暂缓公开理由（报上级备案）"), max_length=1000)
    secret = forms.BooleanField(label=_("涉及党和国家秘密（理由不向监督员显示）"), required=False)


class RecordForm(forms.Form):
    KINDS = [
        ("decision", _("及时公开事项：作出决定")),
        ("round", _("定期公开事项：一轮工作完成")),
        ("change", _("长期公开事项：事项修改")),
    ]
    kind = forms.ChoiceField(label=_("记录类型"), choices=KINDS)
    item = forms.TypedChoiceField(label=_("目录事项"), coerce=int, choices=[])
    on = ChineseDateField(label=_("日期"))
    title = forms.CharField(label=_("名称或说明"), required=False, max_length=200)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [
            (item.pk, f"{item}" + _("（%(name)s）") % {"name": item.get_time_limit_display()})
            for item in items
        ]


class CadenceForm(forms.Form):
    item = forms.TypedChoiceField(label=_("定期公开事项"), coerce=int, choices=[])
    cadence = forms.ChoiceField(label=_("公开周期"), choices=Cadence.choices)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [
            (item.pk, f"{item.number}. {item.content}") for item in items
        ]


class FeedTokenForm(forms.Form):
    department = forms.TypedChoiceField(
        label=_("订阅范围"), coerce=int, required=False, empty_value=None, choices=[]
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("本人可见的全部公开义务"))] + [
            (d.pk, f"{d.unit.short_name or d.unit.name} · {d.name}") for d in departments
        ]


def form_errors(form: forms.Form) -> str:
    """All of a form's errors as one line for a 400 page."""
    parts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.append(f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
    return "；".join(parts)


class RuleForm(forms.Form):
    time_limit = forms.ChoiceField(label=_("公开时限"), choices=TimeLimit.choices)
    important = forms.BooleanField(label=_("重要党务工作（仅定期公开）"), required=False)
    workdays = forms.IntegerField(label=_("工作日数"), min_value=1, max_value=10)
    effective_from = ChineseDateField(label=_("生效日期"))
    reason = forms.CharField(label=_("调整理由"), max_length=200)
