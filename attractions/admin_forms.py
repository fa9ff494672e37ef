"""Admin forms for the catalogue: an image upload survives a form error elsewhere."""

from django import forms
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.html import format_html

from attractions.models import AttractionImage

KEPT_SUFFIX = "-kept"
KEPT_SALT = "attractions.admin.kept-upload"
KEPT_MAX_AGE = 24 * 60 * 60


class KeptFileInput(forms.ClearableFileInput):
    """A file input that also carries, signed, the name of a file already uploaded by
    an earlier submission of the same form, which browsers cannot put back into it."""

    kept_name = ""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.kept_name:
            return html
        token = signing.dumps(self.kept_name, salt=KEPT_SALT)
        return html + format_html(
            '<input type="hidden" name="{}" value="{}">'
            '<p class="kept-upload">已保留上傳的檔案 Upload kept: {}</p>',
            name + KEPT_SUFFIX,
            token,
            self.kept_name.rsplit("/", 1)[-1],
        )


def https_by_default(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class AttractionImageForm(forms.ModelForm):
    class Meta:
        model = AttractionImage
        fields = ["position", "url", "file"]
        widgets = {"file": KeptFileInput}
        formfield_callback = https_by_default

    def clean_file(self):
        value = self.cleaned_data.get("file")
        if isinstance(value, UploadedFile):
            # Stored now, so an error anywhere on the page does not lose it.
            field = AttractionImage._meta.get_field("file")
            name = default_storage.save(
                field.generate_filename(self.instance, value.name), value
            )
            self.fields["file"].widget.kept_name = name
            return name
        if value is None:
            name = self.kept_upload()
            if name:
                self.fields["file"].widget.kept_name = name
                return name
        return value

    def kept_upload(self) -> str:
        token = self.data.get(self.add_prefix("file") + KEPT_SUFFIX)
        if not token:
            return ""
        try:
            return signing.loads(token, salt=KEPT_SALT, max_age=KEPT_MAX_AGE)
        except signing.BadSignature:
            return ""
