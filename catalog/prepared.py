"""Catalog exports prepared ahead, so that nobody waits seconds for a PDF.

An approved version never changes; its files depend only on the version, its filing (the note
names the filing reference) and the language. They are built once — by the scheduler's
`prepare_exports` job for every version in force, or by the first download — and kept in the
shared files directory (one copy for all servers). Drafts change, so they are built each time."""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import translation

from catalog.exporting import FORMATS, export_catalog
from catalog.models import CatalogVersion
from catalog.selectors import catalog_in_force


def _path(version: CatalogVersion, fmt: str) -> Path:
    # The key changes whenever what the file shows changes: status and filing reference.
    state = f"{version.status}|{version.filing_reference}|{version.approval_reference}"
    digest = hashlib.sha256(state.encode()).hexdigest()[:12]
    language = translation.get_language() or settings.LANGUAGE_CODE
    name = f"{version.unit_id}-v{version.number}-{digest}-{language}.{fmt}"
    return Path(settings.MEDIA_ROOT) / "exports" / "catalog" / name


def _write(path: Path, data: bytes) -> None:
    """Atomically: a reader on another server sees the whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def prepared_export(version: CatalogVersion, fmt: str) -> bytes:
    if version.status == CatalogVersion.Status.DRAFT:
        return export_catalog(version, fmt)
    path = _path(version, fmt)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = export_catalog(version, fmt)
    _write(path, data)
    return data


def prepare_exports() -> int:
    """Build the files of every unit's catalog in force that are not built yet; the count."""
    built = 0
    unit_ids = CatalogVersion.objects.exclude(status=CatalogVersion.Status.DRAFT).values_list(
        "unit_id", flat=True
    )
    from organizations.models import Organization

    for unit in Organization.objects.filter(pk__in=unit_ids.distinct()):
        version = catalog_in_force(unit)
        if version is None:
            continue
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for fmt in FORMATS:
                    if not _path(version, fmt).exists():
                        prepared_export(version, fmt)
                        built += 1
    return built
