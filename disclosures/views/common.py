"""What the disclosure pages share: the refusal page, and a service called with a form's data."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dwgk.refusals import add_to_form


def error_page(request, message, status=400, back: str | None = None):
    """The refusal page; `back` leads to the page the action was tried from (the disclosure)."""
    return render(
        request, "disclosures/error.html", {"message": message, "back": back}, status=status
    )


def carry_out(form, call):
    """`call(cleaned_data)` when the form is valid; a service's refusal (a ValidationError) is put
    on the form, next to the field it names. Returns the service's result; afterwards
    `form.errors` says whether it was refused. A PermissionDenied propagates (the 403 page)."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ValidationError as error:
        add_to_form(form, error)
        return None


def done(request, name, to):
    """The success message of a step and the redirect to the page it leads to."""
    messages.success(request, _("操作成功：%(n)s") % {"n": name})
    return redirect(to)
