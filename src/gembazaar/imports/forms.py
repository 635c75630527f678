from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportJob


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file lists"), choices=ImportJob.Kind.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=ImportJob.Mode.choices, initial=ImportJob.Mode.CREATE)
    file = forms.FileField(label=_("Spreadsheet (CSV UTF-8 or XLSX)"))
    images = forms.FileField(label=_("Pictures (a ZIP of files named by SKU)"), required=False)
    publish = forms.BooleanField(label=_("Publish the new listings at once (verified sellers only)"),
                                 required=False)
