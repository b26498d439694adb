"""The catalog's services, the only writers of catalogs, by concern:

- `versions`: a new version (empty or a revision of the one in force) and its workflow steps
  (approve, file, acknowledge), taken through `workflow.engine.perform`;
- `drafts`: editing a draft's categories and items;
- `imports`: a draft from a spreadsheet;
- `disclosure_forms`: the shared list of forms of disclosure.

Who may do what is answered by `catalog.rules`; refusals are `dwgk.refusals.NotAllowed` (the
person) and `BadInput` (the request).
"""

from catalog.services.disclosure_forms import DEFAULT_FORMS, disclosure_forms_ensure
from catalog.services.drafts import (
    ITEM_FIELDS,
    catalog_draft_clear,
    category_add,
    item_add,
    item_remove,
    item_update,
)
from catalog.services.imports import catalog_import
from catalog.services.versions import (
    catalog_title,
    catalog_version_acknowledge,
    catalog_version_approve,
    catalog_version_create,
    catalog_version_file,
)

__all__ = [
    "DEFAULT_FORMS",
    "ITEM_FIELDS",
    "catalog_draft_clear",
    "catalog_import",
    "catalog_title",
    "catalog_version_acknowledge",
    "catalog_version_approve",
    "catalog_version_create",
    "catalog_version_file",
    "category_add",
    "disclosure_forms_ensure",
    "item_add",
    "item_remove",
    "item_update",
]
