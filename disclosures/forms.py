"""The forms of the disclosure pages, one for every POST, with the field names the pages post.

The forms read and check what was typed (numbers, dates, choices among the unit's own); whether
the step may be taken with it is the services' to say, and their refusal is shown on the same
form (dwgk.refusals.add_to_form). A failed form is rendered again as it was typed."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.models import Item, Scope
from disclosures import services
from disclosures.models import Disclosure
from dwgk.dates import ChineseDateField
from organizations.models import Department, Membership, User

WHOLE_NUMBER = {"invalid": _("请填写整数")}


def _text(label, **kwargs):
    """Free text passed to the service as typed (the services strip and require what they need)."""
    return forms.CharField(label=label, required=False, strip=False, **kwargs)


def error_messages(form: forms.Form) -> list[str]:
    """Every error of the form, the fields' first, each with its field's label."""
    lines = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            lines.append(f"{field.label}：{error}" if field and field.label else error)
    return lines


# --- drafting ------------------------------------------------------------------------------------


class PreviewMixin(forms.Form):
    """The 预览 button: shows the body as it will read and saves nothing."""

    preview = forms.BooleanField(required=False)

    @property
    def previewing(self) -> bool:
        return bool(self.is_bound and self["preview"].data)


class DraftForm(PreviewMixin):
    """A new draft: a catalog item, or an approved work plan for an off-catalog disclosure."""

    item = forms.ModelChoiceField(
        label=_("目录事项"),
        queryset=Item.objects.select_related("version__unit"),
        required=False,
        error_messages={"invalid_choice": _("目录事项不存在")},
    )
    work_plan = forms.ModelChoiceField(
        label=_("或：目录外事项（上级已同意的工作方案）"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("工作方案不存在")},
    )
    title = _text(_("标题"))
    body = _text(_("正文"))

    def __init__(self, *args, work_plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_plan"].queryset = work_plans

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("item") is not None:
            cleaned["work_plan"] = None
        elif cleaned.get("work_plan") is None and not self.has_error("item"):
            if not self.has_error("work_plan"):
                self.add_error("item", gettext("请选择目录事项或目录外工作方案"))
        return cleaned

    @property
    def unit(self):
        """The unit the draft is for: the item's, or the work plan's."""
        item, plan = self.cleaned_data["item"], self.cleaned_data["work_plan"]
        return item.version.unit if item is not None else plan.unit


class EditForm(PreviewMixin):
    """A title and body edited on a known revision (a disclosure or a progress update)."""

    revision = forms.IntegerField(
        label=_("修订号"),
        widget=forms.HiddenInput,
        error_messages={"required": _("缺少修订号"), **WHOLE_NUMBER},
    )
    title = _text(_("标题"))
    body = _text(_("正文"))

    def on_revision(self, revision: int) -> "EditForm":
        """The same form as typed, now based on `revision` (after a conflict)."""
        data = self.data.copy()
        data["revision"] = str(revision)
        return type(self)(data)


# --- the steps on the disclosure page ------------------------------------------------------------


class DisclosureActionForm(forms.Form):
    """A step's form; the disclosure, when given, gives choices and defaults."""

    def __init__(self, *args, disclosure: Disclosure | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.disclosure = disclosure


class ConfirmableForm(DisclosureActionForm):
    """An irreversible step: the first post shows what it will do, the confirmed one does it."""

    confirm = forms.BooleanField(required=False)

    @property
    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("confirm"))

    def carried(self) -> list[tuple[str, str]]:
        """What was typed, as (name, value) pairs, for the confirmation page to post again."""
        return [
            (name, value)
            for name in self.fields
            if name != "confirm"
            for value in self.data.getlist(name)
        ]


class StepForm(DisclosureActionForm):
    """A step without fields (提交审核, 报上级审核)."""


class CommentForm(DisclosureActionForm):
    """A step with an opinion or a reason (the step's rule says whether it is required)."""

    comment = _text(_("意见"))


