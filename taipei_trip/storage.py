"""Static files storage for production (hashed, compressed names)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Also rewrites ES module imports to hashed names.

    Without it a page module importing "./nav.js" would load a second copy of the
    module that the page already loaded under its hashed name, running it twice.
    """

    support_js_module_import_aggregation = True
