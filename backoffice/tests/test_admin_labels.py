"""Every label staff read in the admin says it in Chinese and in English ("景點 Attraction"):
models and apps, fields, list columns, filters, fieldsets, inlines, actions and forms.

Only this project's apps: the admins of Django's groups, django-otp's devices and
django-celery-results' task results label with their packages' own models.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.test import RequestFactory
from django.utils.translation import override

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{2,}")


def is_bilingual(label) -> bool:
    return bool(CHINESE.search(str(label)) and ENGLISH.search(str(label)))


def is_ours(model) -> bool:
    path = Path(model._meta.app_config.path).resolve()
    return path.is_relative_to(Path(settings.BASE_DIR).resolve()) and ".venv" not in (
        path.parts
    )


def our_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if is_ours(model)
    ]


def labels_of(model_admin, request) -> dict[str, str]:
    """Every label of one model admin (or inline), by where it shows."""
    model = model_admin.model
    meta = model._meta
    labels = {
        "app": meta.app_config.verbose_name,
        "model": getattr(model_admin, "verbose_name", None) or meta.verbose_name,
        "models": getattr(model_admin, "verbose_name_plural", None)
        or meta.verbose_name_plural,
    }
    shown = set(model_admin.get_fields(request))
    columns = [
        name for name in getattr(model_admin, "list_display", ()) if name != "__str__"
    ]
    for field in meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # the other side of a relation: no label on this page
        if field.auto_created and field.name not in shown | set(columns):
            continue  # an id nobody is shown
        labels[f"field {field.name}"] = field.verbose_name
    for name in [*columns, *model_admin.get_readonly_fields(request)]:
        labels[f"column {name}"] = label_for_field(name, model, model_admin)
    for entry in getattr(model_admin, "list_filter", ()):
        if isinstance(entry, str):
            labels[f"filter {entry}"] = label_for_field(entry, model, model_admin)
        elif isinstance(entry, tuple):
            labels[f"filter {entry[0]}"] = label_for_field(entry[0], model, model_admin)
        else:
            labels[f"filter {entry.__name__}"] = entry.title
    for title, _ in model_admin.get_fieldsets(request):
        if title:
            labels[f"fieldset {title}"] = title
    for name, field in form_fields(model_admin, request).items():
        labels[f"form {name}"] = field.label or ""
    for name, (_, _, description) in (
        model_admin.get_actions(request).items()
        if hasattr(model_admin, "actions")
        else []
    ):
        labels[f"action {name}"] = description
    return labels


def form_fields(model_admin, request) -> dict:
    """The fields of the admin's add form and change form (an inline's row form)."""
    if not hasattr(model_admin, "get_form"):
        return model_admin.get_formset(request).form.base_fields
    fields = dict(model_admin.get_form(request).base_fields)
    existing = model_admin.model._default_manager.first()
    if existing is not None:
        fields.update(model_admin.get_form(request, existing).base_fields)
    return fields


@pytest.fixture
def request_as_superuser(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    return request


def test_the_admin_walks_every_app_of_ours():
    apps = {model._meta.app_label for model, _ in our_admins()}

    assert {"accounts", "attractions", "bookings", "orders"} <= apps


@pytest.mark.parametrize(
    "model_admin", [ma for _, ma in our_admins()], ids=lambda ma: str(ma)
)
def test_every_label_is_in_chinese_and_english(model_admin, request_as_superuser):
    with override(settings.LANGUAGE_CODE):
        admins = [
            model_admin,
            *model_admin.get_inline_instances(request_as_superuser),
        ]
        labels = {}
        for each in admins:
            for where, label in labels_of(each, request_as_superuser).items():
                labels[f"{each.model._meta.label} {where}"] = str(label)

    assert {
        where: label for where, label in labels.items() if not is_bilingual(label)
    } == {}
