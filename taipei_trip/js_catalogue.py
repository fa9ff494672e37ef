"""The JavaScript strings of one language as an ES module (static/js/i18n.js imports it).

Built once per process and language from locale/<lang>/LC_MESSAGES/djangojs.mo with
Django's JavaScriptCatalog (only the project's catalogue: the admin's own JS strings stay
out), and named by a digest of its bytes, so browsers keep it for a year and a release
that changes a translation changes its URL. 繁體中文 pages need none: the msgids are the
繁體中文 text.
"""

import functools
import hashlib
import json

from django.conf import settings
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog


@functools.cache
def catalogue_module(language: str) -> tuple[bytes, str]:
    """The module's bytes and their version (12 hex digits of their SHA-256)."""
    builder = JavaScriptCatalog()
    builder.translation = DjangoTranslation(
        language, domain="djangojs", localedirs=[str(p) for p in settings.LOCALE_PATHS]
    )
    catalog = json.dumps(builder.get_catalog(), ensure_ascii=False, sort_keys=True)
    # The plural rule is the catalogue header's C expression, which is JavaScript too.
    plural = builder.get_plural() or "n != 1"
    body = (
        f"export const catalog = {catalog};\n"
        f"export const plural = (n) => Number({plural});\n"
    ).encode()
    return body, hashlib.sha256(body).hexdigest()[:12]
