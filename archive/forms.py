"""The form that files a disclosure in the archive: a confirmation with the retention term."""

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.models import ArchiveRecord
from disclosures.forms import ConfirmedForm


class ArchiveForm(ConfirmedForm):
    retention_term = forms.ChoiceField(
        label=_("保管期限"), choices=[("", "—"), *ArchiveRecord.Term.choices], required=False
    )
    reason = forms.CharField(label=_("说明"), widget=forms.Textarea, required=False)

    @property
    def terms(self):
        return ArchiveRecord.Term.choices
