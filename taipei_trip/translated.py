"""Content staff write per language: 繁體中文 in the source column, English and Japanese
in columns beside it.

A translatable field `name` is three plain columns: `name` (繁體中文, the source, what
every answer without a language shows, byte for byte), `name_en` and `name_ja` (blank
while nobody has translated it). A reader in English or Japanese takes the language's
column and falls back to the source when it is blank, and says which fields fell back, so
a page can mark them `lang="zh-Hant"` for screen readers.

Plain columns rather than django-modeltranslation: that library rewrites queries and
`instance.name` by the active language, so SQL compiled once (taipei_trip/compiled.py)
would keep whichever language compiled it first, and every `attraction.name` elsewhere
(order snapshots, e-mails, the admin) would change with the request's language. Here the
source columns mean what they meant before, and a reader in a language names the column
it wants (`column("name", "en")`).
"""

from django.db import models
from django.utils import translation

# Django language codes with columns of their own; settings.LANGUAGE_CODE (zh-hant) is
# the source column. Must stay a subset of settings.LANGUAGES.
TRANSLATED_LANGUAGES = ("en", "ja")
LANGUAGE_LABELS = {"en": "English", "ja": "日本語"}
# The BCP 47 tag pages put on an element that shows the source text.
SOURCE_LANG_TAG = "zh-Hant"


def translations(field: models.Field) -> tuple[models.Field, ...]:
    """The translation columns of a source field, one per TRANSLATED_LANGUAGES, in that
    order: the same type and length, optional, never unique or indexed, labelled with
    the source's label and the language (`name_en, name_ja = translations(name)`)."""
    _name, _path, args, kwargs = field.deconstruct()
    kwargs.update(blank=True, default="", db_index=False, unique=False, help_text="")
    kwargs.pop("null", None)
    label = kwargs.pop("verbose_name", None) or (args[0] if args else "")
    return tuple(
        type(field)(f"{label} ({LANGUAGE_LABELS[language]})", **kwargs)
        for language in TRANSLATED_LANGUAGES
    )


def translated_language(language: str | None = None) -> str | None:
    """The translated language `language` (the active one by default) names, or None for
    the source language (or any other)."""
    language = language if language is not None else translation.get_language()
    return language if language in TRANSLATED_LANGUAGES else None


def column(name: str, language: str | None) -> str:
    """The column holding field `name` in `language` (the source column for None or the
    source language)."""
    return f"{name}_{language}" if language in TRANSLATED_LANGUAGES else name


def columns(name: str) -> tuple[str, ...]:
    """The source column and each translation column of `name`: a tuple, which the
    admin's `fields` shows side by side on one line."""
    return (name, *(column(name, language) for language in TRANSLATED_LANGUAGES))


def localized(values, name: str, language: str | None) -> tuple[str, bool]:
    """Field `name` of a row (a dict, or a model instance) in `language`: its text and
    whether it fell back to the source because the translation is blank."""
    get = values.get if isinstance(values, dict) else lambda key: getattr(values, key)
    source = get(name)
    if language not in TRANSLATED_LANGUAGES:
        return source, False
    text = get(column(name, language))
    return (text, False) if text else (source, True)


class TaggedTranslationInputs:
    """ModelAdmin mixin: each translation column's box carries its language
    (`lang="en"`, `lang="ja"`), so spell checkers and screen readers take it as such on
    the 繁體中文 admin."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        source, _, language = db_field.name.rpartition("_")
        if formfield is not None and source and language in TRANSLATED_LANGUAGES:
            formfield.widget.attrs["lang"] = language
        return formfield
