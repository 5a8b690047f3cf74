"""Static files storage for deployment (docs/decisions/0010-public-site-metadata.md)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files, with module scripts' imports rewritten to the hashed names.

    Our scripts are ES modules that import GOV.UK Frontend and the
    autocomplete library by relative path; without the rewrite the browser
    would fetch those by their plain names, which cannot be cached for long.
    """

    support_js_module_import_aggregation = True
