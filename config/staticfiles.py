"""How production collects the static files: under content-hashed names, each with a gzip
copy beside it, so nginx can send the compressed file as it is (``gzip_static``) and tell
browsers to keep every file for a year (a changed file gets a new name).

The pages' scripts are ES modules that import one another by relative path (no build step);
the manifest storage rewrites those imports, static and dynamic ``import()``, to the hashed
names too, so a page never loads a module under one name and its dependency under another.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