class ReviewForm(CommentForm):
    checklist = forms.MultipleChoiceField(
        label=_("保密审查"),
        choices=services.SECRECY_CHECKLIST,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = _text(_("审核意见"))


class ApproveForm(ConfirmableForm):
    internal_period_workdays = forms.IntegerField(
        label=_("党内公开期（工作日）"), required=False, error_messages=WHOLE_NUMBER
    )
    public_from = ChineseDateField(label=_("或指定转社会公开日期"), required=False)
    comment = _text(_("审批意见"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial", {"internal_period_workdays": settings.DWGK_INTERNAL_PERIOD_WORKDAYS}
        )
        super().__init__(*args, **kwargs)


class PublishForm(ConfirmableForm):
    retention_until = ChineseDateField(label=_("保留公开至（可选）"), required=False)


class AttachmentForm(DisclosureActionForm):
    # Empty files and every type are the service's to judge, by content.
    file = forms.FileField(
        label=_("附件"), allow_empty_file=True, error_messages={"required": _("请选择文件")}
    )


class EvidenceForm(DisclosureActionForm):
    """What shows that a meeting, a document or the press carried the disclosure."""

    form = forms.ModelChoiceField(
        label=_("公开形式"),
        queryset=None,
        error_messages={
            "required": _("请选择本事项的公开形式"),
            "invalid_choice": _("请选择本事项的公开形式"),
        },
    )
    date = ChineseDateField(label=_("日期"), error_messages={"required": _("请填写日期")})
    meeting_name = _text(_("会议名称（会议）"))
    attendance = forms.IntegerField(
        label=_("参会人数（会议）"), required=False, error_messages=WHOLE_NUMBER
    )
    minutes = forms.FileField(
        label=_("会议记录（会议，可选）"), required=False, allow_empty_file=True
    )
    document_number = _text(_("发文字号（文件），如 岳统党组〔2026〕3号"))
    distribution = _text(_("发送范围（文件）"))
    outlet = _text(_("媒体名称（报刊、广播、电视）"))
    address = _text(_("版面或网址"))
    note = _text(_("备注"))

    def __init__(self, *args, disclosure, **kwargs):
        super().__init__(*args, disclosure=disclosure, **kwargs)
        self.fields["form"].queryset = disclosure.forms.all()


class UpdateForm(DisclosureActionForm):
    """A new progress update (新增进展)."""

    title = _text(_("标题"))
    body = _text(_("进展情况"))


def audience_choices(unit):
    """The unit's departments, and its party members (of the unit and its branches) with their
    departments, for the 党内一定范围 picker."""
    departments = list(Department.objects.filter(unit=unit).order_by("sort_order", "id"))
    people = {}
    memberships = (
        Membership.objects.filter(
            is_party_member=True, user__is_active=True, organization__path__startswith=unit.path
        )
        .select_related("user", "department")
        .order_by("department__sort_order", "user__full_name", "user__username", "id")
    )
    for membership in memberships:
        person = people.setdefault(membership.user_id, membership.user)
        names = person.__dict__.setdefault("department_list", [])
        if membership.department and membership.department.name not in names:
            names.append(membership.department.name)
    for person in people.values():
        person.department_names = gettext("、").join(person.department_list)
    return departments, list(people.values())


class ScopeForm(DisclosureActionForm):
    """The scope; for 党内一定范围 the audience, only among the unit's departments and party
    members (ignored for the other scopes)."""

    AUDIENCE = ("audience_departments", "audience_users")

    scope = forms.ChoiceField(
        label=_("公开范围"),
        choices=Scope.choices,
        error_messages={"required": _("公开范围无效"), "invalid_choice": _("公开范围无效")},
    )
    audience_departments = forms.ModelMultipleChoiceField(
        label=_("处室："),
        queryset=Department.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("所选处室不属于本单位"),
            "invalid_pk_value": _("所选处室不属于本单位"),
        },
    )
    audience_users = forms.ModelMultipleChoiceField(
        label=_("党员："),
        queryset=User.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("所选人员不是本单位党员"),
            "invalid_pk_value": _("所选人员不是本单位党员"),
        },
    )
    comment = _text(_("意见"))

    def __init__(self, *args, disclosure, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "scope": disclosure.scope,
                "audience_departments": [
                    str(pk) for pk in disclosure.audience_departments.values_list("pk", flat=True)
                ],
                "audience_users": [
                    str(pk) for pk in disclosure.audience_users.values_list("pk", flat=True)
                ],
            },
        )
        super().__init__(*args, disclosure=disclosure, **kwargs)
        self.department_choices, self.member_choices = audience_choices(disclosure.unit)
        self.fields["audience_departments"].queryset = Department.objects.filter(
            pk__in=[d.pk for d in self.department_choices]
        )
        self.fields["audience_users"].queryset = User.objects.filter(
            pk__in=[p.pk for p in self.member_choices]
        )

    def clean(self):
        cleaned = super().clean()
        for name in self.AUDIENCE:
            if cleaned.get("scope") == Scope.INTERNAL_RANGE:
                cleaned[name] = sorted(cleaned.get(name) or [], key=lambda row: row.pk)
            else:
                self.errors.pop(name, None)
                cleaned[name] = []
        return cleaned


# The form of each step posted from the disclosure's page, by the step's name there.
DISCLOSURE_FORMS = {
    "attach": AttachmentForm,
    "submit": StepForm,
    "review": ReviewForm,
    "send_back": CommentForm,
    "approve": ApproveForm,
    "publish": PublishForm,
    "record_evidence": EvidenceForm,
    "update_new": UpdateForm,
    "change_scope": ScopeForm,
    "file": CommentForm,
    "acknowledge": CommentForm,
    "resume": CommentForm,
}


def disclosure_form(action: str, disclosure: Disclosure, data=None, files=None):
    """The form of a step on the disclosure's page: bound to what was posted, or blank."""
    return DISCLOSURE_FORMS[action](data, files, disclosure=disclosure)


# --- confirmed on their own page (撤回, 暂缓公开, 归档) -------------------------------------------


class ConfirmedForm(DisclosureActionForm):
    confirm = forms.BooleanField(error_messages={"required": _("请勾选确认")})
    reason = _text(_("理由"), widget=forms.Textarea)


class RetractForm(ConfirmedForm):
    pass


class WithholdForm(ConfirmedForm):
    kind = forms.ChoiceField(
        label=_("暂缓类别"),
        choices=Disclosure.Withholding.choices,
        error_messages={"required": _("请选择暂缓类别"), "invalid_choice": _("请选择暂缓类别")},
    )


# --- work plans ----------------------------------------------------------------------------------


class WorkPlanForm(forms.Form):
    """A work plan for an off-catalog disclosure, drafted by the office of one of its units."""

    unit = forms.ModelChoiceField(label=_("单位"), queryset=None)
    title = _text(_("事项名称"))
    scope = forms.ChoiceField(
        label=_("拟公开范围"),
        choices=Scope.choices,
        error_messages={"required": _("公开范围无效"), "invalid_choice": _("公开范围无效")},
    )
    body = _text(_("工作方案"), widget=forms.Textarea)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PlanRevisionForm(forms.Form):
    body = _text(_("修改工作方案"), widget=forms.Textarea)
